import { recordChange } from '../audit/changes.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AtProfile, CompatibilityStatus, EvidenceKind, Verdict } from '@atcompat/contracts';
import { InvalidInputError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { SystemsService } from '../systems/systems.service.js';
import type { GatePolicyResponse, GateResponse, UpdateGatePolicyDto } from './dto/gate.dto.js';
import { DEFAULT_GATE_ATS, gateVerdict, judgeAt, requiredAts, type GateAtFacts } from './gate.js';
import { blockingReason } from './run-evidence.js';
import { RunsService } from './runs.service.js';
import type { Principal } from '../accounts/principal.js';
import { assertMayReadRuns } from '../accounts/system-scope.js';

interface AtRow {
  id: string;
  slug: string;
  name: string;
  profile: AtProfile;
}

/** Each system's rollout gate: which ATs must not be blocked, and whether a release passes. */
@Injectable()
export class GateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly systems: SystemsService,
    private readonly runs: RunsService,
    private readonly config: AppConfig,
  ) {}

  /** The GOV.UK minimum set plus the organisation's additions (ATCOMPAT_GATE_REQUIRED_ATS). */
  organisationDefaults(): string[] {
    return [...new Set([...DEFAULT_GATE_ATS, ...this.config.gateRequiredAts])];
  }

  async policy(slug: string): Promise<GatePolicyResponse> {
    const system = await this.systems.find(slug);
    const { includeDefaults, systemAts } = await this.storedPolicy(system.id);
    const required = requiredAts(this.organisationDefaults(), includeDefaults, systemAts);
    const known = await this.atsBySlug(required.map((r) => r.slug));
    return {
      system: { slug: system.slug, name: system.name },
      includeOrganisationDefaults: includeDefaults,
      organisationDefaults: this.organisationDefaults(),
      assistiveTechnologies: systemAts,
      required: required.map((r) => ({ slug: r.slug, name: known.get(r.slug)?.name ?? null, profile: known.get(r.slug)?.profile ?? null, source: r.source })),
    };
  }

  async updatePolicy(slug: string, dto: UpdateGatePolicyDto): Promise<GatePolicyResponse> {
    const system = await this.systems.find(slug);
    const known = await this.atsBySlug(dto.assistiveTechnologies);
    const unknown = dto.assistiveTechnologies
      .map((s, index) => ({ s, index }))
      .filter(({ s }) => !known.has(s))
      .map(({ s, index }) => ({ field: `assistiveTechnologies[${index}]`, message: `there is no assistive technology "${s}"` }));
    if (unknown.length) throw new InvalidInputError(unknown);
    const before = await this.storedPolicy(system.id);
    await this.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO gate_policy (system_id, include_organisation_defaults, updated_at) VALUES ($1, $2, now())
         ON CONFLICT ON CONSTRAINT pk_gate_policy DO UPDATE SET include_organisation_defaults = EXCLUDED.include_organisation_defaults, updated_at = now()`,
        [system.id, dto.includeOrganisationDefaults ?? true],
      );
      await em.query(`DELETE FROM gate_policy_at WHERE system_id = $1`, [system.id]);
      for (const s of new Set(dto.assistiveTechnologies)) {
        await em.query(`INSERT INTO gate_policy_at (system_id, assistive_technology_id) VALUES ($1, $2)`, [system.id, known.get(s)!.id]);
      }
    });
    recordChange('gate-policy', system.id, before, await this.storedPolicy(system.id));
    return this.policy(slug);
  }

  /** The verdict and its reasons quote the latest run's findings, so it is read like the runs (`reader`). */
  async gate(slug: string, version: string, reader: Principal | undefined): Promise<GateResponse> {
    const system = await this.systems.find(slug);
    assertMayReadRuns(reader, system);
    const release = await this.systems.findRelease(slug, version);
    const { includeDefaults, systemAts } = await this.storedPolicy(system.id);
    const required = requiredAts(this.organisationDefaults(), includeDefaults, systemAts);
    const known = await this.atsBySlug(required.map((r) => r.slug));
    const atIds = [...known.values()].map((a) => a.id);

    const records: {
      atId: string; id: string; status: CompatibilityStatus; summary: string; atVersion: string;
      strongest: EvidenceKind | null; evidenceCount: number; newerAtVersion: string | null;
    }[] = atIds.length
      ? await this.dataSource.query(
          `SELECT DISTINCT ON (v.assistive_technology_id)
             v.assistive_technology_id AS "atId", r.id, r.status, r.summary, v.version AS "atVersion",
             st.best_evidence_kind AS strongest,
             (SELECT count(*)::int FROM evidence e WHERE e.record_id = r.id) AS "evidenceCount",
             (SELECT n.version FROM at_version n WHERE n.assistive_technology_id = v.assistive_technology_id
                AND (COALESCE(n.released_on, (n.created_at AT TIME ZONE 'UTC')::date), n.created_at)
                  > (COALESCE(v.released_on, (v.created_at AT TIME ZONE 'UTC')::date), v.created_at)
                ORDER BY COALESCE(n.released_on, (n.created_at AT TIME ZONE 'UTC')::date) DESC, n.created_at DESC LIMIT 1) AS "newerAtVersion"
           FROM compatibility_record r
           JOIN compatibility_record_state st ON st.record_id = r.id
           JOIN at_version v ON v.id = r.at_version_id
           WHERE r.release_id = $1 AND v.assistive_technology_id = ANY($2::uuid[])
           ORDER BY v.assistive_technology_id, st.evidence_strength DESC,
             st.at_version_order_date DESC, st.at_version_created_at DESC,
             r.last_verified_at DESC NULLS LAST, r.updated_at DESC, r.id`,
          [release.id, atIds],
        )
      : [];
    const newest: { atId: string; version: string }[] = atIds.length
      ? await this.dataSource.query(
          `SELECT DISTINCT ON (assistive_technology_id) assistive_technology_id AS "atId", version FROM at_version
           WHERE assistive_technology_id = ANY($1::uuid[])
           ORDER BY assistive_technology_id, COALESCE(released_on, (created_at AT TIME ZONE 'UTC')::date) DESC, created_at DESC`,
          [atIds],
        )
      : [];

    // Which profiles any run of this release covered, and the latest run's verdict per profile.
    const runs: { id: string; startedAt: Date; profiles: Partial<Record<AtProfile, { verdict: Verdict }>> }[] = await this.dataSource.query(
      `SELECT id, started_at AS "startedAt", profiles FROM run WHERE release_id = $1 ORDER BY started_at DESC, created_at DESC, id`,
      [release.id],
    );
    const covered = new Set(runs.flatMap((r) => Object.keys(r.profiles)));
    const latest = runs[0] ? await this.runs.latestRunOf(release.id) : null;
    const latestFindings = latest ? await this.runs.findingsOf(latest.id, `AND impact = 'critical'`) : [];
    const reasons = new Map<AtProfile, string | null>();
    const reasonFor = (profile: AtProfile): string | null => {
      if (!latest || latest.profiles[profile]?.verdict !== 'blocked') return null;
      if (!reasons.has(profile)) reasons.set(profile, blockingReason(latest.journeys, latestFindings, profile));
      return reasons.get(profile) ?? null;
    };

    const ats = required.map(({ slug: atSlug }) => {
      const at = known.get(atSlug);
      const record = at ? records.find((r) => r.atId === at.id) : undefined;
      const facts: GateAtFacts = {
        slug: atSlug,
        at: at ? { name: at.name, profile: at.profile } : null,
        newestVersion: at ? (newest.find((n) => n.atId === at.id)?.version ?? null) : null,
        record: record
          ? {
              id: record.id,
              atVersion: record.atVersion,
              status: record.status,
              summary: record.summary,
              strongestEvidence: record.strongest,
              evidenceCount: Number(record.evidenceCount),
              newerAtVersion: record.newerAtVersion,
            }
          : null,
        coveredByRun: at ? covered.has(at.profile) : false,
        latestRunBlockingReason: at ? reasonFor(at.profile) : null,
      };
      return judgeAt(facts);
    });
    const verdict = gateVerdict(ats);
    const failing = ats.filter((a) => a.verdict === 'fail');
    return {
      system: { slug: system.slug, name: system.name },
      release: release.version,
      verdict,
      latestRun: runs[0] ? { id: runs[0].id, startedAt: new Date(runs[0].startedAt).toISOString() } : null,
      ats,
      summary:
        verdict === 'pass'
          ? `All ${ats.length} required assistive technologies pass: none is blocked.`
          : `${failing.length} of ${ats.length} required assistive technologies fail: ${failing
              .map((a) => a.assistiveTechnology.name ?? a.assistiveTechnology.slug)
              .join(', ')}.`,
    };
  }

  private async storedPolicy(systemId: string): Promise<{ includeDefaults: boolean; systemAts: string[] }> {
    const [policy] = await this.dataSource.query(`SELECT include_organisation_defaults AS "includeDefaults" FROM gate_policy WHERE system_id = $1`, [systemId]);
    const ats: { slug: string }[] = await this.dataSource.query(
      `SELECT at.slug FROM gate_policy_at g JOIN assistive_technology at ON at.id = g.assistive_technology_id
       WHERE g.system_id = $1 ORDER BY at.name, at.slug`,
      [systemId],
    );
    return { includeDefaults: policy ? Boolean(policy.includeDefaults) : true, systemAts: ats.map((a) => a.slug) };
  }

  private async atsBySlug(slugs: readonly string[]): Promise<Map<string, AtRow>> {
    if (!slugs.length) return new Map();
    const rows: AtRow[] = await this.dataSource.query(
      `SELECT id, slug, name, profile FROM assistive_technology WHERE slug = ANY($1::text[])`,
      [[...new Set(slugs)]],
    );
    return new Map(rows.map((r) => [r.slug, r]));
  }
}
