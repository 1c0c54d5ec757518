import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { AppConfig, redactUrl, type DatabaseConfig } from '../../apps/registry/src/config/app-config.js';

/** A database of its own for one test file, and how to get rid of it. */
export interface TestDatabase {
  database: DatabaseConfig;
  /** "PGlite" or "PostgreSQL", for test names. */
  label: string;
  drop(): Promise<void>;
}

/**
 * With DATABASE_URL set (as CI does), a fresh database on that server, dropped afterwards; without
 * it, PGlite in memory. Every test file runs on whichever the suite was started with.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    return { database: { kind: 'pglite', dataDir: 'memory://' }, label: 'PGlite', drop: async () => undefined };
  }
  const name = `atcompat_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    database: { kind: 'postgres', url: url.toString(), redactedUrl: redactUrl(url.toString()) },
    label: 'PostgreSQL',
    drop: () => withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The admin token every test registry accepts (ATCOMPAT_ADMIN_TOKEN), unless a test sets another:
 * until accounts exist, every change through the API needs it.
 */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** A test configuration on the given database, with TEST_ADMIN_TOKEN as the admin token. */
export function testConfig(database: DatabaseConfig, overrides: Parameters<typeof AppConfig.forTest>[0] = {}): AppConfig {
  return AppConfig.forTest({ database, adminToken: TEST_ADMIN_TOKEN, ...overrides });
}
