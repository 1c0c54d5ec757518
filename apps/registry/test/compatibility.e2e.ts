import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';

let registry: TestRegistry;
let counter = 0;

beforeAll(async () => {
  registry = await startRegistry();
});

afterAll(async () => {
  await registry?.close();
});

const api = () => registry.http();

/** A fresh AT (profile speech unless given) with versions, and a fresh system with releases. */
async function fixture(options: { profile?: string; department?: string; lifecycle?: string } = {}) {
  counter += 1;
  const at = `at-${counter}`;
  const system = `sys-${counter}`;
  await api()
    .post('/api/v1/assistive-technologies')
    .send({ name: `AT ${counter}`, slug: at, vendor: 'Vendor', profile: options.profile ?? 'speech', platforms: ['windows'] })
    .expect(201);
  await api().post(`/api/v1/assistive-technologies/${at}/versions`).send({ version: '1', releasedOn: '2024-01-01' }).expect(201);
  await api().post(`/api/v1/assistive-technologies/${at}/versions`).send({ version: '2', releasedOn: '2025-01-01' }).expect(201);
  await api()
    .post('/api/v1/systems')
    .send({
      name: `System ${counter}`,
      slug: system,
      owner: 'Team',
      department: options.department ?? 'Operations',
      platform: 'web',
      lifecycle: options.lifecycle ?? 'live',
    })
    .expect(201);
  await api().post(`/api/v1/systems/${system}/releases`).send({ version: '1.0', releasedOn: '2025-01-01' }).expect(201);
  await api().post(`/api/v1/systems/${system}/releases`).send({ version: '1.1', releasedOn: '2025-06-01' }).expect(201);
  return { at, system };
}

async function record(body: Record<string, unknown>) {
  const res = await api().post('/api/v1/compatibility-records').send(body).expect(201);
  return res.body as { id: string; status: string; needsRetest: boolean };
}

const evidence = (kind: string, result: string | undefined, observedAt: string) => ({
  kind,
  ...(result ? { result } : {}),
  recordedBy: 'Tester',
  observedAt,
});

describe('compatibility records', () => {
  it('creates a record named by slugs and versions, and says why it needs a retest', async () => {
    const { at, system } = await fixture();
    const res = await api()
      .post('/api/v1/compatibility-records')
      .send({ system, release: '1.1', assistiveTechnology: at, atVersion: '1', status: 'partial', summary: 'Mostly' })
      .expect(201);
    expect(res.body).toMatchObject({
      system: { slug: system },
      release: '1.1',
      assistiveTechnology: { slug: at, profile: 'speech' },
      atVersion: '1',
      browser: null,
      status: 'partial',
      summary: 'Mostly',
      needsRetest: true,
      strongestEvidence: null,
      evidenceCount: 0,
      evidence: [],
    });
    expect(res.body.needsRetestBecause).toEqual([`a newer version of AT ${counter} than 1 exists`]);

    const current = await record({ system, release: '1.1', assistiveTechnology: at, atVersion: '2', status: 'works' });
    expect(current.needsRetest).toBe(false);
  });

  it('refuses a second record for the same release, AT version and browser with 409', async () => {
    const { at, system } = await fixture();
    const body = { system, release: '1.0', assistiveTechnology: at, atVersion: '2', status: 'untested' };
    await record(body);
    const dup = await api().post('/api/v1/compatibility-records').send(body).expect(409);
    expect(dup.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(dup.body.code).toBe('duplicate-record');
    await record({ ...body, browser: 'Edge 128' });
    await api().post('/api/v1/compatibility-records').send({ ...body, browser: 'Edge 128' }).expect(409);
  });

  it('needs a workaround for works-with-workaround, naming the field', async () => {
    const { at, system } = await fixture();
    const res = await api()
      .post('/api/v1/compatibility-records')
      .send({ system, release: '1.0', assistiveTechnology: at, atVersion: '1', status: 'works-with-workaround' })
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'workaround' })]);
  });

  it('names every invalid field, and 404s on an unknown system or AT version', async () => {
    const { at, system } = await fixture();
    const bad = await api()
      .post('/api/v1/compatibility-records')
      .send({ system: 'Not A Slug', release: '', assistiveTechnology: at, atVersion: '1', status: 'fine', colour: 'red' })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'release', 'status', 'system']);

    const noSystem = await api()
      .post('/api/v1/compatibility-records')
      .send({ system: 'nowhere', release: '1.0', assistiveTechnology: at, atVersion: '1', status: 'works' })
      .expect(404);
    expect(noSystem.body.detail).toContain('nowhere');
    const noVersion = await api()
      .post('/api/v1/compatibility-records')
      .send({ system, release: '1.0', assistiveTechnology: at, atVersion: '9', status: 'works' })
      .expect(404);
    expect(noVersion.body.detail).toContain('"9"');
  });

  it('answers a record id that is not a UUID with 400, and an unknown one with 404', async () => {
    const bad = await api().get('/api/v1/compatibility-records/not-a-uuid').expect(400);
    expect(bad.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    await api().get('/api/v1/compatibility-records/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('updates status and workaround, but not which release the record is about', async () => {
    const { at, system } = await fixture();
    const r = await record({ system, release: '1.0', assistiveTechnology: at, atVersion: '2', status: 'partial' });
    const updated = await api()
      .patch(`/api/v1/compatibility-records/${r.id}`)
      .send({ status: 'works-with-workaround', workaround: 'Use MouseGrid', lastVerifiedAt: '2025-07-01T10:00:00Z' })
      .expect(200);
    expect(updated.body).toMatchObject({ status: 'works-with-workaround', workaround: 'Use MouseGrid', lastVerifiedAt: '2025-07-01T10:00:00.000Z' });
    const moved = await api().patch(`/api/v1/compatibility-records/${r.id}`).send({ release: '1.1' }).expect(400);
    expect(moved.body.errors).toEqual([expect.objectContaining({ field: 'release' })]);
  });
});

