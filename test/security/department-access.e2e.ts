import { randomUUID } from 'node:crypto';
import { createAccount, signIn, browser, type Browser } from '../support/accounts.js';
import { fakeOidcProvider } from '../support/oidc-provider.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { makeReport } from '../support/reports.js';

/**
 * Security issue, item 2: a champion could give themselves another department's health data by
 * moving a system into their own department; champions could change any system; and the audit
 * log said only which path was called, not what changed. Each describe is one defect.
 */

const BARRIER = 'My screen reader cannot reach the Approve button on the claims screen.';
const NEED = 'Approve to be a real button I can reach with the keyboard.';
const DECLINE_REASON = 'The supplier cannot change the claims screen before the contract ends.';

interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}
interface RecordChange {
  recordType: string;
  recordId: string | null;
  action: string;
  fields: FieldChange[];
}
interface AuditRow {
  kind: string;
  record_id: string | null;
  changes: RecordChange[];
}

describe('security: department access, champion coverage and field-level audit', () => {
  let registry: TestRegistry;
  let yuri: Browser; // staff in Claims (department Y)
  let xena: Browser; // champion covering Benefits (department X), and the single system "ledger" in Finance
  let yvonne: Browser; // champion covering Claims
  let ada: Browser; // admin

  const api = () => registry.http();
  const system = (slug: string, department: string) =>
    api().post('/api/v1/systems').send({ name: `System ${slug}`, slug, owner: 'Team', department, platform: 'web', lifecycle: 'live' }).expect(201);
  const requestAbout = async (b: Browser, systemSlug: string): Promise<string> => {
    const res = await b.post('/adjustments', {
      system: systemSlug,
      assistiveTechnology: 'nvda',
      atVersion: '2024.1',
      barrier: BARRIER,
      need: NEED,
      urgency: 'soon',
      contactMethod: 'email',
    });
    expect(res.status).toBe(303);
    return /^\/adjustments\/([0-9a-f-]{36})/.exec(res.headers.location)![1]!;
  };
  const auditEvents = async (kindPrefix: string): Promise<AuditRow[]> =>
    registry.dataSource.query(`SELECT kind, record_id, changes FROM audit_event WHERE kind LIKE $1 ORDER BY occurred_at, id`, [`${kindPrefix}%`]);

  beforeAll(async () => {
    registry = await startRegistry();
    await system('claims', 'Claims');
    await system('benefits', 'Benefits');
    await system('ledger', 'Finance');
    await system('payroll', 'People');
    for (const slug of ['claims', 'benefits', 'ledger', 'payroll']) await api().post(`/api/v1/systems/${slug}/releases`).send({ version: '1.0' }).expect(201);
    await api().post('/api/v1/assistive-technologies').send({ name: 'NVDA', vendor: 'NV Access', profile: 'screen-reader', platforms: ['windows'] }).expect(201);
    await api().post('/api/v1/assistive-technologies/nvda/versions').send({ version: '2024.1' }).expect(201);

    await createAccount(registry, { email: 'yuri@example.gov.uk', name: 'Yuri Claims', department: 'Claims' });
    await createAccount(registry, { email: 'xena@example.gov.uk', name: 'Xena Benefits', role: 'champion', department: 'Benefits', departments: ['Benefits'], systems: ['ledger'] });
    await createAccount(registry, { email: 'yvonne@example.gov.uk', name: 'Yvonne Claims', role: 'champion', department: 'Claims', departments: ['Claims'] });
    await createAccount(registry, { email: 'ada@example.gov.uk', name: 'Ada Admin', role: 'admin' });
    yuri = await signIn(registry, 'yuri@example.gov.uk');
    xena = await signIn(registry, 'xena@example.gov.uk');
    yvonne = await signIn(registry, 'yvonne@example.gov.uk');
    ada = await signIn(registry, 'ada@example.gov.uk');
    // Four bcrypt hashes and sign-ins: slow on a busy machine, not a result.
  }, 180_000);

  afterAll(async () => {
    await registry?.close();
  });

  describe("access to adjustment requests follows the requester's department, not the system's", () => {
    it('a champion who moves a system into their department still cannot see requests about it by people in another department (404)', async () => {
      const id = await requestAbout(yuri, 'claims');
      expect((await xena.agent.get(`/adjustments/${id}`)).status).toBe(404);

      // The attack itself: Xena edits Claims' system into her own department. She may not…
      const attempt = await xena.post('/systems/claims/edit', { name: 'System claims', owner: 'Team', department: 'Benefits', platform: 'web', lifecycle: 'live' });
      expect(attempt.status).toBe(403);
      expect((await registry.dataSource.query(`SELECT department FROM system WHERE slug = 'claims'`))[0].department).toBe('Claims');

      // …and even when the system really is moved there (by an admin), who sees the request does not change.
      await api().patch('/api/v1/systems/claims').send({ department: 'Benefits' }).expect(200);
      const page = await xena.agent.get(`/adjustments/${id}`);
      expect(page.status).toBe(404);
      expect(page.text).not.toContain(BARRIER);
      expect((await xena.post(`/adjustments/${id}/status`, { to: 'in-review' })).status).toBe(404);
      expect((await xena.agent.get('/adjustments').expect(200)).text).not.toContain(id);

      // The champion for the requester's department still triages it.
      const triage = await yvonne.agent.get(`/adjustments/${id}`).expect(200);
      expect(triage.text).toContain(BARRIER);
      expect((await yvonne.agent.get('/adjustments').expect(200)).text).toContain(`/adjustments/${id}`);
      await api().patch('/api/v1/systems/claims').send({ department: 'Claims' }).expect(200);
    });

    it('covering the system itself does not show requests about it either', async () => {
      // Xena covers "ledger" directly; Yuri (Claims) asks about it.
      const id = await requestAbout(yuri, 'ledger');
      expect((await xena.agent.get(`/adjustments/${id}`)).status).toBe(404);
      expect((await yvonne.agent.get(`/adjustments/${id}`)).status).toBe(200);
    });

    it('a request by someone with no department is seen by the requester and admins only', async () => {
      await createAccount(registry, { email: 'nobody@example.gov.uk', name: 'Noel Nowhere' });
      const noel = await signIn(registry, 'nobody@example.gov.uk');
      const id = await requestAbout(noel, 'benefits');
      expect((await noel.agent.get(`/adjustments/${id}`)).status).toBe(200);
      expect((await ada.agent.get(`/adjustments/${id}`)).status).toBe(200);
      expect((await xena.agent.get(`/adjustments/${id}`)).status).toBe(404);
      expect((await yvonne.agent.get(`/adjustments/${id}`)).status).toBe(404);
    });

    it('an admin sets a department on the accounts page, and the champion covering it then triages that person', async () => {
      const [noel] = await registry.dataSource.query(`SELECT id FROM app_user WHERE email = 'nobody@example.gov.uk'`);
      const form = await ada.agent.get(`/admin/users/${noel.id}`).expect(200);
      expect(form.text).toMatch(/<label[^>]*for="department"/);

      const saved = await ada.post(`/admin/users/${noel.id}`, { role: 'staff', department: '  Benefits ' });
      expect(saved.status).toBe(303);
      expect((await registry.dataSource.query(`SELECT department FROM app_user WHERE id = $1`, [noel.id]))[0].department).toBe('Benefits');
      expect((await ada.agent.get('/admin/users').expect(200)).text).toContain('Benefits');

      // Noel's request from before is now Xena's to triage (signing in again: the change signed Noel out).
      const [request] = await registry.dataSource.query(`SELECT id FROM adjustment_request WHERE requester_id = $1`, [noel.id]);
      expect((await xena.agent.get(`/adjustments/${request.id}`)).status).toBe(200);

      const tooLong = await ada.post(`/admin/users/${noel.id}`, { role: 'staff', department: 'x'.repeat(201) });
      expect(tooLong.status).toBe(400);
      expect(tooLong.text).toContain('govuk-error-summary');
      expect(tooLong.text).toContain('The department must be 200 characters or fewer');
    });
  });

  describe('single sign-on sets the department from an ID-token claim', () => {
    let provider: Awaited<ReturnType<typeof fakeOidcProvider>>;
    let sso: TestRegistry;

    beforeAll(async () => {
      provider = await fakeOidcProvider('atcompat-test', 'client-secret-for-tests');
      sso = await startRegistry({
        config: {
          publicUrl: 'http://localhost:3000',
          oidc: {
            issuer: provider.issuer,
            clientId: 'atcompat-test',
            clientSecret: 'client-secret-for-tests',
            redirectUri: 'http://localhost:3000/sign-in/oidc/callback',
            departmentClaim: 'org_department',
          },
        },
      });
    });

    afterAll(async () => {
      await sso?.close();
      await provider?.close();
    });

    const signInWithSso = async (email: string, claims: Record<string, unknown>) => {
      const b = browser(sso);
      const start = await b.agent.get('/sign-in/oidc').redirects(0);
      const { code, state } = provider.authorize(start.headers.location, email, claims);
      expect((await b.agent.get(`/sign-in/oidc/callback?code=${code}&state=${state}`).redirects(0)).status).toBe(303);
    };
    const departmentOf = async (email: string) => (await sso.dataSource.query(`SELECT department FROM app_user WHERE email = $1`, [email]))[0]?.department;

    it('gives a new account the department the provider states, and follows it when it changes', async () => {
      await signInWithSso('nia@example.gov.uk', { org_department: 'Claims' });
      expect(await departmentOf('nia@example.gov.uk')).toBe('Claims');

      await signInWithSso('nia@example.gov.uk', { org_department: 'Benefits' });
      expect(await departmentOf('nia@example.gov.uk')).toBe('Benefits');

      // No claim this time: what is stored stays.
      await signInWithSso('nia@example.gov.uk', {});
      expect(await departmentOf('nia@example.gov.uk')).toBe('Benefits');
    });
  });

  describe('champions change only what their coverage allows', () => {
    let claimsRecord: string;
    let claimsIssue: string;

    beforeAll(async () => {
      claimsRecord = (
        await api()
          .post('/api/v1/compatibility-records')
          .send({ system: 'claims', release: '1.0', assistiveTechnology: 'nvda', atVersion: '2024.1', status: 'works' })
          .expect(201)
      ).body.id;
      claimsIssue = (await api().post('/api/v1/known-issues').send({ system: 'claims', assistiveTechnology: 'nvda', title: 'Approve is not a button' }).expect(201)).body.id;
    });

    const systemForm = (department: string) => ({ name: 'Changed name', owner: 'Team', department, platform: 'web', lifecycle: 'live' });
    const expectForbidden = (res: { status: number; text: string }) => {
      expect(res.status).toBe(403);
      expect(res.text).toContain('You can only');
      expect(res.text).not.toMatch(/at \w+ \(|Error:/);
    };

    it('refuses (403) every change to a system the champion does not cover, page by page, and leaves it unchanged', async () => {
      expectForbidden(await xena.agent.get('/systems/claims/edit'));
      expectForbidden(await xena.post('/systems/claims/edit', systemForm('Claims')));
      expectForbidden(await xena.agent.get('/systems/claims/releases/new'));
      expectForbidden(await xena.post('/systems/claims/releases', { version: '9.9' }));
      expectForbidden(await xena.agent.get('/systems/claims/releases/1.0/edit'));
      expectForbidden(await xena.post('/systems/claims/releases/1.0/edit', { version: '1.0', notes: 'changed' }));
      expectForbidden(await xena.post('/compatibility-records', { system: 'claims', release: '1.0', atVersion: 'nvda@2024.1', status: 'does-not-work', summary: 'x' }));
      expectForbidden(await xena.agent.get(`/compatibility-records/${claimsRecord}/edit`));
      expectForbidden(await xena.post(`/compatibility-records/${claimsRecord}/edit`, { status: 'does-not-work', summary: 'x' }));
      expectForbidden(await xena.agent.get(`/compatibility-records/${claimsRecord}/evidence/new`));
      expectForbidden(
        await xena.post(`/compatibility-records/${claimsRecord}/evidence`, { kind: 'manual', result: 'does-not-work', recordedBy: 'Xena', 'observedAt-day': '1', 'observedAt-month': '1', 'observedAt-year': '2026' }),
      );
      expectForbidden(await xena.post('/known-issues', { system: 'claims', assistiveTechnology: 'nvda', title: 'Made up' }));
      expectForbidden(await xena.agent.get(`/known-issues/${claimsIssue}/edit`));
      expectForbidden(await xena.post(`/known-issues/${claimsIssue}/edit`, { title: 'Renamed', status: 'resolved' }));

      const [claims] = await registry.dataSource.query(`SELECT name, department FROM system WHERE slug = 'claims'`);
      expect(claims).toEqual({ name: 'System claims', department: 'Claims' });
      expect((await registry.dataSource.query(`SELECT owner FROM system WHERE slug = 'claims'`))[0].owner).toBe('Team');
      expect((await registry.dataSource.query(`SELECT count(*)::int AS n FROM system_release sr JOIN system s ON s.id = sr.system_id WHERE s.slug = 'claims'`))[0].n).toBe(1);
      expect((await registry.dataSource.query(`SELECT status FROM compatibility_record WHERE id = $1`, [claimsRecord]))[0].status).toBe('works');
      expect((await registry.dataSource.query(`SELECT count(*)::int AS n FROM evidence WHERE record_id = $1`, [claimsRecord]))[0].n).toBe(0);
      expect((await registry.dataSource.query(`SELECT title, status FROM known_issue WHERE id = $1`, [claimsIssue]))[0]).toEqual({ title: 'Approve is not a button', status: 'open' });
      expect((await registry.dataSource.query(`SELECT count(*)::int AS n FROM known_issue WHERE title = 'Made up'`))[0].n).toBe(0);
    });

    it('lets a champion triage a request about a system they do not cover, but not write it into the registry (403)', async () => {
      await createAccount(registry, { email: 'walt@example.gov.uk', name: 'Walt Claims', department: 'Claims' });
      const id = await requestAbout(await signIn(registry, 'walt@example.gov.uk'), 'benefits');
      expect((await yvonne.agent.get(`/adjustments/${id}`)).status).toBe(200);
      expectForbidden(await yvonne.agent.get(`/adjustments/${id}/registry-entry`));
      expectForbidden(await yvonne.post(`/adjustments/${id}/registry-entry/known-issue`, { title: 'Approve cannot be reached' }));
      expectForbidden(await yvonne.post(`/adjustments/${id}/registry-entry/record`, { release: '1.0', atVersion: '2024.1', status: 'does-not-work' }));
      expect((await registry.dataSource.query(`SELECT count(*)::int AS n FROM known_issue WHERE title = 'Approve cannot be reached'`))[0].n).toBe(0);
      expect((await registry.dataSource.query(`SELECT count(*)::int AS n FROM compatibility_record r JOIN system_release sr ON sr.id = r.release_id JOIN system s ON s.id = sr.system_id WHERE s.slug = 'benefits'`))[0].n).toBe(0);
    });

    it('lets a champion make systems only in a department they cover', async () => {
      expectForbidden(await xena.post('/systems', { ...systemForm('Claims'), name: 'Sneaky claims tool', slug: 'sneaky' }));
      expect((await registry.dataSource.query(`SELECT count(*)::int AS n FROM system WHERE slug = 'sneaky'`))[0].n).toBe(0);
      expect((await xena.post('/systems', { ...systemForm('Benefits'), name: 'Benefits helper', slug: 'benefits-helper' })).status).toBe(303);
    });

    it('lets a champion change the systems they cover, by department or one by one, but not move one out of their reach', async () => {
      expect((await xena.post('/systems/benefits/edit', systemForm('Benefits'))).status).toBe(303);
      // "ledger" is covered on its own: it may be changed where it is, or moved into Benefits, not elsewhere.
      expect((await xena.post('/systems/ledger/edit', systemForm('Finance'))).status).toBe(303);
      expectForbidden(await xena.post('/systems/ledger/edit', systemForm('Claims')));
      expect((await registry.dataSource.query(`SELECT department FROM system WHERE slug = 'ledger'`))[0].department).toBe('Finance');
      expect((await xena.post('/systems/ledger/releases', { version: '2.0' })).status).toBe(303);
      const record = await xena.post('/compatibility-records', { system: 'ledger', release: '2.0', atVersion: 'nvda@2024.1', status: 'works', summary: 'Fine' });
      expect(record.status).toBe(303);
    });

    // Guards, not defects (they pass before the fix too): the fix must not lock admins out, nor open the API to sessions.
    it('still lets admins change any system and make one in any department', async () => {
      expect((await ada.post('/systems/claims/edit', { ...systemForm('Claims'), name: 'System claims', owner: 'Claims team' })).status).toBe(303);
      expect((await ada.post('/systems/payroll/releases', { version: '3.0' })).status).toBe(303);
      expect((await ada.post('/systems', { ...systemForm('Anywhere'), name: 'Admin tool', slug: 'admin-tool' })).status).toBe(303);
    });

    it('still gives a session no way in through the API, which takes only tokens', async () => {
      const res = await xena.agent.patch('/api/v1/systems/claims').send({ department: 'Benefits' });
      expect(res.status).toBe(401);
      expect((await registry.dataSource.query(`SELECT department FROM system WHERE slug = 'claims'`))[0].department).toBe('Claims');
    });
  });

  describe('the audit log records what changed, field by field', () => {
    it('records before and after of a system edit, and shows them on the audit page', async () => {
      expect((await ada.post('/systems/payroll/edit', { name: 'Payroll', owner: 'Pay team', department: 'People', platform: 'web', lifecycle: 'retiring' })).status).toBe(303);
      const [event] = (await auditEvents('POST /systems/:slug/edit')).filter((e) => e.changes.some((c) => c.fields.some((f) => f.after === 'Pay team')));
      expect(event).toBeDefined();
      const change = event!.changes.find((c) => c.recordType === 'system')!;
      expect(change.action).toBe('updated');
      expect(change.fields).toEqual(
        expect.arrayContaining([
          { field: 'name', before: 'System payroll', after: 'Payroll' },
          { field: 'owner', before: 'Team', after: 'Pay team' },
          { field: 'lifecycle', before: 'live', after: 'retiring' },
        ]),
      );
      expect(change.fields.map((f) => f.field)).not.toContain('department');

      const page = await ada.agent.get('/admin/audit?kind=POST%20/systems/:slug/edit').expect(200);
      expect(page.text).toMatch(/<th scope="col" class="govuk-table__header">Field<\/th>\s*<th scope="col" class="govuk-table__header">Before<\/th>\s*<th scope="col" class="govuk-table__header">After<\/th>/);
      expect(page.text).toMatch(/<th scope="row" class="govuk-table__header">owner<\/th>\s*<td class="govuk-table__cell">Team<\/td>\s*<td class="govuk-table__cell">Pay team<\/td>/);
    });

    it('records before and after of a role change, coverage and department', async () => {
      const [yuriRow] = await registry.dataSource.query(`SELECT id FROM app_user WHERE email = 'yuri@example.gov.uk'`);
      expect((await ada.post(`/admin/users/${yuriRow.id}`, { role: 'champion', department: 'Claims', departments: ['Claims'], systems: ['payroll'] })).status).toBe(303);
      const events = (await auditEvents('POST /admin/users/:id')).filter((e) => e.record_id === yuriRow.id);
      const change = events.at(-1)!.changes.find((c) => c.recordType === 'account')!;
      expect(change.fields).toEqual(
        expect.arrayContaining([
          { field: 'role', before: 'staff', after: 'champion' },
          { field: 'coveredSystems', before: null, after: 'payroll' },
          { field: 'coveredDepartments', before: null, after: 'Claims' },
        ]),
      );
      expect(change.fields.map((f) => f.field)).not.toContain('department');
    });

    it('names the changed fields of an adjustment request and its statuses, but never copies what the person wrote', async () => {
      await createAccount(registry, { email: 'zoe@example.gov.uk', name: 'Zoe Claims', department: 'Claims' });
      const id = await requestAbout(await signIn(registry, 'zoe@example.gov.uk'), 'benefits');
      expect((await yvonne.post(`/adjustments/${id}/status`, { to: 'in-review' })).status).toBe(303);
      expect((await yvonne.post(`/adjustments/${id}/status`, { to: 'declined', reason: DECLINE_REASON })).status).toBe(303);

      const [created] = (await auditEvents('adjustment.created')).filter((e) => e.record_id === id);
      const fields = created!.changes.find((c) => c.recordType === 'adjustment')!.fields;
      expect(fields).toEqual(expect.arrayContaining([{ field: 'barrier', before: null, after: '(not recorded)' }, { field: 'need', before: null, after: '(not recorded)' }, { field: 'status', before: null, after: 'submitted' }]));

      const moves = (await auditEvents('adjustment.status-changed')).filter((e) => e.record_id === id);
      const declined = moves.at(-1)!.changes.find((c) => c.recordType === 'adjustment')!.fields;
      expect(declined).toEqual(expect.arrayContaining([{ field: 'status', before: 'in-review', after: 'declined' }, { field: 'decisionReason', before: null, after: '(not recorded)' }]));

      const all = JSON.stringify(await registry.dataSource.query(`SELECT detail, changes FROM audit_event`));
      for (const words of [BARRIER, NEED, DECLINE_REASON]) expect(all).not.toContain(words);
      const page = await ada.agent.get('/admin/audit?kind=adjustment.').expect(200);
      for (const words of [BARRIER, NEED, DECLINE_REASON]) expect(page.text).not.toContain(words);
    });

    it('leaves no write endpoint with an audit event that does not say what changed', async () => {
      const token = (await api().post('/api/v1/tokens').send({ name: 'CI for ledger', systems: ['ledger'] }).expect(201)).body;
      await api().delete(`/api/v1/tokens/${token.id}`).expect(204);
      await system('scratch', 'Scratch');
      await api().patch('/api/v1/systems/scratch').send({ owner: 'Someone else' }).expect(200);
      await api().post('/api/v1/systems/scratch/releases').send({ version: '0.1' }).expect(201);
      await api().patch('/api/v1/systems/scratch/releases/0.1').send({ notes: 'first' }).expect(200);
      await api().put('/api/v1/systems/scratch/gate-policy').send({ includeOrganisationDefaults: false, assistiveTechnologies: ['nvda'] }).expect(200);
      await api().post('/api/v1/assistive-technologies').send({ name: 'Scratch AT', vendor: 'V', profile: 'keyboard', platforms: ['windows'] }).expect(201);
      await api().patch('/api/v1/assistive-technologies/scratch-at').send({ vendor: 'W' }).expect(200);
      await api().post('/api/v1/assistive-technologies/scratch-at/versions').send({ version: '1' }).expect(201);
      await api().patch('/api/v1/assistive-technologies/scratch-at/versions/1').send({ notes: 'n' }).expect(200);
      const record = (await api().post('/api/v1/compatibility-records').send({ system: 'scratch', release: '0.1', assistiveTechnology: 'scratch-at', atVersion: '1', status: 'works' }).expect(201)).body;
      await api().patch(`/api/v1/compatibility-records/${record.id}`).send({ summary: 'Works' }).expect(200);
      const evidence = (await api().post(`/api/v1/compatibility-records/${record.id}/evidence`).send({ kind: 'manual', result: 'works', recordedBy: 'Ada', observedAt: new Date().toISOString() }).expect(201)).body;
      await api().delete(`/api/v1/compatibility-records/${record.id}/evidence/${evidence.id}`).expect(204);
      await api().delete(`/api/v1/compatibility-records/${record.id}`).expect(204);
      const issue = (await api().post('/api/v1/known-issues').send({ system: 'scratch', assistiveTechnology: 'scratch-at', title: 'T' }).expect(201)).body;
      await api().patch(`/api/v1/known-issues/${issue.id}`).send({ status: 'resolved' }).expect(200);
      await api().delete(`/api/v1/known-issues/${issue.id}`).expect(204);
      await api().post('/api/v1/runs').send({ system: 'scratch', release: '0.1', report: makeReport({ system: 'scratch', release: '0.1', runId: randomUUID() }) }).expect(201);
      await api().delete('/api/v1/assistive-technologies/scratch-at/versions/1').expect((res) => expect([204, 409]).toContain(res.status));
      await api().delete('/api/v1/systems/scratch/releases/0.1').expect((res) => expect([204, 409]).toContain(res.status));
      await system('empty', 'Scratch');
      await api().delete('/api/v1/systems/empty').expect(204);

      const account = await createAccount(registry, { email: 'locked.out@example.gov.uk' });
      // Wrong passwords are kept per email and client address (sign_in_failure): locked from one address.
      await registry.dataSource.query(
        `INSERT INTO sign_in_failure (email, client_address, failed_count, locked_until, last_failed_at) VALUES ($1, '203.0.113.9', 5, now() + interval '1 hour', now())`,
        [account.email],
      );
      const page = async (path: string, form: Record<string, string>) => expect((await ada.post(path, form)).status).toBe(303);
      await page(`/admin/users/${account.id}/unlock`, {});
      await page(`/admin/users/${account.id}`, { role: 'staff', department: 'Scratch' });
      await page('/systems', { name: 'Paged', slug: 'paged', owner: 'Team', department: 'Scratch', platform: 'web', lifecycle: 'live' });
      await page('/systems/paged/edit', { name: 'Paged', owner: 'Page team', department: 'Scratch', platform: 'web', lifecycle: 'live' });
      await page('/assistive-technologies', { name: 'Page AT', vendor: 'V', profile: 'keyboard', platforms: 'windows' });
      await page('/assistive-technologies/page-at/edit', { name: 'Page AT', vendor: 'Vendor two', profile: 'keyboard', platforms: 'windows' });
      await page('/assistive-technologies/page-at/versions', { version: '5' });
      await page('/assistive-technologies/page-at/versions/5/edit', { version: '5', notes: 'noted' });
      await page('/systems/paged/releases', { version: '3.0' });
      await page('/systems/paged/releases/3.0/edit', { version: '3.0', notes: 'noted' });
      await page('/compatibility-records', { system: 'paged', release: '3.0', atVersion: 'page-at@5', status: 'works', summary: 'Fine' });
      const [pageRecord] = await registry.dataSource.query(`SELECT r.id FROM compatibility_record r JOIN at_version v ON v.id = r.at_version_id WHERE v.version = '5'`);
      await page(`/compatibility-records/${pageRecord.id}/edit`, { status: 'does-not-work', summary: 'Broken after all' });
      await page(`/compatibility-records/${pageRecord.id}/evidence`, { kind: 'manual', result: 'does-not-work', recordedBy: 'Ada', 'observedAt-day': '1', 'observedAt-month': '1', 'observedAt-year': '2026' });
      await page('/known-issues', { system: 'paged', assistiveTechnology: 'page-at', title: 'Page issue' });
      const [pageIssue] = await registry.dataSource.query(`SELECT id FROM known_issue WHERE title = 'Page issue'`);
      await page(`/known-issues/${pageIssue.id}/edit`, { title: 'Page issue, renamed', status: 'open' });
      await api().post('/api/v1/assistive-technologies').send({ name: 'Gone AT', vendor: 'V', profile: 'keyboard', platforms: ['windows'] }).expect(201);
      await api().post('/api/v1/assistive-technologies/gone-at/versions').send({ version: '1' }).expect(201);
      await api().delete('/api/v1/assistive-technologies/gone-at/versions/1').expect(204);
      await api().delete('/api/v1/assistive-technologies/gone-at').expect(204);
      await api().post('/api/v1/systems/paged/releases').send({ version: 'gone' }).expect(201);
      await api().delete('/api/v1/systems/paged/releases/gone').expect(204);

      const rows: AuditRow[] = await registry.dataSource.query(`SELECT kind, record_id, changes FROM audit_event WHERE kind ~ '^(POST|PUT|PATCH|DELETE) '`);
      const kinds = new Set(rows.map((r) => r.kind));
      // Every write route the app serves, from Express's router: a new endpoint must be exercised here too.
      const stack = (registry.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
      const writeRoutes = stack.flatMap((layer) =>
        layer.route ? Object.keys(layer.route.methods).filter((m) => !['get', 'head', 'options'].includes(m)).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : [],
      );
      // These handlers write their own events (signing in and out, adjustment requests); tested above.
      const ownEvents = /^POST \/(sign-in|sign-out|adjustments)/;
      const expected = [...new Set(writeRoutes)].filter((k) => !ownEvents.test(k));
      expect(expected.length).toBeGreaterThan(30);
      expect(expected.filter((k) => !kinds.has(k))).toEqual([]);
      const silent = rows.filter((r) => r.changes.length === 0 || r.changes.every((c) => c.action === 'updated' && c.fields.length === 0)).map((r) => r.kind);
      expect(silent).toEqual([]);
      const unlock = rows.find((r) => r.kind === 'POST /admin/users/:id/unlock')!;
      expect(unlock.changes[0]!.fields).toEqual(expect.arrayContaining([{ field: 'failedSignIns', before: '5', after: '0' }]));
      const gate = rows.find((r) => r.kind === 'PUT /api/v1/systems/:slug/gate-policy')!;
      expect(gate.changes[0]!.fields).toEqual(expect.arrayContaining([{ field: 'includeDefaults', before: 'true', after: 'false' }, { field: 'systemAts', before: null, after: 'nvda' }]));
      const tokenEvent = rows.find((r) => r.kind === 'POST /api/v1/tokens')!;
      expect(JSON.stringify(tokenEvent.changes)).not.toMatch(/secretHash":\{|"after":"[0-9a-f]{64}"/);
    });
  });
});
