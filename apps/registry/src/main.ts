import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { bootstrapApp } from './app.js';
import { AppConfig, ConfigError } from './config/app-config.js';
import { describeDatabase } from './database/data-source.js';
import { ensureDemoAccounts } from './demo/demo-accounts.js';
import { seedDemoData } from './demo/seed-demo.js';

/**
 * Exit codes: 0 stopped normally; 1 could not start (a setting, the database or the port — the
 * message names which); 2 usage error (an unknown command-line option).
 */
const USAGE = `Usage: node apps/registry/dist/main.js [--demo]

  --demo   load the demo catalogue into an empty embedded database (what npm start does)

Settings (environment variables): PORT (default 3000), HOST (default 0.0.0.0),
DATABASE_URL (postgres://…; unset = embedded database), ATCOMPAT_DATA_DIR (embedded data folder,
default ./.atcompat/data), ATCOMPAT_MIGRATIONS_RUN (default true), ATCOMPAT_ADMIN_TOKEN
(at least 24 characters; needed to change anything through the API), ATCOMPAT_MAX_REPORT_BYTES
(largest report POST /api/v1/runs takes, default 10485760), ATCOMPAT_GATE_REQUIRED_ATS (AT slugs
the rollout gate requires on top of the GOV.UK minimum set), ATCOMPAT_PUBLIC_URL (the address people
use), ATCOMPAT_SESSION_IDLE_MINUTES (default 60), ATCOMPAT_SESSION_MAX_HOURS (default 12),
ATCOMPAT_SIGN_IN_RATE_LIMIT (default 50 a 15 minutes), ATCOMPAT_API_RATE_LIMIT (default 600 a minute),
ATCOMPAT_OIDC_ISSUER, ATCOMPAT_OIDC_CLIENT_ID and ATCOMPAT_OIDC_CLIENT_SECRET (single sign-on),
ATCOMPAT_SMTP_URL and ATCOMPAT_MAIL_FROM (status emails), ATCOMPAT_ADJUSTMENT_RETENTION_DAYS
(default 365).`;

async function main(argv: string[]): Promise<number> {
  const args = new Set(argv);
  if (args.has('--help') || args.has('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = argv.filter((a) => a !== '--demo');
  if (unknown.length) {
    console.error(`atcompat registry: unknown option ${unknown.join(' ')}\n\n${USAGE}`);
    return 2;
  }

  let config: AppConfig;
  try {
    config = AppConfig.fromEnv(process.env, { demo: args.has('--demo') || undefined });
  } catch (error) {
    return cannotStart(error);
  }
  const logger = plainLogger;
  logger.log(`Using ${describeDatabase(config.database)}`);
  // The demo must be usable without setup: with no admin token configured, make one for this
  // run only and print it once. A real server gets none, so nothing can be changed by accident.
  let demoToken: string | null = null;
  let demoAccounts: Awaited<ReturnType<typeof ensureDemoAccounts>> | null = null;
  if (config.demo && !config.adminToken) {
    demoToken = `demo-${randomBytes(24).toString('base64url')}`;
    config = config.withAdminToken(demoToken);
  }

  try {
    const { app } = await bootstrapApp(config);
    if (config.demo) {
      if (config.database.kind === 'pglite') {
        const seeded = await seedDemoData(app);
        logger.log(seeded ? 'Loaded the demo catalogue.' : 'The database already has data; demo catalogue not loaded again.');
        demoAccounts = await ensureDemoAccounts(app);
      } else {
        logger.warn('Demo data is only loaded into the embedded database; DATABASE_URL is set, so none was added.');
      }
    }
    try {
      await app.listen(config.port, config.host);
    } catch (error) {
      await app.close();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw new ConfigError('PORT', `port ${config.port} is already in use. Stop what is using it, or set PORT to another number.`);
      }
      if (code === 'EACCES') {
        throw new ConfigError('PORT', `port ${config.port} needs extra privileges. Use a number above 1023.`);
      }
      throw error;
    }
    const url = `http://localhost:${(app.getHttpServer().address() as { port: number }).port}`;
    if (demoToken) {
      logger.log(`admin token for this demo run (set ATCOMPAT_ADMIN_TOKEN to choose your own): ${demoToken}`);
      logger.log(`  e.g. curl -H "Authorization: Bearer ${demoToken}" -X POST ${url}/api/v1/tokens -H "Content-Type: application/json" -d '{"name":"casework CI","systems":["casework"]}'`);
    } else if (!config.adminToken) {
      logger.warn('ATCOMPAT_ADMIN_TOKEN is not set: the registry can be read, but nothing can be changed through the API.');
    }
    if (demoAccounts) {
      logger.log(`demo accounts (password for this run: ${demoAccounts.password}); sign in at ${url}/sign-in as:`);
      for (const account of demoAccounts.accounts) logger.log(`  ${account.role.padEnd(8)} ${account.email}`);
    }
    logger.log(`the registry is ready at ${url}`);
    logger.log(`API: ${url}/api/v1/assistive-technologies · matrix: ${url}/api/v1/matrix · API docs: ${url}/api/docs`);
    return new Promise<number>((resolve) => {
      const stop = () => void app.close().then(() => resolve(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  } catch (error) {
    return cannotStart(error);
  }
}

/** One plain line a message, for people (and screen readers) reading the terminal. */
const plainLogger = {
  log: (message: string) => console.log(`atcompat: ${message}`),
  warn: (message: string) => console.warn(`atcompat: warning: ${message}`),
};

function cannotStart(error: unknown): number {
  if (error instanceof ConfigError) {
    console.error(`atcompat registry cannot start. ${error.message}`);
  } else {
    console.error(`atcompat registry cannot start: ${(error as Error)?.message ?? String(error)}`);
    if (process.env.ATCOMPAT_DEBUG) console.error(error);
  }
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => process.exit(cannotStart(error)),
);