describe('evidence', () => {
  it('lets the best-supported evidence set the status; automated evidence never says works', async () => {
    const { at, system } = await fixture();
    const r = await record({ system, release: '1.1', assistiveTechnology: at, atVersion: '2', status: 'untested' });
    const url = `/api/v1/compatibility-records/${r.id}`;

    await api().post(`${url}/evidence`).send(evidence('automated', 'works', '2025-07-01T00:00:00Z')).expect(201);
    expect((await api().get(url).expect(200)).body.status).toBe('untested');

    await api().post(`${url}/evidence`).send(evidence('automated', 'does-not-work', '2025-07-02T00:00:00Z')).expect(201);
    expect((await api().get(url).expect(200)).body.status).toBe('does-not-work');

    await api().post(`${url}/evidence`).send(evidence('manual', 'partial', '2025-07-03T00:00:00Z')).expect(201);
    let body = (await api().get(url).expect(200)).body;
    expect(body).toMatchObject({ status: 'partial', strongestEvidence: 'manual', evidenceCount: 3, lastVerifiedAt: '2025-07-03T00:00:00.000Z' });

    await api().post(`${url}/evidence`).send(evidence('vendor', 'works', '2025-07-04T00:00:00Z')).expect(201);
    expect((await api().get(url).expect(200)).body.status).toBe('partial');

    await api().post(`${url}/evidence`).send(evidence('manual', 'works', '2025-07-05T00:00:00Z')).expect(201);
    body = (await api().get(url).expect(200)).body;
    expect(body.status).toBe('works');
    expect(body.evidence.map((e: { observedAt: string }) => e.observedAt.slice(0, 10))).toEqual([
      '2025-07-05',
      '2025-07-04',
      '2025-07-03',
      '2025-07-02',
      '2025-07-01',
    ]);
  });

  it('refuses evidence from the future or of an unknown kind, naming the field', async () => {
    const { at, system } = await fixture();
    const r = await record({ system, release: '1.0', assistiveTechnology: at, atVersion: '1', status: 'untested' });
    const future = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    const late = await api().post(`/api/v1/compatibility-records/${r.id}/evidence`).send(evidence('manual', 'works', future)).expect(400);
    expect(late.body.errors).toEqual([expect.objectContaining({ field: 'observedAt' })]);
    const kind = await api()
      .post(`/api/v1/compatibility-records/${r.id}/evidence`)
      .send(evidence('rumour', undefined, '2025-01-01T00:00:00Z'))
      .expect(400);
    expect(kind.body.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
    expect((await api().get(`/api/v1/compatibility-records/${r.id}/evidence`).expect(200)).body).toEqual([]);
  });

  it('keeps a record while it has evidence; deleting the evidence first lets it go', async () => {
    const { at, system } = await fixture();
    const r = await record({ system, release: '1.0', assistiveTechnology: at, atVersion: '1', status: 'untested' });
    const e = await api()
      .post(`/api/v1/compatibility-records/${r.id}/evidence`)
      .send({ ...evidence('user-report', 'partial', '2025-01-01T00:00:00Z'), os: 'Windows 11', runUrl: 'https://ci.example/1' })
      .expect(201);
    expect(e.body).toMatchObject({ kind: 'user-report', result: 'partial', os: 'Windows 11', runUrl: 'https://ci.example/1' });
    const refused = await api().delete(`/api/v1/compatibility-records/${r.id}`).expect(409);
    expect(refused.body.code).toBe('has-evidence');
    await api().delete(`/api/v1/compatibility-records/${r.id}/evidence/${e.body.id}`).expect(204);
    await api().delete(`/api/v1/compatibility-records/${r.id}`).expect(204);
    await api().get(`/api/v1/compatibility-records/${r.id}`).expect(404);
  });
});

describe('listing records', () => {
  it('filters by system, release, AT, status and needs-retest, and pages', async () => {
    const { at, system } = await fixture();
    const old = await record({ system, release: '1.0', assistiveTechnology: at, atVersion: '1', status: 'partial' });
    const current = await record({ system, release: '1.1', assistiveTechnology: at, atVersion: '2', status: 'works' });
    await record({ system, release: '1.1', assistiveTechnology: at, atVersion: '1', status: 'does-not-work' });

    const ids = async (query: string) =>
      (await api().get(`/api/v1/compatibility-records?${query}`).expect(200)).body.items.map((i: { id: string }) => i.id);

    expect((await ids(`system=${system}`)).length).toBe(3);
    expect(await ids(`system=${system}&release=1.0`)).toEqual([old.id]);
    expect(await ids(`system=${system}&status=works`)).toEqual([current.id]);
    expect(await ids(`system=${system}&needsRetest=false`)).toEqual([current.id]);
    expect((await ids(`system=${system}&needsRetest=true`)).sort()).not.toContain(current.id);
    expect((await ids(`assistiveTechnology=${at}&atVersion=2`))).toEqual([current.id]);

    const page = await api().get(`/api/v1/compatibility-records?system=${system}&pageSize=2&page=2`).expect(200);
    expect(page.body).toMatchObject({ page: 2, pageSize: 2, total: 3, totalPages: 2 });
    expect(page.body.items).toHaveLength(1);
  });

  it('answers bad filters with 400 naming them', async () => {
    const res = await api().get('/api/v1/compatibility-records?release=1.0&needsRetest=maybe&status=fine').expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['needsRetest', 'status']);
    const orphan = await api().get('/api/v1/compatibility-records?release=1.0').expect(400);
    expect(orphan.body.errors).toEqual([expect.objectContaining({ field: 'release' })]);
  });
});

