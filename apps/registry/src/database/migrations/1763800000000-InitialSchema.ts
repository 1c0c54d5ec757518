import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry core: assistive technologies and their versions, systems and their releases,
 * compatibility records with evidence, known issues, and the view that says which records need
 * a retest. Written by hand so that constraint names are explicit and the same SQL runs on
 * PostgreSQL and PGlite (gen_random_uuid() is built in from Postgres 13; no extension needed).
 */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assistive_technology (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        name text NOT NULL,
        vendor text NOT NULL,
        profile text NOT NULL,
        platforms text[] NOT NULL DEFAULT '{}',
        website text,
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_assistive_technology PRIMARY KEY (id),
        CONSTRAINT uq_assistive_technology_slug UNIQUE (slug),
        CONSTRAINT ck_assistive_technology_profile
          CHECK (profile IN ('keyboard', 'speech', 'screen-reader', 'magnifier', 'literacy'))
      )`);
    await q.query(`CREATE INDEX ix_assistive_technology_profile ON assistive_technology (profile)`);

    await q.query(`
      CREATE TABLE at_version (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        assistive_technology_id uuid NOT NULL,
        version text NOT NULL,
        released_on date,
        end_of_support date,
        notes text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_at_version PRIMARY KEY (id),
        CONSTRAINT uq_at_version_at_version UNIQUE (assistive_technology_id, version),
        CONSTRAINT fk_at_version_assistive_technology FOREIGN KEY (assistive_technology_id)
          REFERENCES assistive_technology (id) ON DELETE RESTRICT
      )`);

    await q.query(`
      CREATE TABLE system (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        name text NOT NULL,
        owner text NOT NULL,
        department text NOT NULL,
        platform text NOT NULL,
        lifecycle text NOT NULL,
        urls text[] NOT NULL DEFAULT '{}',
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_system PRIMARY KEY (id),
        CONSTRAINT uq_system_slug UNIQUE (slug),
        CONSTRAINT ck_system_platform CHECK (platform IN ('web', 'desktop', 'citrix')),
        CONSTRAINT ck_system_lifecycle CHECK (lifecycle IN ('planned', 'pre-rollout', 'live', 'retiring'))
      )`);
    await q.query(`CREATE INDEX ix_system_department ON system (department)`);

    await q.query(`
      CREATE TABLE system_release (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        system_id uuid NOT NULL,
        version text NOT NULL,
        released_on date,
        notes text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_system_release PRIMARY KEY (id),
        CONSTRAINT uq_system_release_system_version UNIQUE (system_id, version),
        CONSTRAINT fk_system_release_system FOREIGN KEY (system_id) REFERENCES system (id) ON DELETE RESTRICT
      )`);

    await q.query(`
      CREATE TABLE compatibility_record (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        release_id uuid NOT NULL,
        at_version_id uuid NOT NULL,
        browser text,
        status text NOT NULL DEFAULT 'untested',
        summary text NOT NULL DEFAULT '',
        workaround text,
        last_verified_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_compatibility_record PRIMARY KEY (id),
        CONSTRAINT fk_compatibility_record_release FOREIGN KEY (release_id)
          REFERENCES system_release (id) ON DELETE RESTRICT,
        CONSTRAINT fk_compatibility_record_at_version FOREIGN KEY (at_version_id)
          REFERENCES at_version (id) ON DELETE RESTRICT,
        CONSTRAINT ck_compatibility_record_status
          CHECK (status IN ('works', 'works-with-workaround', 'partial', 'does-not-work', 'untested'))
      )`);
    // One record per release × AT version × browser; "no browser" counts as one browser.
    await q.query(`
      CREATE UNIQUE INDEX uq_compatibility_record_release_at_version_browser
        ON compatibility_record (release_id, at_version_id, (COALESCE(browser, '')))`);
    await q.query(`CREATE INDEX ix_compatibility_record_at_version ON compatibility_record (at_version_id)`);

    await q.query(`
      CREATE TABLE evidence (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        record_id uuid NOT NULL,
        kind text NOT NULL,
        result text,
        recorded_by text NOT NULL,
        observed_at timestamptz NOT NULL,
        at_build text,
        browser text,
        os text,
        notes text NOT NULL DEFAULT '',
        run_id uuid,
        run_url text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_evidence PRIMARY KEY (id),
        CONSTRAINT fk_evidence_record FOREIGN KEY (record_id) REFERENCES compatibility_record (id) ON DELETE CASCADE,
        CONSTRAINT ck_evidence_kind CHECK (kind IN ('automated', 'manual', 'user-report', 'vendor')),
        CONSTRAINT ck_evidence_result
          CHECK (result IS NULL OR result IN ('works', 'works-with-workaround', 'partial', 'does-not-work', 'untested'))
      )`);
    await q.query(`CREATE INDEX ix_evidence_record ON evidence (record_id, observed_at DESC)`);

    await q.query(`
      CREATE TABLE known_issue (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        system_id uuid NOT NULL,
        assistive_technology_id uuid NOT NULL,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        workaround text,
        vendor_bug_url text,
        affects text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'open',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_known_issue PRIMARY KEY (id),
        CONSTRAINT fk_known_issue_system FOREIGN KEY (system_id) REFERENCES system (id) ON DELETE RESTRICT,
        CONSTRAINT fk_known_issue_assistive_technology FOREIGN KEY (assistive_technology_id)
          REFERENCES assistive_technology (id) ON DELETE RESTRICT,
        CONSTRAINT ck_known_issue_status CHECK (status IN ('open', 'resolved'))
      )`);
    await q.query(`CREATE INDEX ix_known_issue_system_at ON known_issue (system_id, assistive_technology_id)`);

    // How strongly each record is supported, and whether something newer has come out since.
    // "Newer" orders releases and AT versions by release date, then by when they were entered.
    await q.query(`
      CREATE VIEW compatibility_record_state AS
      SELECT
        r.id AS record_id,
        sr.system_id,
        v.assistive_technology_id,
        COALESCE(sr.released_on, (sr.created_at AT TIME ZONE 'UTC')::date) AS release_order_date,
        sr.created_at AS release_created_at,
        COALESCE(v.released_on, (v.created_at AT TIME ZONE 'UTC')::date) AS at_version_order_date,
        v.created_at AS at_version_created_at,
        COALESCE(best.strength, 0) AS evidence_strength,
        best.kind AS best_evidence_kind,
        EXISTS (
          SELECT 1 FROM system_release n
          WHERE n.system_id = sr.system_id
            AND (COALESCE(n.released_on, (n.created_at AT TIME ZONE 'UTC')::date), n.created_at)
              > (COALESCE(sr.released_on, (sr.created_at AT TIME ZONE 'UTC')::date), sr.created_at)
        ) AS newer_release_exists,
        EXISTS (
          SELECT 1 FROM at_version n
          WHERE n.assistive_technology_id = v.assistive_technology_id
            AND (COALESCE(n.released_on, (n.created_at AT TIME ZONE 'UTC')::date), n.created_at)
              > (COALESCE(v.released_on, (v.created_at AT TIME ZONE 'UTC')::date), v.created_at)
        ) AS newer_at_version_exists
      FROM compatibility_record r
      JOIN system_release sr ON sr.id = r.release_id
      JOIN at_version v ON v.id = r.at_version_id
      LEFT JOIN LATERAL (
        SELECT e.kind,
          CASE e.kind WHEN 'manual' THEN 4 WHEN 'user-report' THEN 3 WHEN 'vendor' THEN 2 ELSE 1 END AS strength
        FROM evidence e
        WHERE e.record_id = r.id
        ORDER BY strength DESC, e.observed_at DESC
        LIMIT 1
      ) best ON true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW compatibility_record_state`);
    await q.query(`DROP TABLE known_issue`);
    await q.query(`DROP TABLE evidence`);
    await q.query(`DROP TABLE compatibility_record`);
    await q.query(`DROP TABLE system_release`);
    await q.query(`DROP TABLE system`);
    await q.query(`DROP TABLE at_version`);
    await q.query(`DROP TABLE assistive_technology`);
  }
}
