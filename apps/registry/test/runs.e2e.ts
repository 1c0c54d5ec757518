import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { finding, journey, makeReport } from '../../../test/support/reports.js';
import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';

const MAX_REPORT_BYTES = 2 * 1024 * 1024;

function expectProblem(res: Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
  expect(res.text).not.toMatch(/\n\s+at /);
}

interface RecordBody {
  id: string;
  status: string;
  summary: string;
  atVersion: string;
  needsRetest: boolean;
  needsRetestBecause: string[];
  assistiveTechnology: { slug: string };
  evidence: { kind: string; result: string | null; notes: string; runId: string | null; runUrl: string | null; recordedBy: string }[];
}

describe('POST /api/v1/runs and what runs say', () => {
  let registry: TestRegistry;
  let counter = 0;

  beforeAll(async () => {
    registry = await startRegistry({ config: { maxReportBytes: MAX_REPORT_BYTES } });
    const at = async (slug: string, profile: string, versions: [string, string][]) => {
      await registry.http().post('/api/v1/assistive-technologies').send({ name: slug.toUpperCase(), slug, vendor: 'V', profile, platforms: ['windows'] }).expect(201);
      for (const [version, releasedOn] of versions) {
        await registry.http().post(`/api/v1/assistive-technologies/${slug}/versions`).send({ version, releasedOn }).expect(201);
      }
    };
    await at('dragon', 'speech', [['15.6', '2019-09-01'], ['16', '2021-05-01']]);
    await at('voice-access', 'speech', [['24H2', '2024-10-01']]);
    await at('keyboard-only', 'keyboard', [['any', '2000-01-01']]);
    await at('jaws', 'screen-reader', [['2024', '2023-10-15'], ['2025', '2024-10-15']]);
    await at('no-versions', 'magnifier', []);
  });

  afterAll(async () => {
    await registry?.close();
  });

  /** A fresh system with release 1.0 and a token scoped to it. */
  async function fixture() {
    counter += 1;
    const system = `casework-${counter}`;
    await registry.http().post('/api/v1/systems').send({ name: `Casework ${counter}`, slug: system, owner: 'T', department: 'D', platform: 'web', lifecycle: 'pre-rollout' }).expect(201);
    await registry.http().post(`/api/v1/systems/${system}/releases`).send({ version: '1.0', releasedOn: '2025-01-01' }).expect(201);
    const token = (await registry.http().post('/api/v1/tokens').send({ name: `${system} CI`, systems: [system] }).expect(201)).body.token as string;
    return { system, token };
  }

  /** A run blocked for speech and keyboard: the Save control only takes a mouse click. */
  const blockedReport = (system: string, release: string, extra: Parameters<typeof makeReport>[0] = {}) =>
    makeReport({
      system,
      release,
      findings: [
        finding({ fingerprint: 'save-mouse-only' }),
        finding({ fingerprint: 'search-label', rule: 'speech/label-not-in-name', impact: 'serious', profiles: ['speech'], selector: '#search', message: '"Search" is not in the name "Find".' }),
      ],
      journeys: [journey('Record a note', 'speech', [{ name: 'Open the case' }, { name: 'Save note', blockedBecause: 'needs a mouse' }])],
      ...extra,
    });

  const publish = (token: string, body: Record<string, unknown>) => registry.as(token).post('/api/v1/runs').send(body);

  async function recordFor(system: string, release: string, at: string, atVersion?: string): Promise<RecordBody> {
    const list = await registry.anonymous().get('/api/v1/compatibility-records').query({ system, release, assistiveTechnology: at, ...(atVersion ? { atVersion } : {}) }).expect(200);
    expect(list.body.items).toHaveLength(1);
    return (await registry.anonymous().get(`/api/v1/compatibility-records/${list.body.items[0].id}`).expect(200)).body as RecordBody;
  }

  describe('who may publish', () => {
    it('needs a token (401 with WWW-Authenticate), scoped to the system (403); the admin token may publish for any system', async () => {
      const a = await fixture();
      const b = await fixture();
      const body = { system: a.system, release: '1.0', report: makeReport({ system: a.system, release: '1.0' }) };

      const none = await registry.anonymous().post('/api/v1/runs').send(body);
      expectProblem(none, 401, 'unauthorized');
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);

      const wrong = await publish(b.token, body);
      expectProblem(wrong, 403, 'forbidden');
      expect(wrong.body.detail).toContain(`not for ${a.system}`);

      await registry.http().post('/api/v1/runs').send(body).expect(201);
      const run = await registry.http().get(`/api/v1/runs/${body.report.run.id}`).expect(200);
      expect(run.body.publishedBy).toBe('admin');
    });
  });

  describe('validation', () => {
    it('names the bad paths of an invalid report as report.<path>', async () => {
      const { system, token } = await fixture();
      const report = makeReport({ system, release: '1.0', findings: [finding({ fingerprint: 'x' })] }) as unknown as Record<string, any>;
      report.run.id = 'not-a-uuid';
      report.pages[0].findings[0].impact = 'huge';
      delete report.summary;

      const res = await publish(token, { system, release: '1.0', report });

      expectProblem(res, 400, 'validation-failed');
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['report.run.id', 'report.pages[0].findings[0].impact', 'report.summary']));
      expect(res.body.detail).toContain('report.run.id: must be a UUID');
      await registry.http().get(`/api/v1/systems/${system}/runs`).expect(200).expect((r) => expect(r.body.total).toBe(0));
    });

    it('names missing and unknown fields of the body, and a report made for another system or release', async () => {
      const { system, token } = await fixture();

      const empty = await publish(token, { colour: 'red' });
      expectProblem(empty, 400, 'validation-failed');
      expect(empty.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'release', 'report', 'system']);

      const notObject = await publish(token, { system, release: '1.0', report: 'atcompat.json' });
      expect(notObject.body.errors).toEqual([{ field: 'report', message: 'report must be a report object (contract v1)' }]);

      const mismatch = await publish(token, { system, release: '1.0', report: makeReport({ system: 'payroll', release: '9.9' }) });
      expectProblem(mismatch, 400, 'validation-failed');
      expect(mismatch.body.errors.map((e: { field: string }) => e.field)).toEqual(['report.run.target.system', 'report.run.target.release']);

      const badUrl = await publish(token, { system, release: '1.0', pipelineUrl: 'ftp://x', report: makeReport() });
      expect(badUrl.body.errors.map((e: { field: string }) => e.field)).toEqual(['pipelineUrl']);
    });

    it('answers 404 for an unknown system', async () => {
      const res = await registry.http().post('/api/v1/runs').send({ system: 'nowhere', release: '1.0', report: makeReport() });

      expectProblem(res, 404, 'not-found');
      expect(res.body.detail).toContain('"nowhere"');
    });

    it('takes reports up to ATCOMPAT_MAX_REPORT_BYTES (above the 1 MB other endpoints take) and refuses bigger ones with 413', async () => {
      const { system, token } = await fixture();
      const big = makeReport({ system, release: '1.0', findings: [finding({ fingerprint: 'big', html: `<div>${'x'.repeat(1_500_000)}</div>` })] });

      await publish(token, { system, release: '1.0', report: big }).expect(201);

      const huge = makeReport({ system, release: '1.0', findings: [finding({ fingerprint: 'huge', html: 'x'.repeat(MAX_REPORT_BYTES + 10) })] });
      const tooLarge = await publish(token, { system, release: '1.0', report: huge });
      expectProblem(tooLarge, 413, 'payload-too-large');
      expect(tooLarge.body.detail).toContain(String(MAX_REPORT_BYTES));

      const otherEndpoint = await registry.http().patch(`/api/v1/systems/${system}`).send({ description: 'x'.repeat(1_500_000) });
      expectProblem(otherEndpoint, 413, 'payload-too-large');
    });
  });

  describe('a blocked run for a new release', () => {
    let system: string;
    let token: string;
    let body: { system: string; release: string; commit: string; pipelineUrl: string; report: ReturnType<typeof makeReport> };
    let first: Response;

    beforeAll(async () => {
      ({ system, token } = await fixture());
      body = { system, release: '2.0', commit: 'abc1234', pipelineUrl: 'https://ci.example.gov.uk/pipelines/42', report: blockedReport(system, '2.0') };
      await registry.http().post('/api/v1/compatibility-records').send({ system, release: '1.0', assistiveTechnology: 'jaws', atVersion: '2025', status: 'works' }).expect(201);
      expect((await recordFor(system, '1.0', 'jaws')).needsRetest).toBe(false);
      first = await publish(token, body);
    });

    it('is stored (201, Location) and creates the release', async () => {
      expect(first.status).toBe(201);
      expect(first.headers.location).toBe(`/api/v1/runs/${body.report.run.id}`);
      expect(first.body).toMatchObject({
        id: body.report.run.id,
        system: { slug: system },
        release: '2.0',
        commit: 'abc1234',
        pipelineUrl: 'https://ci.example.gov.uk/pipelines/42',
        tool: { name: 'atcompat', version: '0.1.0' },
        browser: 'chromium 156',
        profiles: { speech: { verdict: 'blocked', findings: 2 }, keyboard: { verdict: 'blocked', findings: 1 }, 'screen-reader': { verdict: 'pass', findings: 0 } },
        summary: { findings: 2 },
        publishedBy: `token "${system} CI"`,
        links: { gate: `/api/v1/systems/${system}/releases/2.0/gate` },
      });
      const release = await registry.anonymous().get(`/api/v1/systems/${system}/releases/2.0`).expect(200);
      expect(release.body.notes).toContain(body.report.run.id);
    });

    it('marks the speech and keyboard ATs does-not-work on new records for their newest version, and links the run', async () => {
      const dragon = await recordFor(system, '2.0', 'dragon');
      expect(dragon).toMatchObject({ status: 'does-not-work', atVersion: '16' });
      expect(dragon.summary).toBe("Blocked (automated checks): journey 'Record a note' step 'Save note': needs a mouse");
      expect(dragon.evidence).toHaveLength(1);
      expect(dragon.evidence[0]).toMatchObject({
        kind: 'automated',
        result: 'does-not-work',
        runId: body.report.run.id,
        runUrl: 'https://ci.example.gov.uk/pipelines/42',
      });
      expect(dragon.evidence[0]!.notes).toContain("- journey 'Record a note' step 'Save note': needs a mouse");
      expect(dragon.evidence[0]!.notes).toContain('keyboard/mouse-only-control at #save');

      expect((await recordFor(system, '2.0', 'voice-access')).status).toBe('does-not-work');
      expect((await recordFor(system, '2.0', 'keyboard-only')).status).toBe('does-not-work');
    });

    it('adds "no barriers found" evidence for a passing profile without setting any status', async () => {
      const jaws = await recordFor(system, '2.0', 'jaws');

      expect(jaws).toMatchObject({ status: 'untested', atVersion: '2025' });
      expect(jaws.evidence).toEqual([expect.objectContaining({ kind: 'automated', result: null })]);
      expect(jaws.evidence[0]!.notes).toContain('No barriers found by automated checks');
    });

    it('skips an AT without versions, and lists the evidence it added', async () => {
      const none = await registry.anonymous().get('/api/v1/compatibility-records').query({ system, assistiveTechnology: 'no-versions' }).expect(200);
      expect(none.body.total).toBe(0);
      const slugs = first.body.evidence.map((e: { assistiveTechnology: { slug: string } }) => e.assistiveTechnology.slug);
      expect(slugs.sort()).toEqual(['dragon', 'jaws', 'keyboard-only', 'voice-access']);
      expect(first.body.evidence.find((e: { assistiveTechnology: { slug: string } }) => e.assistiveTechnology.slug === 'dragon')).toMatchObject({
        atVersion: '16',
        result: 'does-not-work',
        recordStatus: 'does-not-work',
      });
    });

    it('stores each finding as a row that can be queried', async () => {
      const rows = await registry.dataSource.query(`SELECT rule, impact, profiles, selector, fingerprint, page_url, page_state, message FROM run_finding WHERE run_id = $1 ORDER BY position`, [body.report.run.id]);
      expect(rows).toEqual([
        expect.objectContaining({ rule: 'keyboard/mouse-only-control', impact: 'critical', profiles: ['keyboard', 'speech'], selector: '#save', fingerprint: 'save-mouse-only', page_url: 'http://casework.test/cases/1042', page_state: 'initial' }),
        expect.objectContaining({ rule: 'speech/label-not-in-name', fingerprint: 'search-label' }),
      ]);

      const speech = await registry.http().get(`/api/v1/runs/${body.report.run.id}/findings`).query({ profile: 'speech' }).expect(200);
      expect(speech.body).toMatchObject({ total: 2, page: 1 });
      const keyboard = await registry.http().get(`/api/v1/runs/${body.report.run.id}/findings`).query({ profile: 'keyboard', impact: 'critical' }).expect(200);
      expect(keyboard.body.items).toEqual([expect.objectContaining({ fingerprint: 'save-mouse-only', pageUrl: 'http://casework.test/cases/1042', wcag: ['2.1.1'] })]);
      const bad = await registry.http().get(`/api/v1/runs/${body.report.run.id}/findings`).query({ profile: 'telepathy' });
      expectProblem(bad, 400, 'validation-failed');
    });

    it('is published once: the same report again answers 200 with the stored run and adds nothing', async () => {
      const again = await publish(token, body);

      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const [{ runs }] = await registry.dataSource.query(`SELECT count(*)::int AS runs FROM run WHERE id = $1`, [body.report.run.id]);
      const [{ findings }] = await registry.dataSource.query(`SELECT count(*)::int AS findings FROM run_finding WHERE run_id = $1`, [body.report.run.id]);
      const [{ evidence }] = await registry.dataSource.query(`SELECT count(*)::int AS evidence FROM evidence WHERE run_id = $1`, [body.report.run.id]);
      expect({ runs, findings, evidence }).toEqual({ runs: 1, findings: 2, evidence: 4 });
    });

    it('refuses a different report under a run id already used (409)', async () => {
      const changed = { ...body, report: { ...body.report, summary: { ...body.report.summary, findings: 3 } } };

      const res = await publish(token, changed);

      expectProblem(res, 409, 'run-id-reused');
      expect(res.body.detail).toContain(body.report.run.id);
    });

    it('marks records of the older release "needs retest" once ingestion created the new one', async () => {
      const jaws = await recordFor(system, '1.0', 'jaws');

      expect(jaws.needsRetest).toBe(true);
      expect(jaws.needsRetestBecause).toEqual([`a newer release of Casework ${counterOf(system)} than 1.0 exists`]);
    });

    it('can be read back: GET /runs/:id with journeys and evidence, the report as published, 404 and 400', async () => {
      const run = await registry.http().get(`/api/v1/runs/${body.report.run.id}`).expect(200);
      expect(run.body.journeys).toEqual(body.report.journeys);
      expect(run.body.evidence).toHaveLength(4);

      const report = await registry.http().get(`/api/v1/runs/${body.report.run.id}/report`).expect(200);
      expect(report.body).toEqual(body.report);

      expectProblem(await registry.http().get(`/api/v1/runs/${randomUUID()}`), 404, 'not-found');
      expectProblem(await registry.http().get(`/api/v1/runs/${randomUUID()}/findings`), 404, 'not-found');
      expectProblem(await registry.http().get('/api/v1/runs/latest'), 400, 'validation-failed');
    });
  });

  describe('publishing the same report twice at once', () => {
    it('stores it once: one answer is 201, the other 200 with the same run', async () => {
      const { system, token } = await fixture();
      const body = { system, release: '5.0', report: blockedReport(system, '5.0') };

      const answers = await Promise.all([publish(token, body), publish(token, body)]);

      expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
      expect(answers[0]!.body.id).toBe(answers[1]!.body.id);
      const [{ runs }] = await registry.dataSource.query(`SELECT count(*)::int AS runs FROM run WHERE id = $1`, [body.report.run.id]);
      const [{ evidence }] = await registry.dataSource.query(`SELECT count(*)::int AS evidence FROM evidence WHERE run_id = $1`, [body.report.run.id]);
      expect({ runs, evidence }).toEqual({ runs: 1, evidence: 4 });
    });
  });

  describe('the OpenAPI document', () => {
    it('describes the run, history, changes and gate endpoints', async () => {
      const res = await registry.anonymous().get('/api/docs-json').expect(200);

      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/runs',
          '/api/v1/runs/{id}',
          '/api/v1/runs/{id}/findings',
          '/api/v1/runs/{id}/report',
          '/api/v1/systems/{slug}/runs',
          '/api/v1/systems/{slug}/history',
          '/api/v1/systems/{slug}/releases/{version}/changes',
          '/api/v1/systems/{slug}/releases/{version}/gate',
          '/api/v1/systems/{slug}/gate-policy',
        ]),
      );
      const publishOp = res.body.paths['/api/v1/runs'].post;
      expect(publishOp.security).toEqual([{ bearer: [] }]);
      expect(Object.keys(publishOp.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403', '404', '409', '413']));
      expect(res.body.components.schemas.PublishRunDto.required).toEqual(expect.arrayContaining(['system', 'release', 'report']));
      expect(res.body.components.schemas.GateResponse.properties).toHaveProperty('ats');
      expect(res.body.paths['/api/v1/systems'].post.security).toEqual([{ bearer: [] }]);
      // Every schema referred to is in the document (a client generator would stop on one missing).
      const refs = [...JSON.stringify(res.body).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of new Set(refs)) expect(Object.keys(res.body.components.schemas)).toContain(ref);
      expect(res.body.paths['/api/v1/systems/{slug}/runs'].get.responses['200'].content['application/json'].schema.properties.items.items).toEqual({
        $ref: '#/components/schemas/RunResponse',
      });
    });
  });

  describe('evidence rules across runs', () => {
    it("never overrules a person's test, adds to every record of the release for the AT, and never sets works", async () => {
      const { system, token } = await fixture();
      await publish(token, { system, release: '1.0', report: blockedReport(system, '1.0') }).expect(201);
      const dragon16 = await recordFor(system, '1.0', 'dragon', '16');
      await registry.http().post(`/api/v1/compatibility-records/${dragon16.id}/evidence`).send({ kind: 'manual', result: 'works', recordedBy: 'A. Champion', observedAt: new Date().toISOString() }).expect(201);
      await registry.http().post('/api/v1/compatibility-records').send({ system, release: '1.0', assistiveTechnology: 'dragon', atVersion: '15.6', status: 'untested' }).expect(201);

      await publish(token, { system, release: '1.0', report: blockedReport(system, '1.0') }).expect(201);

      const after16 = await recordFor(system, '1.0', 'dragon', '16');
      expect(after16.status).toBe('works');
      expect(after16.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['manual', 'automated', 'automated']));
      expect((await recordFor(system, '1.0', 'dragon', '15.6'))).toMatchObject({ status: 'does-not-work' });

      // A later run with only barriers for speech: the automated-only record becomes partial.
      const barriers = makeReport({ system, release: '1.0', findings: [finding({ fingerprint: 'label', rule: 'speech/label-not-in-name', impact: 'serious', profiles: ['speech'] })] });
      await publish(token, { system, release: '1.0', report: barriers }).expect(201);
      const voice = await recordFor(system, '1.0', 'voice-access');
      expect(voice.status).toBe('partial');
      expect(voice.summary).toMatch(/^Barriers found by automated checks/);
      expect((await recordFor(system, '1.0', 'dragon', '16')).status).toBe('works');

      // A clean run: what machines said is cleared to untested — never to works.
      await publish(token, { system, release: '1.0', report: makeReport({ system, release: '1.0' }) }).expect(201);
      expect((await recordFor(system, '1.0', 'voice-access')).status).toBe('untested');
      expect((await recordFor(system, '1.0', 'keyboard-only')).status).toBe('untested');
      expect((await recordFor(system, '1.0', 'dragon', '16')).status).toBe('works');
    });

    it('adds no evidence for a profile the report has no verdict for', async () => {
      const { system, token } = await fixture();

      const res = await publish(token, { system, release: '1.0', report: makeReport({ system, release: '1.0', onlyProfiles: ['screen-reader'] }) }).expect(201);

      expect(res.body.evidence.map((e: { assistiveTechnology: { slug: string } }) => e.assistiveTechnology.slug)).toEqual(['jaws']);
    });
  });

  describe('GET /api/v1/systems/:slug/runs, /history and /releases/:version/changes', () => {
    let system: string;
    const ids: string[] = [];

    beforeAll(async () => {
      let token: string;
      ({ system, token } = await fixture());
      const runs: [string, string, string[]][] = [
        ['1.0', '2025-02-01T10:00:00Z', ['a', 'b']],
        ['1.0', '2025-02-02T10:00:00Z', ['a', 'b', 'x']],
        ['2.0', '2025-03-01T10:00:00Z', ['b', 'c', 'd']],
      ];
      for (const [release, startedAt, fingerprints] of runs) {
        const report = makeReport({
          system,
          release,
          startedAt,
          findings: fingerprints.map((fp) => finding({ fingerprint: fp, selector: `#${fp}`, impact: fp === 'd' ? 'critical' : 'serious', profiles: ['keyboard'] })),
        });
        ids.push(report.run.id);
        await publish(token, { system, release, report }).expect(201);
      }
    });

    it('lists runs newest first, paginated, filtered by release', async () => {
      const all = await registry.http().get(`/api/v1/systems/${system}/runs`).expect(200);
      expect(all.body).toMatchObject({ total: 3, page: 1, totalPages: 1 });
      expect(all.body.items.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1], ids[0]]);
      expect(all.body.items[0]).not.toHaveProperty('evidence');

      const page2 = await registry.http().get(`/api/v1/systems/${system}/runs`).query({ pageSize: 2, page: 2 }).expect(200);
      expect(page2.body).toMatchObject({ total: 3, totalPages: 2, items: [expect.objectContaining({ id: ids[0] })] });

      const release = await registry.http().get(`/api/v1/systems/${system}/runs`).query({ release: '1.0' }).expect(200);
      expect(release.body.total).toBe(2);

      expectProblem(await registry.http().get('/api/v1/systems/nowhere/runs'), 404, 'not-found');
      expectProblem(await registry.http().get(`/api/v1/systems/${system}/runs`).query({ pageSize: 1000 }), 400, 'validation-failed');
    });

    it('gives the history: each run with its verdict and findings per profile', async () => {
      const res = await registry.http().get(`/api/v1/systems/${system}/history`).expect(200);

      expect(res.body.items[0]).toEqual({
        runId: ids[2],
        release: '2.0',
        commit: null,
        startedAt: '2025-03-01T10:00:00.000Z',
        findings: 3,
        profiles: expect.objectContaining({ keyboard: { verdict: 'blocked', findings: 3 }, speech: { verdict: 'pass', findings: 0 } }),
      });
      expect(res.body.items[2]).toMatchObject({ release: '1.0', findings: 2, profiles: { keyboard: { verdict: 'barriers', findings: 2 } } });
    });

    it("says what is new and what was fixed since the previous release's latest run, by fingerprint", async () => {
      const res = await registry.http().get(`/api/v1/systems/${system}/releases/2.0/changes`).expect(200);

      expect(res.body).toMatchObject({
        release: '2.0',
        run: { id: ids[2], release: '2.0' },
        previousRun: { id: ids[1], release: '1.0' },
        unchanged: 1,
        summary: '2 new, 2 fixed, 1 unchanged since 1.0',
      });
      expect(res.body.new.map((f: { fingerprint: string }) => f.fingerprint)).toEqual(['d', 'c']);
      expect(res.body.fixed.map((f: { fingerprint: string }) => f.fingerprint).sort()).toEqual(['a', 'x']);
      expect(res.body.new[0]).toEqual({
        fingerprint: 'd',
        rule: 'keyboard/mouse-only-control',
        impact: 'critical',
        profiles: ['keyboard'],
        selector: '#d',
        pageUrl: 'http://casework.test/cases/1042',
        pageState: 'initial',
        message: expect.any(String),
      });

      const firstRelease = await registry.http().get(`/api/v1/systems/${system}/releases/1.0/changes`).expect(200);
      expect(firstRelease.body).toMatchObject({ previousRun: null, fixed: [], unchanged: 0 });
      expect(firstRelease.body.new).toHaveLength(3);
    });

    it('answers 404 for a release without runs or that does not exist', async () => {
      await registry.http().post(`/api/v1/systems/${system}/releases`).send({ version: '3.0' }).expect(201);

      const noRuns = await registry.http().get(`/api/v1/systems/${system}/releases/3.0/changes`);
      expectProblem(noRuns, 404, 'no-runs');
      expectProblem(await registry.http().get(`/api/v1/systems/${system}/releases/9.9/changes`), 404, 'not-found');
    });
  });
});

/** "casework-3" → "3": the fixture names systems "Casework <n>". */
function counterOf(slug: string): string {
  return slug.replace(/^casework-/, '');
}
