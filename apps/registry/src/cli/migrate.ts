import 'reflect-metadata';
import { AppConfig, ConfigError } from '../config/app-config.js';
import { connectDatabase, describeDatabase, messageOf } from '../database/data-source.js';

/**
 * `npm run migrate [-- up|down|status]` — for servers that apply migrations as a deploy step
 * (ATCOMPAT_MIGRATIONS_RUN=false). Exit codes: 0 done; 1 the database could not be reached or a
 * migration failed (nothing half-applied: each migration runs in its own transaction); 2 usage.
 */
const USAGE = `Usage: npm run migrate [-- up|down|status]

  up      apply every pending migration (the default)
  down    undo the most recent migration
  status  list applied and pending migrations

Uses the same settings as the registry: DATABASE_URL, or ATCOMPAT_DATA_DIR for the embedded database.`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'up';
  if (argv.length > 1 || !['up', 'down', 'status', '--help', '-h'].includes(command)) {
    console.error(`atcompat migrate: unknown command "${argv.join(' ')}"\n\n${USAGE}`);
    return 2;
  }
  if (command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  let dataSource;
  try {
    const config = AppConfig.fromEnv(process.env);
    console.log(`atcompat migrate: using ${describeDatabase(config.database)}`);
    dataSource = await connectDatabase(config);
  } catch (error) {
    console.error(`atcompat migrate: ${error instanceof ConfigError ? error.message : messageOf(error)}`);
    return 1;
  }
  try {
    if (command === 'up') {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      console.log(
        applied.length
          ? `atcompat migrate: applied ${applied.map((m) => m.name).join(', ')}`
          : 'atcompat migrate: the schema is already up to date',
      );
    } else if (command === 'down') {
      const before = await executedNames(dataSource);
      await dataSource.undoLastMigration({ transaction: 'each' });
      const undone = before.at(-1);
      console.log(undone ? `atcompat migrate: undid ${undone}` : 'atcompat migrate: nothing to undo');
    } else {
      const executed = new Set(await executedNames(dataSource));
      for (const migration of dataSource.migrations) {
        const name = migration.name ?? migration.constructor.name;
        console.log(`${executed.has(name) ? 'applied' : 'pending'}  ${name}`);
      }
    }
    return 0;
  } catch (error) {
    console.error(`atcompat migrate: ${command} failed: ${messageOf(error)}`);
    return 1;
  } finally {
    await dataSource.destroy().catch(() => undefined);
  }
}

async function executedNames(dataSource: import('typeorm').DataSource): Promise<string[]> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const exists: { found: boolean }[] = await dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS found`, [table]);
  if (!exists[0]?.found) return [];
  const rows: { name: string }[] = await dataSource.query(`SELECT name FROM ${table} ORDER BY id`);
  return rows.map((r) => r.name);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`atcompat migrate: ${messageOf(error)}`);
    process.exit(1);
  },
);
