import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ConfigError, type AppConfig, type DatabaseConfig } from '../config/app-config.js';
import { AuditChangeSubscriber } from '../audit/changes.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './naming.strategy.js';
import { DataFolderLockedError, lockDataFolder, type DataFolderLock } from './data-folder-lock.js';
import { pglitePoolClass } from './pglite-pool.js';

const PG_TYPES = { INT8: 20, DATE: 1082, NUMERIC: 1700 } as const;

// Both drivers return the same JS values: dates stay 'YYYY-MM-DD' strings (no time zone can
// shift them) and counts are numbers.
pg.types.setTypeParser(PG_TYPES.DATE, (value: string) => value);
pg.types.setTypeParser(PG_TYPES.INT8, (value: string) => Number(value));

const pgliteParsers = {
  [PG_TYPES.DATE]: (value: string) => value,
  [PG_TYPES.INT8]: (value: string) => Number(value),
};

/** TypeORM options for the configured database: a Postgres server, or PGlite in-process. */
export function dataSourceOptions(config: Pick<AppConfig, 'database' | 'migrationsRun'>): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    // Field-level before/after of every write, for the audit event of the request (audit/changes.ts).
    subscribers: [AuditChangeSubscriber],
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each' as const,
    migrationsRun: false, // applied explicitly in openDatabase(), so failures get a clear message
    synchronize: false,
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    // Failed queries are answered (409, 400) or logged by the error filter; TypeORM's own error log
    // would print request values.
    logging: ['warn' as const],
  };
  if (config.database.kind === 'postgres') {
    return { ...common, url: config.database.url, connectTimeoutMS: 10_000, poolSize: 10 };
  }
  const dataDir = config.database.dataDir;
  // Every opener (server, migrate, admin:create, demo seeding) comes through here, so each takes
  // the folder's lock before PGlite touches it; an in-memory database is private to its process.
  let lock: DataFolderLock | undefined;
  const open = async () => {
    if (!dataDir.startsWith('memory://')) lock = lockDataFolder(dataDir);
    try {
      return await PGlite.create(dataDir, { parsers: pgliteParsers });
    } catch (error) {
      lock?.release();
      throw error;
    }
  };
  const Pool = pglitePoolClass(open, () => lock?.release());
  return { ...common, driver: { Pool } };
}

/** Where the data lives, for start-up messages (never prints a password). */
export function describeDatabase(database: DatabaseConfig): string {
  return database.kind === 'postgres'
    ? `PostgreSQL at ${database.redactedUrl}`
    : database.dataDir.startsWith('memory://')
      ? 'the embedded database (PGlite, in memory: nothing is kept after exit)'
      : `the embedded database (PGlite) in ${database.dataDir}`;
}

/**
 * Connects, then applies pending migrations (unless turned off, in which case a database that is
 * behind stops the service). Every failure becomes a ConfigError naming the setting to fix.
 */
export async function openDatabase(config: Pick<AppConfig, 'database' | 'migrationsRun'>): Promise<DataSource> {
  const dataSource = await connectDatabase(config);
  try {
    if (config.migrationsRun) {
      await dataSource.runMigrations({ transaction: 'each' });
    } else if (await dataSource.showMigrations()) {
      throw new ConfigError(
        'ATCOMPAT_MIGRATIONS_RUN',
        'is false and the database schema is out of date. Run `npm run migrate` first, or set ATCOMPAT_MIGRATIONS_RUN=true.',
      );
    }
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(settingFor(config.database), `could not bring the database schema up to date: ${messageOf(error)}`);
  }
  return dataSource;
}

/** Connects without touching the schema; a failure is a ConfigError naming the setting. */
export async function connectDatabase(config: Pick<AppConfig, 'database' | 'migrationsRun'>): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(config));
  try {
    await dataSource.initialize();
  } catch (error) {
    throw connectionError(config.database, error);
  }
  return dataSource;
}

export function settingFor(database: DatabaseConfig): string {
  return database.kind === 'postgres' ? 'DATABASE_URL' : 'ATCOMPAT_DATA_DIR';
}

export function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  const e = error as { message?: string; code?: string };
  return e?.message || e?.code || String(error);
}

function connectionError(database: DatabaseConfig, error: unknown): ConfigError {
  if (error instanceof DataFolderLockedError) return new ConfigError('ATCOMPAT_DATA_DIR', error.message);
  if (database.kind === 'pglite') {
    return new ConfigError(
      'ATCOMPAT_DATA_DIR',
      `could not open the embedded database in ${database.dataDir}: ${messageOf(error)}. ` +
        'If another atcompat process is using this folder, stop it or choose another folder.',
    );
  }
  const code = (error as { code?: string }).code;
  const hint =
    code === 'ECONNREFUSED'
      ? 'nothing is listening there. Is the PostgreSQL server running?'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'the host name could not be found.'
        : code === '28P01' || code === '28000'
          ? 'the server refused the user name or password.'
          : code === '3D000'
            ? 'the database does not exist. Create it first (createdb).'
            : messageOf(error);
  return new ConfigError('DATABASE_URL', `cannot connect to ${database.redactedUrl}: ${hint}`);
}
