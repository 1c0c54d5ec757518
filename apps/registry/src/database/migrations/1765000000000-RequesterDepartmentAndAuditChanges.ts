import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who sees a workplace-adjustment request now follows the requester's department, not the
 * system's (a champion could otherwise move a system into their department and read every
 * request about it), so accounts get a department. Audit events get the field-level changes
 * (before and after) of what the request changed.
 */
export class RequesterDepartmentAndAuditChanges1765000000000 implements MigrationInterface {
  name = 'RequesterDepartmentAndAuditChanges1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN department text`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT ck_app_user_department CHECK (department IS NULL OR (department <> '' AND length(department) <= 200))`);
    await q.query(`CREATE INDEX ix_app_user_department ON app_user (department) WHERE department IS NOT NULL`);
    await q.query(`ALTER TABLE audit_event ADD COLUMN changes jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`ALTER TABLE audit_event ADD CONSTRAINT ck_audit_event_changes CHECK (jsonb_typeof(changes) = 'array')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event DROP CONSTRAINT ck_audit_event_changes`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN changes`);
    await q.query(`DROP INDEX ix_app_user_department`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT ck_app_user_department`);
    await q.query(`ALTER TABLE app_user DROP COLUMN department`);
  }
}