describe('known issues', () => {
  it('records a workaround per system × AT, filters, updates and deletes', async () => {
    const { at, system } = await fixture();
    const created = await api()
      .post('/api/v1/known-issues')
      .send({ system, assistiveTechnology: at, title: 'Save is mouse-only', workaround: 'Use MouseGrid', vendorBugUrl: 'https://bugs.example/1' })
      .expect(201);
    expect(created.body).toMatchObject({
      system: { slug: system },
      assistiveTechnology: { slug: at },
      title: 'Save is mouse-only',
      workaround: 'Use MouseGrid',
      status: 'open',
    });
    const listed = await api().get(`/api/v1/known-issues?system=${system}`).expect(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([created.body.id]);
    expect((await api().get(`/api/v1/known-issues?system=${system}&status=resolved`).expect(200)).body.total).toBe(0);

    await api().patch(`/api/v1/known-issues/${created.body.id}`).send({ status: 'resolved' }).expect(200);
    expect((await api().get(`/api/v1/known-issues?system=${system}&status=resolved`).expect(200)).body.total).toBe(1);

    const bad = await api()
      .post('/api/v1/known-issues')
      .send({ system, assistiveTechnology: at, title: ' ', vendorBugUrl: 'javascript:alert(1)' })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['title', 'vendorBugUrl']);

    await api().delete(`/api/v1/known-issues/${created.body.id}`).expect(204);
    await api().get(`/api/v1/known-issues/${created.body.id}`).expect(404);
  });
});

