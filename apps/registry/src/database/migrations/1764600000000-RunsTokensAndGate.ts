import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * From CI to the registry (issue 5): API tokens scoped to systems, published runs with their
 * findings as rows, and each system's rollout gate policy. A run's id is the report's `run.id`
 * (the default only serves rows written by hand), which is what makes publishing idempotent.
 */
export class RunsTokensAndGate1764600000000 implements MigrationInterface {
  name = 'RunsTokensAndGate1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_token (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        key_id text NOT NULL,
        secret_hash text NOT NULL,
        expires_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_api_token PRIMARY KEY (id),
        CONSTRAINT uq_api_token_key_id UNIQUE (key_id),
        CONSTRAINT ck_api_token_secret_hash CHECK (secret_hash ~ '^[0-9a-f]{64}$')
      )`);
    await q.query(`
      CREATE TABLE api_token_system (
        token_id uuid NOT NULL,
        system_id uuid NOT NULL,
        CONSTRAINT pk_api_token_system PRIMARY KEY (token_id, system_id),
        CONSTRAINT fk_api_token_system_token FOREIGN KEY (token_id) REFERENCES api_token (id) ON DELETE CASCADE,
        CONSTRAINT fk_api_token_system_system FOREIGN KEY (system_id) REFERENCES system (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_api_token_system_system ON api_token_system (system_id)`);

    await q.query(`
      CREATE TABLE run (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        system_id uuid NOT NULL,
        release_id uuid NOT NULL,
        commit_sha text,
        pipeline_url text,
        tool_name text NOT NULL,
        tool_version text NOT NULL,
        browser text,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        profiles jsonb NOT NULL,
        summary jsonb NOT NULL,
        journeys jsonb NOT NULL,
        report jsonb NOT NULL,
        report_sha256 text NOT NULL,
        published_by text NOT NULL,
        token_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_run PRIMARY KEY (id),
        CONSTRAINT fk_run_system FOREIGN KEY (system_id) REFERENCES system (id) ON DELETE RESTRICT,
        CONSTRAINT fk_run_release FOREIGN KEY (release_id) REFERENCES system_release (id) ON DELETE RESTRICT,
        CONSTRAINT fk_run_token FOREIGN KEY (token_id) REFERENCES api_token (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX ix_run_system_started ON run (system_id, started_at DESC)`);
    await q.query(`CREATE INDEX ix_run_release_started ON run (release_id, started_at DESC)`);

    await q.query(`
      CREATE TABLE run_finding (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL,
        position integer NOT NULL,
        rule text NOT NULL,
        impact text NOT NULL,
        profiles text[] NOT NULL,
        wcag text[] NOT NULL DEFAULT '{}',
        selector text NOT NULL,
        fingerprint text NOT NULL,
        page_url text NOT NULL,
        page_state text NOT NULL,
        message text NOT NULL,
        CONSTRAINT pk_run_finding PRIMARY KEY (id),
        CONSTRAINT uq_run_finding_run_position UNIQUE (run_id, position),
        CONSTRAINT fk_run_finding_run FOREIGN KEY (run_id) REFERENCES run (id) ON DELETE CASCADE,
        CONSTRAINT ck_run_finding_impact CHECK (impact IN ('critical', 'serious', 'moderate', 'minor'))
      )`);
    await q.query(`CREATE INDEX ix_run_finding_fingerprint ON run_finding (fingerprint)`);
    await q.query(`CREATE INDEX ix_run_finding_rule ON run_finding (rule)`);

    // Evidence already carries run_id; finding a run's evidence should not scan the table.
    await q.query(`CREATE INDEX ix_evidence_run ON evidence (run_id) WHERE run_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE gate_policy (
        system_id uuid NOT NULL,
        include_organisation_defaults boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_gate_policy PRIMARY KEY (system_id),
        CONSTRAINT fk_gate_policy_system FOREIGN KEY (system_id) REFERENCES system (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE gate_policy_at (
        system_id uuid NOT NULL,
        assistive_technology_id uuid NOT NULL,
        CONSTRAINT pk_gate_policy_at PRIMARY KEY (system_id, assistive_technology_id),
        CONSTRAINT fk_gate_policy_at_policy FOREIGN KEY (system_id) REFERENCES gate_policy (system_id) ON DELETE CASCADE,
        CONSTRAINT fk_gate_policy_at_assistive_technology FOREIGN KEY (assistive_technology_id)
          REFERENCES assistive_technology (id) ON DELETE RESTRICT
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gate_policy_at`);
    await q.query(`DROP TABLE gate_policy`);
    await q.query(`DROP INDEX ix_evidence_run`);
    await q.query(`DROP TABLE run_finding`);
    await q.query(`DROP TABLE run`);
    await q.query(`DROP TABLE api_token_system`);
    await q.query(`DROP TABLE api_token`);
  }
}
