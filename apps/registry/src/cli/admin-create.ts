import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ROLES, User, type Role } from '../accounts/user.entity.js';
import { UsersService } from '../accounts/users.service.js';
import { InvalidInputError } from '../common/errors.js';
import { AppConfig, ConfigError } from '../config/app-config.js';
import { describeDatabase, messageOf, openDatabase } from '../database/data-source.js';

/**
 * `npm run admin:create -- --email ada@example.gov.uk [--name "Ada Lovelace"] [--role admin]`
 * makes an account. The password is read from standard input when one is piped in
 * (`printf '%s' "$PASSWORD" | npm run admin:create -- …`); otherwise one is generated and printed
 * once. Exit codes: 0 made; 1 the database, a setting or the account was the problem; 2 usage.
 */
const USAGE = `Usage: npm run admin:create -- --email <address> [--name <name>] [--role admin|champion|staff] [--department <name>]

  --email       the person's work email address (they sign in with it)
  --name        their name as others should see it (default: the part of the email before @)
  --role        admin (the default), champion or staff
  --department  the department they work in: champions covering it see their adjustment
                requests (without one, only administrators do)

The password is read from standard input if you pipe one in, for example
  printf '%s' "$PASSWORD" | npm run admin:create -- --email ada@example.gov.uk
otherwise a strong one is generated and printed once. Uses the same settings as the registry
(DATABASE_URL, or ATCOMPAT_DATA_DIR for the embedded database).`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(argv: string[]): Promise<number> {
  let values: { email?: string; name?: string; role?: string; department?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, department: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`atcompat admin:create: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.email) {
    console.error(`atcompat admin:create: --email is required.\n\n${USAGE}`);
    return 2;
  }
  const role = (values.role ?? 'admin') as Role;
  if (!ROLES.includes(role)) {
    console.error(`atcompat admin:create: --role must be one of ${ROLES.join(', ')}.`);
    return 2;
  }
  const piped = await readStdin();
  const password = piped || randomBytes(18).toString('base64url');

  let dataSource;
  try {
    const config = AppConfig.fromEnv(process.env);
    console.log(`atcompat admin:create: using ${describeDatabase(config.database)}`);
    dataSource = await openDatabase(config);
  } catch (error) {
    console.error(`atcompat admin:create: ${error instanceof ConfigError ? error.message : messageOf(error)}`);
    return 1;
  }
  try {
    const users = new UsersService(dataSource, dataSource.getRepository(User));
    const user = await users.create({ email: values.email, name: values.name ?? values.email.split('@')[0]!, role, password, department: values.department ?? null });
    console.log(`atcompat admin:create: made the ${role} account ${user.email}.`);
    if (!piped) console.log(`atcompat admin:create: its password (shown this once; they can sign in at /sign-in with it): ${password}`);
    return 0;
  } catch (error) {
    if (error instanceof InvalidInputError) {
      console.error(`atcompat admin:create: ${error.errors.map((e) => e.message).join('; ')}.`);
    } else {
      console.error(`atcompat admin:create: could not make the account: ${messageOf(error)}`);
    }
    return 1;
  } finally {
    await dataSource.destroy().catch(() => undefined);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`atcompat admin:create: ${messageOf(error)}`);
    process.exit(1);
  },
);
