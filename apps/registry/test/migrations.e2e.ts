import type { DataSource } from 'typeorm';
import { connectDatabase } from '../../../apps/registry/src/database/data-source.js';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../test/support/database.js';

const TABLES = [
  'assistive_technology',
  'at_version',
  'system',
  'system_release',
  'compatibility_record',
  'evidence',
  'known_issue',
  'api_token',
  'api_token_system',
  'run',
  'run_finding',
  'gate_policy',
  'gate_policy_at',
  'app_user',
  'app_user_system',
  'app_user_department',
  'user_session',
  'audit_event',
  'adjustment_request',
  'adjustment_event',
  'notification',
  'sign_in_failure',
];

describe('migrations', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await connectDatabase(testConfig(db.database, { migrationsRun: false }));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const present = async (name: string) =>
    ((await dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS found`, [name])) as { found: boolean }[])[0]!.found;

  it('go up, down and up again on a fresh database', async () => {
    for (const table of TABLES) expect(await present(table)).toBe(false);

    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(dataSource.migrations.map((m) => m.name));
    for (const table of [...TABLES, 'compatibility_record_state']) expect(await present(table)).toBe(true);
    expect(await dataSource.showMigrations()).toBe(false);

    for (let i = 0; i < dataSource.migrations.length; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
    for (const table of [...TABLES, 'compatibility_record_state']) expect(await present(table)).toBe(false);
    expect(await dataSource.showMigrations()).toBe(true);

    await dataSource.runMigrations({ transaction: 'each' });
    for (const table of TABLES) expect(await present(table)).toBe(true);
    // The schema works after the round trip: uuids come from the database, constraints hold.
    const [at] = await dataSource.query(
      `INSERT INTO assistive_technology (slug, name, vendor, profile) VALUES ('x', 'X', 'V', 'speech') RETURNING id`,
    );
    expect(at.id).toMatch(/^[0-9a-f-]{36}$/);
    await expect(
      dataSource.query(`INSERT INTO assistive_technology (slug, name, vendor, profile) VALUES ('y', 'Y', 'V', 'telepathy')`),
    ).rejects.toThrow(/ck_assistive_technology_profile/);
    await expect(
      dataSource.query(`INSERT INTO api_token (name, key_id, secret_hash) VALUES ('t', 'k', 'the token itself')`),
    ).rejects.toThrow(/ck_api_token_secret_hash/);
  });

  it('keeps one account a lower-case email and refuses a session that stores the id itself', async () => {
    await dataSource.query(`INSERT INTO app_user (email, name) VALUES ('sam@example.gov.uk', 'Sam')`);
    await expect(dataSource.query(`INSERT INTO app_user (email, name) VALUES ('sam@example.gov.uk', 'Sam again')`)).rejects.toThrow(/uq_app_user_email/);
    await expect(dataSource.query(`INSERT INTO app_user (email, name) VALUES ('Sam@Example.gov.uk', 'Sam')`)).rejects.toThrow(/ck_app_user_email/);
    await expect(dataSource.query(`INSERT INTO app_user (email, name, role) VALUES ('x@example.gov.uk', 'X', 'root')`)).rejects.toThrow(/ck_app_user_role/);
    const [user] = await dataSource.query(`SELECT id FROM app_user WHERE email = 'sam@example.gov.uk'`);
    await expect(
      dataSource.query(`INSERT INTO user_session (token_hash, user_id, expires_at) VALUES ('the-session-id', $1, now())`, [user.id]),
    ).rejects.toThrow(/ck_user_session_token_hash/);
  });

  it("keeps an account's department non-empty and the audit changes a list, and undoes that migration alone", async () => {
    const column = async (table: string, name: string) =>
      ((await dataSource.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = $1 AND column_name = $2`, [table, name])) as { n: number }[])[0]!.n === 1;
    await expect(dataSource.query(`INSERT INTO app_user (email, name, department) VALUES ('d@example.gov.uk', 'D', '')`)).rejects.toThrow(/ck_app_user_department/);
    await expect(
      dataSource.query(`INSERT INTO audit_event (actor_kind, actor_label, kind, record_type, changes) VALUES ('system', 'x', 'k', 'r', '{}'::jsonb)`),
    ).rejects.toThrow(/ck_audit_event_changes/);
    expect(await present('ix_app_user_department')).toBe(true);

    // Sign-in failures per client came after it: undoing that brings the account's own counters back.
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await present('sign_in_failure')).toBe(false);
    expect(await column('app_user', 'failed_sign_ins')).toBe(true);
    expect(await column('app_user', 'department')).toBe(true);
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await column('app_user', 'department')).toBe(false);
    expect(await column('audit_event', 'changes')).toBe(false);
    expect(await present('ix_app_user_department')).toBe(false);
    expect(await present('app_user')).toBe(true);
  });

  it('undo the accounts and adjustments migration alone, keeping runs and the core schema', async () => {
    // Any migration after it goes first.
    while (await present('app_user')) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await present('sign_in_failure')).toBe(false);
    for (const table of ['app_user', 'user_session', 'audit_event', 'adjustment_request', 'notification']) expect(await present(table)).toBe(false);
    expect(await present('run')).toBe(true);
    expect(await present('api_token')).toBe(true);
  });

  it('undo the runs migration alone, leaving the core schema and its data', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    for (const table of ['run', 'run_finding', 'api_token', 'gate_policy']) expect(await present(table)).toBe(false);
    expect(await present('ix_evidence_run')).toBe(false);
    expect(await present('assistive_technology')).toBe(true);
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM assistive_technology`);
    expect(count).toBe(1);

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await present('run')).toBe(true);
    expect(await present('adjustment_request')).toBe(true);
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
