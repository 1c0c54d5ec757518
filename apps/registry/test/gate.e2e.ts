import type { Response } from 'supertest';
import { finding, journey, makeReport } from '../../../test/support/reports.js';
import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';

function expectProblem(res: Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
}

interface GateAt {
  assistiveTechnology: { slug: string; name: string | null; profile: string | null };
  version: string | null;
  verdict: 'pass' | 'fail';
  status: string;
  reason: string;
}

const GOV_UK_MINIMUM = ['jaws', 'nvda', 'voiceover-macos', 'voiceover-ios', 'talkback', 'windows-magnifier', 'dragon-professional'];

const byAt = (ats: GateAt[]) => Object.fromEntries(ats.map((a) => [a.assistiveTechnology.slug, a]));

describe('the rollout gate (on the demo catalogue)', () => {
  let registry: TestRegistry;
  let caseworkToken: string;

  beforeAll(async () => {
    registry = await startRegistry({ demo: true });
    caseworkToken = (await registry.http().post('/api/v1/tokens').send({ name: 'casework CI', systems: ['casework'] }).expect(201)).body.token;
  });

  afterAll(async () => {
    await registry?.close();
  });

  const gate = (system: string, release: string) => registry.http().get(`/api/v1/systems/${system}/releases/${release}/gate`);

  describe('GET /api/v1/systems/:slug/gate-policy', () => {
    it('defaults to the GOV.UK Service Manual minimum set, readable by anyone', async () => {
      const res = await registry.anonymous().get('/api/v1/systems/casework/gate-policy').expect(200);

      expect(res.body).toMatchObject({
        system: { slug: 'casework', name: 'Casework' },
        includeOrganisationDefaults: true,
        organisationDefaults: GOV_UK_MINIMUM,
        assistiveTechnologies: [],
      });
      expect(res.body.required).toEqual(GOV_UK_MINIMUM.map((slug) => expect.objectContaining({ slug, source: 'organisation', name: expect.any(String) })));
      expect(res.body.required.find((r: { slug: string }) => r.slug === 'dragon-professional')).toEqual({
        slug: 'dragon-professional',
        name: 'Dragon Professional',
        profile: 'speech',
        source: 'organisation',
      });
      expectProblem(await registry.anonymous().get('/api/v1/systems/nowhere/gate-policy'), 404, 'not-found');
    });
  });

  describe('GET /api/v1/systems/:slug/releases/:version/gate', () => {
    it('fails closed on a release nothing has looked at: every required AT untested', async () => {
      const res = await gate('casework', '2.4.0').expect(200);

      expect(res.body).toMatchObject({ system: { slug: 'casework' }, release: '2.4.0', verdict: 'fail', latestRun: null });
      expect(res.body.ats).toHaveLength(7);
      for (const at of res.body.ats as GateAt[]) {
        expect(at).toMatchObject({ verdict: 'fail', status: 'untested' });
        expect(at.reason).toContain('untested — no automated run covered the');
      }
      expect(byAt(res.body.ats)['dragon-professional']!.reason).toBe(
        'Dragon Professional 16: untested — no automated run covered the speech profile and no person has tested it',
      );
      expect(res.body.summary).toBe(
        '7 of 7 required assistive technologies fail: JAWS, NVDA, VoiceOver (macOS), VoiceOver (iOS), TalkBack, Windows Magnifier, Dragon Professional.',
      );
    });

    it("fails on a person's does-not-work, with the record's summary as the reason", async () => {
      const res = await gate('casework', '2.3.0').expect(200);

      const dragon = byAt(res.body.ats)['dragon-professional']!;
      expect(dragon).toMatchObject({ verdict: 'fail', status: 'does-not-work', version: '16' });
      expect(dragon.reason).toBe(
        'Dragon Professional 16: blocked — "Save note" and the case list rows only respond to a mouse click, so a caseworker cannot finish a case by voice.',
      );
      expect(res.body.verdict).toBe('fail');
    });

    it('after CI publishes a run for a new release: blocked ATs fail with the journey step, covered ones pass with a warning', async () => {
      const report = makeReport({
        system: 'casework',
        release: '2.5.0',
        findings: [finding({ fingerprint: 'save', profiles: ['keyboard', 'speech'] })],
        journeys: [journey('Record a note', 'speech', [{ name: 'Open the case' }, { name: 'Save note', blockedBecause: 'needs a mouse' }])],
      });
      await registry.as(caseworkToken).post('/api/v1/runs').send({ system: 'casework', release: '2.5.0', report }).expect(201);

      const res = await gate('casework', '2.5.0').expect(200);

      expect(res.body).toMatchObject({ verdict: 'fail', latestRun: { id: report.run.id } });
      const ats = byAt(res.body.ats);
      expect(ats['dragon-professional']).toMatchObject({ verdict: 'fail', status: 'does-not-work', version: '16', evidence: 'automated' });
      expect(ats['dragon-professional']!.reason).toBe("Dragon Professional 16: blocked — journey 'Record a note' step 'Save note': needs a mouse");
      expect(ats.jaws).toMatchObject({ verdict: 'pass', status: 'untested', version: '2025' });
      expect(ats.jaws!.reason).toBe('JAWS 2025: no blocking barriers found by automated checks — not yet tested by a person');
      expect(res.body.summary).toBe('1 of 7 required assistive technologies fail: Dragon Professional.');
    });

    it('answers 404 for an unknown system or release', async () => {
      expectProblem(await gate('nowhere', '1.0'), 404, 'not-found');
      expectProblem(await gate('casework', '9.9.9'), 404, 'not-found');
    });
  });

  describe('PUT /api/v1/systems/:slug/gate-policy', () => {
    it('needs the admin token: 401 without one, 403 for a system token', async () => {
      const body = { assistiveTechnologies: ['zoomtext'] };

      expectProblem(await registry.anonymous().put('/api/v1/systems/casework/gate-policy').send(body), 401, 'unauthorized');
      expectProblem(await registry.as(caseworkToken).put('/api/v1/systems/casework/gate-policy').send(body), 403, 'forbidden');
    });

    it('names unknown assistive technologies and bad fields', async () => {
      const unknown = await registry.http().put('/api/v1/systems/casework/gate-policy').send({ assistiveTechnologies: ['zoomtext', 'telepathy'] });
      expectProblem(unknown, 400, 'validation-failed');
      expect(unknown.body.errors).toEqual([{ field: 'assistiveTechnologies[1]', message: 'there is no assistive technology "telepathy"' }]);

      const bad = await registry.http().put('/api/v1/systems/casework/gate-policy').send({ assistiveTechnologies: 'zoomtext', includeOrganisationDefaults: 'yes' });
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['assistiveTechnologies', 'includeOrganisationDefaults']);
      expectProblem(await registry.http().put('/api/v1/systems/nowhere/gate-policy').send({ assistiveTechnologies: [] }), 404, 'not-found');
    });

    it('adds a system\'s own ATs to the defaults, and the gate checks them', async () => {
      const res = await registry.http().put('/api/v1/systems/casework/gate-policy').send({ assistiveTechnologies: ['zoomtext', 'jaws'] }).expect(200);

      expect(res.body.assistiveTechnologies).toEqual(['jaws', 'zoomtext']);
      expect(res.body.required.map((r: { slug: string }) => r.slug)).toEqual([...GOV_UK_MINIMUM, 'zoomtext']);
      expect(res.body.required.at(-1)).toMatchObject({ slug: 'zoomtext', source: 'system' });

      const result = await gate('casework', '2.5.0').expect(200);
      expect(result.body.ats).toHaveLength(8);
      expect(byAt(result.body.ats).zoomtext).toMatchObject({ verdict: 'pass', version: '2025' });
      await registry.anonymous().get('/api/v1/systems/casework/gate-policy').expect(200).expect((r) => expect(r.body.assistiveTechnologies).toEqual(['jaws', 'zoomtext']));
    });

    it('can leave the organisation defaults out; a release whose required ATs all pass passes', async () => {
      await registry.http().put('/api/v1/systems/intranet/gate-policy').send({ assistiveTechnologies: ['jaws', 'keyboard-only'], includeOrganisationDefaults: false }).expect(200);
      await registry.http().post('/api/v1/runs').send({ system: 'intranet', release: '2025.11', report: makeReport({ system: 'intranet', release: '2025.11' }) }).expect(201);

      const res = await gate('intranet', '2025.11').expect(200);

      expect(res.body.verdict).toBe('pass');
      expect(res.body.ats.map((a: GateAt) => [a.assistiveTechnology.slug, a.verdict])).toEqual([
        ['jaws', 'pass'],
        ['keyboard-only', 'pass'],
      ]);
      expect(res.body.summary).toBe('All 2 required assistive technologies pass: none is blocked.');
    });
  });
});

describe('an organisation that requires more (ATCOMPAT_GATE_REQUIRED_ATS)', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry({ demo: true, config: { gateRequiredAts: ['claroread', 'braille-display'] } });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('adds them to every system, and fails an AT the catalogue does not know, naming it', async () => {
    const policy = await registry.anonymous().get('/api/v1/systems/hr-self-service/gate-policy').expect(200);
    expect(policy.body.organisationDefaults).toEqual([...GOV_UK_MINIMUM, 'claroread', 'braille-display']);
    expect(policy.body.required.at(-1)).toEqual({ slug: 'braille-display', name: null, profile: null, source: 'organisation' });

    const res = await registry.http().get('/api/v1/systems/hr-self-service/releases/5.1/gate').expect(200);
    const ats = byAt(res.body.ats);
    expect(ats.claroread).toMatchObject({ verdict: 'fail', status: 'untested' });
    expect(ats['braille-display']).toMatchObject({ verdict: 'fail', version: null, assistiveTechnology: { slug: 'braille-display', name: null } });
    expect(ats['braille-display']!.reason).toMatch(/^braille-display: untested — not in the registry's catalogue/);
  });
});
