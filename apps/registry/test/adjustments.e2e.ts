import { AdjustmentsService } from '../../../apps/registry/src/adjustments/adjustments.service.js';
import { browser, createAccount, signIn, type Browser } from '../../../test/support/accounts.js';
import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';

const BARRIER = 'The Save note control only responds to a mouse click, so I cannot save notes by voice.';
const NEED = 'A way to save a note with a spoken command or the keyboard.';

describe('workplace adjustment requests', () => {
  let registry: TestRegistry;
  let requester: Browser;
  let otherStaff: Browser;
  let caseworkChampion: Browser;
  let payrollChampion: Browser;
  let systemChampion: Browser;
  let admin: Browser;
  let requestId: string;

  beforeAll(async () => {
    registry = await startRegistry();
    const api = () => registry.http();
    await api().post('/api/v1/systems').send({ name: 'Casework', owner: 'T', department: 'Department for Casework', platform: 'web', lifecycle: 'live' }).expect(201);
    await api().post('/api/v1/systems').send({ name: 'Payroll', owner: 'T', department: 'HR', platform: 'web', lifecycle: 'live' }).expect(201);
    await api().post('/api/v1/systems/casework/releases').send({ version: '2.3.0' }).expect(201);
    await api().post('/api/v1/assistive-technologies').send({ name: 'Dragon Professional', vendor: 'Nuance', profile: 'speech', platforms: ['windows'] }).expect(201);
    await api().post('/api/v1/assistive-technologies/dragon-professional/versions').send({ version: '16' }).expect(201);
    await api()
      .post('/api/v1/compatibility-records')
      .send({ system: 'casework', release: '2.3.0', assistiveTechnology: 'dragon-professional', atVersion: '16', status: 'works-with-workaround', workaround: 'Say "press Tab" until Save note is highlighted, then "press Enter".' })
      .expect(201);
    await api()
      .post('/api/v1/known-issues')
      .send({ system: 'casework', assistiveTechnology: 'dragon-professional', title: '"Save note" does not respond to "click Save note"' })
      .expect(201);

    // Who triages a request follows the requester's department (not the system's).
    await createAccount(registry, { email: 'rita.requester@example.gov.uk', name: 'Rita Requester', department: 'Department for Casework' });
    await createAccount(registry, { email: 'oscar.other@example.gov.uk', name: 'Oscar Other', department: 'Department for Casework' });
    await createAccount(registry, { email: 'cara.champion@example.gov.uk', name: 'Cara Champion', role: 'champion', departments: ['Department for Casework'] });
    await createAccount(registry, { email: 'paul.payroll@example.gov.uk', name: 'Paul Payroll', role: 'champion', departments: ['HR'] });
    await createAccount(registry, { email: 'sid.system@example.gov.uk', name: 'Sid System', role: 'champion', systems: ['casework'] });
    await createAccount(registry, { email: 'ada.admin@example.gov.uk', name: 'Ada Admin', role: 'admin' });
    requester = await signIn(registry, 'rita.requester@example.gov.uk');
    otherStaff = await signIn(registry, 'oscar.other@example.gov.uk');
    caseworkChampion = await signIn(registry, 'cara.champion@example.gov.uk');
    payrollChampion = await signIn(registry, 'paul.payroll@example.gov.uk');
    systemChampion = await signIn(registry, 'sid.system@example.gov.uk');
    admin = await signIn(registry, 'ada.admin@example.gov.uk');
  });

  afterAll(async () => {
    await registry?.close();
  });

  const submit = (b: Browser, overrides: Record<string, string> = {}) =>
    b.post('/adjustments', {
      system: 'casework',
      assistiveTechnology: 'dragon-professional',
      atVersion: '16',
      barrier: BARRIER,
      need: NEED,
      urgency: 'soon',
      contactMethod: 'email',
      ...overrides,
    });

  const move = (b: Browser, id: string, form: Record<string, string>) => b.post(`/adjustments/${id}/status`, form);
  const statusOf = async (id: string) => (await registry.dataSource.query(`SELECT status FROM adjustment_request WHERE id = $1`, [id]))[0]?.status;

  describe('asking', () => {
    it('shows the current compatibility of the pair, its workaround and known issues before the request is sent', async () => {
      const res = await requester.agent.get('/adjustments/new?system=casework&assistiveTechnology=dragon-professional&atVersion=16').expect(200);

      expect(res.text).toContain('What we know about Casework with Dragon Professional 16');
      expect(res.text).toContain('Works with a workaround');
      expect(res.text).toContain('press Tab');
      expect(res.text).toContain('&quot;Save note&quot; does not respond');
      expect(res.text).toContain('name="barrier"');
      expect(res.text).not.toMatch(/diagnos[ie]s"|name="condition"/);
    });

    it('names every missing answer', async () => {
      const res = await submit(requester, { barrier: ' ', need: '', urgency: '', contactMethod: 'pigeon' });

      expect(res.status).toBe(400);
      for (const text of ['Describe what gets in the way of doing your job', 'Describe what you need', 'Select how urgent this is', 'Select how you would like to be contacted']) {
        expect(res.text).toContain(text);
      }
      expect((await registry.dataSource.query(`SELECT count(*)::int AS n FROM adjustment_request`))[0].n).toBe(0);
    });

    it('records the request, and the requester sees it with its history', async () => {
      const res = await submit(requester);

      expect(res.status).toBe(303);
      const match = /^\/adjustments\/([0-9a-f-]{36})\?submitted=1$/.exec(res.headers.location);
      expect(match).not.toBeNull();
      requestId = match![1]!;
      const page = await requester.agent.get(`/adjustments/${requestId}`).expect(200);
      expect(page.text).toContain(BARRIER);
      expect(page.text).toContain('Submitted');
      expect(page.text).toContain('Withdraw this request');
      expect(page.text).not.toContain('What happens next?');
    });
  });

  describe('privacy', () => {
    it('answers 404 to another member of staff, for the page, the status form and the list', async () => {
      const page = await otherStaff.agent.get(`/adjustments/${requestId}`);
      expect(page.status).toBe(404);
      expect(page.text).not.toContain(BARRIER);
      expect((await move(otherStaff, requestId, { to: 'withdrawn' })).status).toBe(404);
      const list = await otherStaff.agent.get('/adjustments').expect(200);
      expect(list.text).not.toContain(requestId);
      expect(await statusOf(requestId)).toBe('submitted');
    });

    it('answers 404 to a champion who covers another department', async () => {
      const page = await payrollChampion.agent.get(`/adjustments/${requestId}`);
      expect(page.status).toBe(404);
      expect(page.text).not.toContain(BARRIER);
      expect((await move(payrollChampion, requestId, { to: 'in-review' })).status).toBe(404);
      expect((await payrollChampion.agent.get('/adjustments').expect(200)).text).not.toContain(requestId);
    });

    it('answers the same 404 for a request that does not exist and for an id that is not one', async () => {
      expect((await otherStaff.agent.get('/adjustments/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await otherStaff.agent.get('/adjustments/not-a-request')).status).toBe(404);
    });

    it("shows it to a champion covering the requester's department and admins", async () => {
      for (const b of [caseworkChampion, admin]) {
        const page = await b.agent.get(`/adjustments/${requestId}`).expect(200);
        expect(page.text).toContain(BARRIER);
        expect(page.text).toContain('What happens next?');
      }
      expect((await caseworkChampion.agent.get('/adjustments').expect(200)).text).toContain(`/adjustments/${requestId}`);
    });

    it('answers 404 to a champion who covers only the system the request is about', async () => {
      const page = await systemChampion.agent.get(`/adjustments/${requestId}`);
      expect(page.status).toBe(404);
      expect(page.text).not.toContain(BARRIER);
      expect((await move(systemChampion, requestId, { to: 'in-review' })).status).toBe(404);
      expect((await systemChampion.agent.get('/adjustments').expect(200)).text).not.toContain(requestId);
    });

    it('sends signed-out people to sign in', async () => {
      const res = await browser(registry).agent.get(`/adjustments/${requestId}`).redirects(0);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(`/adjustments/${requestId}`)}`);
    });
  });

  describe('moving through the workflow', () => {
    it('lets the requester only withdraw, and triagers only the next steps', async () => {
      const res = await move(requester, requestId, { to: 'in-review' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('can only be moved to: withdrawn');
      expect((await move(caseworkChampion, requestId, { to: 'agreed' })).status).toBe(400);
      expect(await statusOf(requestId)).toBe('submitted');

      expect((await move(caseworkChampion, requestId, { to: 'in-review' })).status).toBe(303);
      expect(await statusOf(requestId)).toBe('in-review');
    });

    it('requires reasons to decline and an alternative to agree in part', async () => {
      const declined = await move(caseworkChampion, requestId, { to: 'declined', reason: '  ' });
      expect(declined.status).toBe(400);
      expect(declined.text).toContain('Enter the reasons the request is declined');
      const partial = await move(caseworkChampion, requestId, { to: 'partially-agreed' });
      expect(partial.status).toBe(400);
      expect(partial.text).toContain('Enter what is offered instead');
      expect(await statusOf(requestId)).toBe('in-review');

      expect((await move(caseworkChampion, requestId, { to: 'partially-agreed', alternative: 'Keyboard shortcuts training and a macro for Save note.' })).status).toBe(303);
      expect(await statusOf(requestId)).toBe('partially-agreed');
    });

    it('requires a future review date to put it in place', async () => {
      expect((await move(caseworkChampion, requestId, { to: 'in-place' })).status).toBe(400);
      expect((await move(caseworkChampion, requestId, { to: 'in-place', reviewDueOn: '2020-01-01' })).status).toBe(400);
      expect((await move(caseworkChampion, requestId, { to: 'in-place', reviewDueOn: '2099-03-31' })).status).toBe(303);
      const [row] = await registry.dataSource.query(`SELECT status, review_due_on FROM adjustment_request WHERE id = $1`, [requestId]);
      expect(row).toEqual({ status: 'in-place', review_due_on: '2099-03-31' });
    });

    it('shows the requester the whole history and tells them of each change, without health details', async () => {
      const page = await requester.agent.get(`/adjustments/${requestId}`).expect(200);
      for (const words of ['In review', 'Partly agreed', 'In place', 'Cara Champion', 'Keyboard shortcuts training']) expect(page.text).toContain(words);

      const notes: { message: string }[] = await registry.dataSource.query(
        `SELECT n.message FROM notification n JOIN app_user u ON u.id = n.user_id WHERE u.email = 'rita.requester@example.gov.uk' ORDER BY n.created_at`,
      );
      expect(notes.map((n) => n.message)).toEqual([
        'Your workplace adjustment request is being reviewed.',
        'Your workplace adjustment request has been partly agreed, with an alternative offered.',
        'Your workplace adjustment is now in place.',
      ]);
      const list = await requester.agent.get('/adjustments').expect(200);
      expect(list.text).toContain('Your workplace adjustment is now in place.');
    });

    it('lets the requester withdraw, which closes the request', async () => {
      const second = await submit(requester, { urgency: 'urgent' });
      const id = /\/adjustments\/([0-9a-f-]{36})/.exec(second.headers.location)![1]!;
      expect((await move(requester, id, { to: 'withdrawn' })).status).toBe(303);
      const [row] = await registry.dataSource.query(`SELECT status, closed_at FROM adjustment_request WHERE id = $1`, [id]);
      expect(row.status).toBe('withdrawn');
      expect(row.closed_at).not.toBeNull();
      expect((await move(requester, id, { to: 'withdrawn' })).status).toBe(400);
    });
  });

  describe('the audit log', () => {
    it('has every read and change of a request, by id only, never what the request said', async () => {
      const rows: { kind: string; actor_label: string; record_id: string | null; detail: Record<string, unknown> }[] = await registry.dataSource.query(
        `SELECT kind, actor_label, record_id, detail FROM audit_event WHERE kind LIKE 'adjustment.%' ORDER BY occurred_at`,
      );
      const kinds = rows.filter((r) => r.record_id === requestId).map((r) => r.kind);
      expect(kinds).toEqual(expect.arrayContaining(['adjustment.created', 'adjustment.viewed', 'adjustment.status-changed']));
      expect(rows.find((r) => r.kind === 'adjustment.status-changed' && r.detail.to === 'in-place')).toMatchObject({ actor_label: 'Cara Champion <cara.champion@example.gov.uk>' });
      // The other member of staff's failed look is not a read: nothing was shown.
      expect(rows.some((r) => r.record_id === requestId && r.actor_label.startsWith('Oscar'))).toBe(false);
      const everything = JSON.stringify(await registry.dataSource.query(`SELECT * FROM audit_event`));
      for (const secret of [BARRIER, NEED, 'Keyboard shortcuts training']) expect(everything).not.toContain(secret);
    });

    it('has every API change, with who made it and the record', async () => {
      const [row] = await registry.dataSource.query(`SELECT * FROM audit_event WHERE kind = 'POST /api/v1/systems' ORDER BY occurred_at LIMIT 1`);
      expect(row).toMatchObject({ actor_kind: 'admin-token', actor_label: 'admin token', record_type: 'systems', record_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    });

    it('is listed for admins at /admin/audit, filtered by actor and kind, and hidden from everyone else', async () => {
      const all = await admin.agent.get('/admin/audit').expect(200);
      expect(all.text).toContain('adjustment.created');
      const filtered = await admin.agent.get('/admin/audit?actor=cara&kind=adjustment.status').expect(200);
      expect(filtered.text).toContain('Cara Champion');
      expect(filtered.text).not.toContain('Rita Requester');
      expect(filtered.text).not.toContain(BARRIER);
      expect((await caseworkChampion.agent.get('/admin/audit')).status).toBe(403);
    });
  });

  describe('turning a request into registry knowledge', () => {
    it('offers a covering champion a form for the same system and AT, with nothing private in it', async () => {
      const page = await caseworkChampion.agent.get(`/adjustments/${requestId}/registry-entry`).expect(200);
      expect(page.text).toContain('Casework with Dragon Professional');
      expect(page.text).not.toContain(BARRIER);
      expect(page.text).not.toContain(NEED);
      expect((await payrollChampion.agent.get(`/adjustments/${requestId}/registry-entry`)).status).toBe(404);
      expect((await requester.agent.get(`/adjustments/${requestId}/registry-entry`)).status).toBe(403);
    });

    it('adds a known issue and a record, audited with who did it', async () => {
      const issue = await caseworkChampion.post(`/adjustments/${requestId}/registry-entry/known-issue`, { title: 'Save note cannot be reached by voice', workaround: 'Use Tab then Enter' });
      expect(issue.status).toBe(303);
      const issues = await registry.anonymous().get('/api/v1/known-issues?system=casework').expect(200);
      expect(issues.body.items.map((i: { title: string }) => i.title)).toContain('Save note cannot be reached by voice');

      const missing = await caseworkChampion.post(`/adjustments/${requestId}/registry-entry/record`, { release: '', atVersion: '16' });
      expect(missing.status).toBe(400);
      expect(missing.text).toContain('Select the release');
      const duplicate = await caseworkChampion.post(`/adjustments/${requestId}/registry-entry/record`, { release: '2.3.0', atVersion: '16', status: 'partial' });
      expect(duplicate.status).toBe(400);
      expect(duplicate.text).toContain('There is already a record');

      const [row] = await registry.dataSource.query(`SELECT actor_label, record_id FROM audit_event WHERE kind = 'known-issue.created-from-adjustment'`);
      expect(row.actor_label).toContain('Cara Champion');
    });
  });

  it('lets requesters download their own data as JSON, and nobody else’s', async () => {
    const mine = await requester.agent.get('/adjustments/my-data.json').expect(200);
    expect(mine.headers['content-type']).toMatch(/application\/json/);
    expect(mine.headers['content-disposition']).toMatch(/attachment/);
    const data = JSON.parse(mine.text);
    expect(data.account.email).toBe('rita.requester@example.gov.uk');
    expect(data.adjustmentRequests).toHaveLength(2);
    expect(data.adjustmentRequests[0]).toMatchObject({ id: requestId, barrier: BARRIER, need: NEED, status: 'in-place' });
    expect(data.adjustmentRequests[0].history.map((h: { toStatus: string }) => h.toStatus)).toEqual(['submitted', 'in-review', 'partially-agreed', 'in-place']);
    expect(data.notifications.length).toBeGreaterThanOrEqual(3);

    const theirs = JSON.parse((await caseworkChampion.agent.get('/adjustments/my-data.json').expect(200)).text);
    expect(theirs.adjustmentRequests).toEqual([]);
    expect((await registry.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE kind = 'adjustment.exported'`))[0].n).toBe(2);
  });

  it('deletes closed requests after the retention period, with their history, and marks due reviews', async () => {
    const service = registry.app.get(AdjustmentsService);
    const [closed] = await registry.dataSource.query(`SELECT id FROM adjustment_request WHERE status = 'withdrawn'`);
    await registry.dataSource.query(`UPDATE adjustment_request SET closed_at = now() - interval '364 days' WHERE id = $1`, [closed.id]);
    expect((await service.sweep()).deleted).toBe(0);

    await registry.dataSource.query(`UPDATE adjustment_request SET closed_at = now() - interval '366 days' WHERE id = $1`, [closed.id]);
    await registry.dataSource.query(`UPDATE adjustment_request SET review_due_on = '2020-01-01' WHERE id = $1`, [requestId]);
    expect(await service.sweep()).toEqual({ deleted: 1, reviewDue: 1 });

    expect((await registry.dataSource.query(`SELECT count(*)::int AS n FROM adjustment_request WHERE id = $1`, [closed.id]))[0].n).toBe(0);
    expect((await registry.dataSource.query(`SELECT count(*)::int AS n FROM adjustment_event WHERE request_id = $1`, [closed.id]))[0].n).toBe(0);
    expect((await registry.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE request_id = $1`, [closed.id]))[0].n).toBe(0);
    expect(await statusOf(requestId)).toBe('review-due');
    const [deletedEvent] = await registry.dataSource.query(`SELECT actor_label FROM audit_event WHERE kind = 'adjustment.deleted-after-retention' AND record_id = $1`, [closed.id]);
    expect(deletedEvent.actor_label).toBe('atcompat');
  });
});
