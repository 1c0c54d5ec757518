/**
 * Security item 8: run reports carry screenshots and the HTML of internal systems. The run pages
 * need someone signed in, so the API must not show them to anyone without a token: it takes the
 * admin token, or a token scoped to the run's system.
 */
import type { Response } from 'supertest';
import { createAccount, signIn } from '../support/accounts.js';
import { finding, journey, makeReport } from '../support/reports.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';

const SCREENSHOT = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const INTERNAL_HTML = '<div id="save" data-case="CW-1001 Amina Okafor">Save note</div>';

function expectProblem(res: Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
  // Nothing of the report in a refusal.
  expect(res.text).not.toContain('Amina Okafor');
  expect(res.text).not.toContain('iVBORw0KGgo');
}

describe('run reports are public through the API while the run pages need a sign-in', () => {
  let registry: TestRegistry;
  let runId: string;
  let casework: string;
  let otherSystem: string;
  const system = 'casework-internal';

  beforeAll(async () => {
    registry = await startRegistry();
    await registry.http().post('/api/v1/assistive-technologies').send({ name: 'Dragon', slug: 'dragon', vendor: 'V', profile: 'speech', platforms: ['windows'] }).expect(201);
    await registry.http().post('/api/v1/assistive-technologies/dragon/versions').send({ version: '16', releasedOn: '2021-05-01' }).expect(201);
    for (const slug of [system, 'hr-internal']) {
      await registry.http().post('/api/v1/systems').send({ name: slug, slug, owner: 'T', department: 'D', platform: 'web', lifecycle: 'pre-rollout' }).expect(201);
      await registry.http().post(`/api/v1/systems/${slug}/releases`).send({ version: '1.0', releasedOn: '2025-01-01' }).expect(201);
    }
    casework = (await registry.http().post('/api/v1/tokens').send({ name: 'casework CI', systems: [system] }).expect(201)).body.token;
    otherSystem = (await registry.http().post('/api/v1/tokens').send({ name: 'hr CI', systems: ['hr-internal'] }).expect(201)).body.token;
    const report = makeReport({
      system,
      release: '1.0',
      findings: [finding({ fingerprint: 'save-mouse-only', html: INTERNAL_HTML, screenshot: SCREENSHOT, message: '"Save note" for CW-1001 Amina Okafor needs a mouse.' })],
      journeys: [journey('Record a note', 'speech', [{ name: 'Save note', blockedBecause: 'needs a mouse (CW-1001 Amina Okafor)' }])],
    });
    runId = report.run.id;
    await registry.as(casework).post('/api/v1/runs').send({ system, release: '1.0', report }).expect(201);
    await createAccount(registry, { email: 'sam.staff@example.gov.uk', name: 'Sam Staff' });
  });

  afterAll(async () => {
    await registry?.close();
  });

  const endpoints = () => [
    `/api/v1/runs/${runId}`,
    `/api/v1/runs/${runId}/findings`,
    `/api/v1/runs/${runId}/report`,
    `/api/v1/systems/${system}/runs`,
    `/api/v1/systems/${system}/history`,
    `/api/v1/systems/${system}/releases/1.0/changes`,
    `/api/v1/systems/${system}/releases/1.0/gate`,
  ];

  it('answers 401 (problem+json, WWW-Authenticate: Bearer) to a client without a token, like the run page sends it to sign in', async () => {
    const page = await registry.anonymous().get(`/runs/${runId}`).redirects(0);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(`/runs/${runId}`)}`);

    for (const path of endpoints()) {
      const res = await registry.anonymous().get(path);
      expectProblem(res, 401, 'unauthorized');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
  });

  it('answers 401 to a token that is not valid', async () => {
    for (const path of endpoints()) expectProblem(await registry.as('atc_0000000000000000_not-a-real-token').get(path), 401, 'unauthorized');
  });

  it('answers 403 to a token scoped to another system', async () => {
    for (const path of endpoints()) {
      const res = await registry.as(otherSystem).get(path);
      expectProblem(res, 403, 'forbidden');
      expect(res.body.detail).toContain(`not of ${system}`);
    }
  });

  it("shows them to the system's own token (what `atcompat gate` sends) and to the admin token", async () => {
    for (const client of [registry.as(casework), registry.http()]) {
      for (const path of endpoints()) expect((await client.get(path)).status).toBe(200);
      const report = await client.get(`/api/v1/runs/${runId}/report`).expect(200);
      expect(report.body.pages[0].findings[0].screenshot).toBe(SCREENSHOT);
      const gate = await client.get(`/api/v1/systems/${system}/releases/1.0/gate`).expect(200);
      expect(gate.body.verdict).toBe('fail');
    }
  });

  it('still shows the run page, the system page and its runs to someone signed in', async () => {
    const staff = await signIn(registry, 'sam.staff@example.gov.uk');
    const run = await staff.agent.get(`/runs/${runId}`).expect(200);
    expect(run.text).toContain(SCREENSHOT);
    const systemPage = await staff.agent.get(`/systems/${system}`).expect(200);
    expect(systemPage.text).toContain(`href="/runs/${runId}"`);
  });

  it('keeps what is not run data open: the gate policy and the system itself', async () => {
    await registry.anonymous().get(`/api/v1/systems/${system}/gate-policy`).expect(200);
    await registry.anonymous().get(`/api/v1/systems/${system}`).expect(200);
  });
});