describe('GET /api/v1/matrix', () => {
  const cellOf = async (system: string, at: string, query = '') => {
    const res = await api().get(`/api/v1/matrix?${query}`).expect(200);
    const row = res.body.systems.find((s: { slug: string }) => s.slug === system);
    return row?.cells.find((c: { assistiveTechnology: string }) => c.assistiveTechnology === at);
  };

  it('shows the newest release that has a record, and the best-supported evidence within it', async () => {
    const { at, system } = await fixture();
    const old = await record({ system, release: '1.0', assistiveTechnology: at, atVersion: '2', status: 'untested' });
    await api().post(`/api/v1/compatibility-records/${old.id}/evidence`).send(evidence('manual', 'works', '2025-02-01T00:00:00Z'));
    expect(await cellOf(system, at)).toMatchObject({ status: 'works', release: '1.0', evidence: 'manual', needsRetest: true });

    const automated = await record({ system, release: '1.1', assistiveTechnology: at, atVersion: '1', status: 'untested' });
    await api()
      .post(`/api/v1/compatibility-records/${automated.id}/evidence`)
      .send(evidence('automated', 'does-not-work', '2025-06-02T00:00:00Z'))
      .expect(201);
    expect(await cellOf(system, at)).toMatchObject({ status: 'does-not-work', release: '1.1', atVersion: '1', evidence: 'automated', needsRetest: true });

    const vendor = await record({ system, release: '1.1', assistiveTechnology: at, atVersion: '2', status: 'untested' });
    await api()
      .post(`/api/v1/compatibility-records/${vendor.id}/evidence`)
      .send(evidence('vendor', 'partial', '2025-06-03T00:00:00Z'))
      .expect(201);
    expect(await cellOf(system, at)).toMatchObject({ status: 'partial', atVersion: '2', evidence: 'vendor', needsRetest: false });

    // A person's test outranks the vendor's word: the cell follows the manually tested record.
    const refused = await api()
      .post(`/api/v1/compatibility-records/${automated.id}/evidence`)
      .send(evidence('manual', 'works-with-workaround', '2025-06-04T00:00:00Z'))
      .expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'workaround' })]);
    await api()
      .post(`/api/v1/compatibility-records/${automated.id}/evidence`)
      .send({ ...evidence('manual', 'works-with-workaround', '2025-06-04T00:00:00Z'), workaround: 'Say "press Enter"' })
      .expect(201);
    expect(await cellOf(system, at)).toMatchObject({
      status: 'works-with-workaround',
      atVersion: '1',
      evidence: 'manual',
      workaround: true,
      needsRetest: true,
    });
  });

  it('marks a cell untested when there is no record, and counts open known issues', async () => {
    const { at, system } = await fixture();
    expect(await cellOf(system, at)).toMatchObject({ status: 'untested', recordId: null, openKnownIssues: 0 });
    await api().post('/api/v1/known-issues').send({ system, assistiveTechnology: at, title: 'Problem' }).expect(201);
    expect((await cellOf(system, at)).openKnownIssues).toBe(1);
  });

  it('filters by profile, department, lifecycle and status', async () => {
    const magnifier = await fixture({ profile: 'magnifier', department: 'Finance Unit', lifecycle: 'retiring' });
    await record({ system: magnifier.system, release: '1.1', assistiveTechnology: magnifier.at, atVersion: '2', status: 'does-not-work' });

    const byProfile = (await api().get('/api/v1/matrix?profile=magnifier').expect(200)).body;
    expect(byProfile.assistiveTechnologies.every((a: { profile: string }) => a.profile === 'magnifier')).toBe(true);
    expect(byProfile.assistiveTechnologies.map((a: { slug: string }) => a.slug)).toContain(magnifier.at);

    const byDepartment = (await api().get('/api/v1/matrix?department=finance%20unit').expect(200)).body;
    expect(byDepartment.systems.map((s: { slug: string }) => s.slug)).toEqual([magnifier.system]);

    const byLifecycle = (await api().get('/api/v1/matrix?lifecycle=retiring').expect(200)).body;
    expect(byLifecycle.systems.map((s: { slug: string }) => s.slug)).toEqual([magnifier.system]);

    const byStatus = (await api().get('/api/v1/matrix?status=does-not-work&department=Finance%20Unit').expect(200)).body;
    expect(byStatus.assistiveTechnologies.map((a: { slug: string }) => a.slug)).toEqual([magnifier.at]);
    expect(byStatus.totals['does-not-work']).toBe(1);

    const bad = await api().get('/api/v1/matrix?profile=telepathy&lifecycle=eternal').expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['lifecycle', 'profile']);
  });

  it('exports the same view as CSV, by address or by Accept header', async () => {
    const { at, system } = await fixture({ department: 'CSV Unit' });
    await record({ system, release: '1.1', assistiveTechnology: at, atVersion: '2', status: 'partial' });
    const json = (await api().get('/api/v1/matrix?department=CSV%20Unit').expect(200)).body;

    const csv = await api().get('/api/v1/matrix.csv?department=CSV%20Unit').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('atcompat-matrix.csv');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.split(',').length).toBe(5 + json.assistiveTechnologies.length);
    expect(lines[1]).toContain(`System ${counter},${system},CSV Unit,live,web`);
    expect(lines[1]).toContain('partial');

    const negotiated = await api().get('/api/v1/matrix?department=CSV%20Unit').set('Accept', 'text/csv').expect(200);
    expect(negotiated.text).toBe(csv.text);
  });
});
