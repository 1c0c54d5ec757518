import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wrong passwords are counted per email and client address instead of on the account: someone
 * elsewhere guessing cannot lock the real person out, and an email with no account is counted
 * (and locked) exactly like one with an account, so the answers do not tell which emails exist.
 * No foreign key to app_user for that reason. The account's own counters go.
 */
export class SignInFailuresPerClient1765100000000 implements MigrationInterface {
  name = 'SignInFailuresPerClient1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_failure (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email text NOT NULL,
        client_address text NOT NULL,
        failed_count integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        last_failed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_sign_in_failure PRIMARY KEY (id),
        CONSTRAINT uq_sign_in_failure_email_client UNIQUE (email, client_address),
        CONSTRAINT ck_sign_in_failure_failed_count CHECK (failed_count >= 0)
      )`);
    // Old rows are swept by age on every new failure.
    await q.query(`CREATE INDEX ix_sign_in_failure_last_failed_at ON sign_in_failure (last_failed_at)`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT ck_app_user_failed_sign_ins`);
    await q.query(`ALTER TABLE app_user DROP COLUMN failed_sign_ins, DROP COLUMN locked_until`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0, ADD COLUMN locked_until timestamptz`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT ck_app_user_failed_sign_ins CHECK (failed_sign_ins >= 0)`);
    // The latest lock of each account comes back onto it, so nobody is unlocked by a rollback.
    await q.query(`
      UPDATE app_user u SET failed_sign_ins = f.failed_count, locked_until = f.locked_until
      FROM (SELECT DISTINCT ON (email) email, failed_count, locked_until FROM sign_in_failure
            WHERE locked_until > now() ORDER BY email, locked_until DESC) f
      WHERE f.email = u.email`);
    await q.query(`DROP TABLE sign_in_failure`);
  }
}
