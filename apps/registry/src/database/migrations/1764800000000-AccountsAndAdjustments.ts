import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, sessions, the audit log and private workplace-adjustment requests (issue 6).
 * Sessions keep only a SHA-256 of the cookie's random id. Adjustment requests and everything
 * hanging off them (history, notifications) cascade on delete, so the retention sweep removes a
 * request completely; audit events keep only ids and kinds, never what a request said.
 */
export class AccountsAndAdjustments1764800000000 implements MigrationInterface {
  name = 'AccountsAndAdjustments1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL DEFAULT 'staff',
        password_hash text,
        oidc_subject text,
        failed_sign_ins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        disabled boolean NOT NULL DEFAULT false,
        last_signed_in_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_app_user PRIMARY KEY (id),
        CONSTRAINT ck_app_user_role CHECK (role IN ('staff', 'champion', 'admin')),
        CONSTRAINT ck_app_user_email CHECK (email = lower(email) AND email LIKE '%_@_%'),
        CONSTRAINT ck_app_user_failed_sign_ins CHECK (failed_sign_ins >= 0)
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_app_user_email ON app_user (email)`);
    await q.query(`CREATE UNIQUE INDEX uq_app_user_oidc_subject ON app_user (oidc_subject) WHERE oidc_subject IS NOT NULL`);

    // What a champion covers: whole departments, and/or single systems.
    await q.query(`
      CREATE TABLE app_user_system (
        user_id uuid NOT NULL,
        system_id uuid NOT NULL,
        CONSTRAINT pk_app_user_system PRIMARY KEY (user_id, system_id),
        CONSTRAINT fk_app_user_system_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE,
        CONSTRAINT fk_app_user_system_system FOREIGN KEY (system_id) REFERENCES system (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_app_user_system_system ON app_user_system (system_id)`);
    await q.query(`
      CREATE TABLE app_user_department (
        user_id uuid NOT NULL,
        department text NOT NULL,
        CONSTRAINT pk_app_user_department PRIMARY KEY (user_id, department),
        CONSTRAINT fk_app_user_department_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE user_session (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        token_hash text NOT NULL,
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT pk_user_session PRIMARY KEY (id),
        CONSTRAINT uq_user_session_token_hash UNIQUE (token_hash),
        CONSTRAINT fk_user_session_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE,
        CONSTRAINT ck_user_session_token_hash CHECK (token_hash ~ '^[0-9a-f]{64}$')
      )`);
    await q.query(`CREATE INDEX ix_user_session_user ON user_session (user_id)`);
    await q.query(`CREATE INDEX ix_user_session_expires ON user_session (expires_at)`);

    await q.query(`
      CREATE TABLE audit_event (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL,
        actor_id text,
        actor_label text NOT NULL,
        kind text NOT NULL,
        record_type text NOT NULL,
        record_id text,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT pk_audit_event PRIMARY KEY (id),
        CONSTRAINT ck_audit_event_actor_kind CHECK (actor_kind IN ('user', 'admin-token', 'api-token', 'system'))
      )`);
    await q.query(`CREATE INDEX ix_audit_event_occurred ON audit_event (occurred_at DESC, id)`);
    await q.query(`CREATE INDEX ix_audit_event_actor ON audit_event (actor_label, occurred_at DESC)`);
    await q.query(`CREATE INDEX ix_audit_event_kind ON audit_event (kind, occurred_at DESC)`);

    await q.query(`
      CREATE TABLE adjustment_request (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        requester_id uuid NOT NULL,
        system_id uuid NOT NULL,
        assistive_technology_id uuid NOT NULL,
        at_version_id uuid,
        barrier text NOT NULL,
        need text NOT NULL,
        urgency text NOT NULL,
        contact_method text NOT NULL,
        contact_details text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'submitted',
        decision_reason text,
        alternative text,
        review_due_on date,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_adjustment_request PRIMARY KEY (id),
        CONSTRAINT fk_adjustment_request_requester FOREIGN KEY (requester_id) REFERENCES app_user (id) ON DELETE CASCADE,
        CONSTRAINT fk_adjustment_request_system FOREIGN KEY (system_id) REFERENCES system (id) ON DELETE RESTRICT,
        CONSTRAINT fk_adjustment_request_assistive_technology FOREIGN KEY (assistive_technology_id)
          REFERENCES assistive_technology (id) ON DELETE RESTRICT,
        CONSTRAINT fk_adjustment_request_at_version FOREIGN KEY (at_version_id) REFERENCES at_version (id) ON DELETE RESTRICT,
        CONSTRAINT ck_adjustment_request_status CHECK (status IN
          ('submitted', 'in-review', 'agreed', 'partially-agreed', 'declined', 'in-place', 'review-due', 'withdrawn')),
        CONSTRAINT ck_adjustment_request_urgency CHECK (urgency IN ('standard', 'soon', 'urgent')),
        CONSTRAINT ck_adjustment_request_contact_method CHECK (contact_method IN ('email', 'phone', 'video-call', 'in-person')),
        CONSTRAINT ck_adjustment_request_declined_reason CHECK (status <> 'declined' OR coalesce(decision_reason, '') <> ''),
        CONSTRAINT ck_adjustment_request_partial_alternative CHECK (status <> 'partially-agreed' OR coalesce(alternative, '') <> ''),
        CONSTRAINT ck_adjustment_request_closed CHECK ((status IN ('declined', 'withdrawn')) = (closed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_adjustment_request_requester ON adjustment_request (requester_id, created_at DESC)`);
    await q.query(`CREATE INDEX ix_adjustment_request_system ON adjustment_request (system_id, status)`);
    await q.query(`CREATE INDEX ix_adjustment_request_closed ON adjustment_request (closed_at) WHERE closed_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE adjustment_event (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_name text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        note text NOT NULL DEFAULT '',
        CONSTRAINT pk_adjustment_event PRIMARY KEY (id),
        CONSTRAINT fk_adjustment_event_request FOREIGN KEY (request_id) REFERENCES adjustment_request (id) ON DELETE CASCADE,
        CONSTRAINT fk_adjustment_event_actor FOREIGN KEY (actor_id) REFERENCES app_user (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX ix_adjustment_event_request ON adjustment_event (request_id, occurred_at)`);

    await q.query(`
      CREATE TABLE notification (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        request_id uuid,
        message text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CONSTRAINT pk_notification PRIMARY KEY (id),
        CONSTRAINT fk_notification_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE,
        CONSTRAINT fk_notification_request FOREIGN KEY (request_id) REFERENCES adjustment_request (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_notification_user ON notification (user_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification`);
    await q.query(`DROP TABLE adjustment_event`);
    await q.query(`DROP TABLE adjustment_request`);
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP TABLE user_session`);
    await q.query(`DROP TABLE app_user_department`);
    await q.query(`DROP TABLE app_user_system`);
    await q.query(`DROP TABLE app_user`);
  }
}
