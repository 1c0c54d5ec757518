import { createAccount, signIn, type Browser } from '../../../test/support/accounts.js';
import { publishDemoRun } from '../../../test/support/pages.js';
import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';

/** The error summary's links, e.g. ['#name', '#platforms']. */
function summaryLinks(html: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
}

describe('web pages', () => {
  let registry: TestRegistry;
  let staff: Browser;
  let champion: Browser;
  let runId: string;

  beforeAll(async () => {
    registry = await startRegistry({ demo: true });
    await createAccount(registry, { email: 'staff@example.gov.uk', name: 'Sam Staff', role: 'staff' });
    // Champions change only the systems they cover: Chris covers the department the forms below use.
    await createAccount(registry, { email: 'champion@example.gov.uk', name: 'Chris Champion', role: 'champion', departments: ['People Directorate'] });
    staff = await signIn(registry, 'staff@example.gov.uk');
    champion = await signIn(registry, 'champion@example.gov.uk');
    runId = await publishDemoRun(registry);
  });

  afterAll(async () => {
    await registry?.close();
  });

  describe('the layout, assets and errors', () => {
    it('serves the home page to anyone, in the GOV.UK layout', async () => {
      const res = await registry.anonymous().get('/').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<title>Can people who use assistive technology do their job with it? – atcompat</title>');
      expect(res.text).toContain('href="#main-content"');
      expect(res.text).toContain('govuk-generic-header');
      expect(res.text).toContain('govuk-phase-banner');
      expect(res.text).toContain('href="/adjustments/new"');
      expect(res.text).toContain('href="/matrix"');
      expect(res.text).toContain('href="/accessibility"');
      expect(res.text).toMatch(/href="\/sign-in[^"]*">Sign in</);
    });

    it('shows who is signed in and a sign-out form with the CSRF field', async () => {
      const res = await staff.agent.get('/').expect(200);
      expect(res.text).toContain('Signed in as Sam Staff');
      expect(res.text).toMatch(/<form method="post" action="\/sign-out"[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]+">/);
    });

    it('serves GOV.UK Frontend from the installed package', async () => {
      await registry.anonymous().get('/assets/govuk-frontend.min.css').expect(200).expect('Content-Type', /text\/css/);
      await registry.anonymous().get('/assets/govuk-frontend.min.js').expect(200).expect('Content-Type', /javascript/);
      await registry.anonymous().get('/assets/fonts/bold-b542beb274-v2.woff2').expect(200);
      await registry.anonymous().get('/assets/images/favicon.svg').expect(200);
      await registry.anonymous().get('/assets/manifest.json').expect(200);
      await registry.anonymous().get('/assets/atcompat.css').expect(200);
    });

    it('shows the accessibility statement to anyone', async () => {
      const res = await registry.anonymous().get('/accessibility').expect(200);
      expect(res.text).toContain('Accessibility statement for atcompat');
    });

    it('answers an unknown page with a 404 page, and the API with problem+json', async () => {
      const page = await staff.agent.get('/no-such-page').expect(404);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('Page not found');
      const missing = await staff.agent.get('/systems/no-such-system').expect(404);
      expect(missing.text).toContain('Page not found');
      expect(missing.text).not.toMatch(/\n\s+at /);
      const api = await registry.anonymous().get('/api/v1/systems/no-such-system').expect(404);
      expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('sends someone signed out to sign in, and staff away from the forms with a 403 page', async () => {
      const res = await registry.anonymous().get('/matrix').expect(303);
      expect(res.headers.location).toBe('/sign-in?returnTo=%2Fmatrix');
      const forbidden = await staff.agent.get('/systems/new').expect(403);
      expect(forbidden.text).toContain('You do not have permission to see this page');
    });
  });

  describe('the matrix', () => {
    it('shows systems by ATs with row headers, a caption and statuses in words', async () => {
      const res = await staff.agent.get('/matrix').expect(200);
      expect(res.text).toContain('<caption class="govuk-table__caption govuk-visually-hidden">Speech recognition: systems (rows) by assistive technology (columns)</caption>');
      expect(res.text).toContain('<h2 class="govuk-heading-m" id="profile-screen-reader">Screen readers</h2>');
      expect(res.text).toMatch(/<th scope="row" class="govuk-table__header"><a class="govuk-link" href="\/systems\/casework">Casework<\/a><\/th>/);
      expect(res.text).toContain('Does not work');
      expect(res.text).toContain('href="/api/v1/matrix.csv"');
      expect(res.text).toContain('Download as CSV');
    });

    it('filters with a GET form and links the CSV of the same view', async () => {
      const res = await staff.agent.get('/matrix?profile=speech&department=&lifecycle=&status=').expect(200);
      expect(res.text).toContain('<option value="speech" selected>');
      expect(res.text).toContain('href="/api/v1/matrix.csv?profile=speech"');
      expect(res.text).toContain('Dragon Professional');
      expect(res.text).not.toContain('>JAWS</a>');
    });

    it('explains a filter it does not know', async () => {
      const res = await staff.agent.get('/matrix?status=broken').expect(400);
      expect(res.text).toContain('<title>Error: Compatibility matrix – atcompat</title>');
      expect(summaryLinks(res.text)).toEqual(['#status']);
    });
  });

  describe('systems', () => {
    it('lists systems', async () => {
      const res = await staff.agent.get('/systems').expect(200);
      expect(res.text).toContain('href="/systems/casework"');
      expect(res.text).toContain('HR Self-Service');
    });

    it('shows a system: releases with their gate, records, known issues, runs and a chart with a table', async () => {
      const res = await staff.agent.get('/systems/casework').expect(200);
      expect(res.text).toContain('<h1 class="govuk-heading-l">Casework</h1>');
      expect(res.text).toContain('Rollout gate for release 2.4.0');
      expect(res.text).toMatch(/Fails/);
      expect(res.text).toContain('Known issues and workarounds');
      expect(res.text).toContain(`href="/runs/${runId}"`);
      expect(res.text).toMatch(/<svg class="atcompat-chart" role="img" aria-labelledby="chart-title chart-desc"/);
      expect(res.text).toContain('Findings per profile, by run (the numbers in the chart)');
      // Staff browse; they are not offered buttons for forms they cannot use.
      expect(res.text).not.toContain('Add a release');
      expect(res.text).not.toMatch(/href="\/systems\/casework\/releases\/[^"]+\/edit"/);
    });

    it('offers champions the forms', async () => {
      const res = await champion.agent.get('/systems/casework').expect(200);
      expect(res.text).toContain('href="/systems/casework/releases/new"');
      expect(res.text).toContain('href="/compatibility-records/new?system=casework"');
      expect(res.text).toContain('href="/systems/casework/releases/2.4.0/edit"');
    });

    it('refuses a bad system with the error summary, keeping what was typed', async () => {
      const res = await champion.post('/systems', { name: '', owner: 'Payroll team', department: 'People Directorate', platform: 'web', urls: 'not a web address' });
      expect(res.status).toBe(422);
      expect(res.text).toContain('There is a problem');
      expect(summaryLinks(res.text)).toEqual(['#name', '#lifecycle', '#urls']);
      expect(res.text).toContain('id="name-error"');
      expect(res.text).toContain('value="Payroll team"');
      expect(res.text).toContain('not a web address</textarea>');
      expect(res.text).toMatch(/<title>Error: Add a system – atcompat<\/title>/);
    });

    it('adds a system and redirects to it (post, redirect, get)', async () => {
      const res = await champion.post('/systems', {
        name: 'Payroll',
        owner: 'Payroll team',
        department: 'People Directorate',
        platform: 'web',
        lifecycle: 'planned',
        urls: 'https://payroll.example.gov.uk',
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/systems/payroll');
      const page = await champion.agent.get('/systems/payroll').expect(200);
      expect(page.text).toContain('<h1 class="govuk-heading-l">Payroll</h1>');
      expect(page.text).toContain('href="https://payroll.example.gov.uk"');
    });

    it('says so when the name is taken', async () => {
      const res = await champion.post('/systems', { name: 'Payroll', owner: 'x', department: 'People Directorate', platform: 'web', lifecycle: 'live' });
      expect(res.status).toBe(422);
      expect(summaryLinks(res.text)).toEqual(['#name']);
      expect(res.text).toContain('already exists');
    });

    it('changes a system', async () => {
      const form = await champion.agent.get('/systems/payroll/edit').expect(200);
      expect(form.text).toContain('value="Payroll team"');
      const res = await champion.post('/systems/payroll/edit', {
        name: 'Payroll', owner: 'Pay and pensions team', department: 'People Directorate', platform: 'web', lifecycle: 'live',
      });
      expect(res.status).toBe(303);
      const page = await champion.agent.get('/systems/payroll').expect(200);
      expect(page.text).toContain('Pay and pensions team');
    });

    it('adds a release with a date, and refuses an impossible date', async () => {
      const bad = await champion.post('/systems/payroll/releases', { version: '1.0', 'releasedOn-day': '31', 'releasedOn-month': '2', 'releasedOn-year': '2026' });
      expect(bad.status).toBe(422);
      expect(summaryLinks(bad.text)).toEqual(['#releasedOn-day']);
      expect(bad.text).toContain('value="31"');
      const good = await champion.post('/systems/payroll/releases', { version: '1.0', 'releasedOn-day': '2', 'releasedOn-month': '3', 'releasedOn-year': '2026' });
      expect(good.status).toBe(303);
      expect(good.headers.location).toBe('/systems/payroll#releases');
      const page = await champion.agent.get('/systems/payroll').expect(200);
      expect(page.text).toContain('2 March 2026');
    });
  });

  describe('assistive technologies', () => {
    it('lists them and shows one with its versions and where it works', async () => {
      const list = await staff.agent.get('/assistive-technologies').expect(200);
      expect(list.text).toContain('href="/assistive-technologies/dragon-professional"');
      const res = await staff.agent.get('/assistive-technologies/dragon-professional').expect(200);
      expect(res.text).toContain('<h1 class="govuk-heading-l">Dragon Professional</h1>');
      expect(res.text).toContain('Where it works');
      expect(res.text).toContain('Where it does not work, or only partly');
      expect(res.text).toContain('Casework');
    });

    it('refuses an AT without a profile or supplier, then adds one and a version', async () => {
      const bad = await champion.post('/assistive-technologies', { name: 'Talking Pen', vendor: '', platforms: ['windows'] });
      expect(bad.status).toBe(422);
      expect(summaryLinks(bad.text)).toEqual(['#vendor', '#profile']);
      expect(bad.text).toMatch(/<input class="govuk-checkboxes__input" id="platforms" name="platforms" type="checkbox" value="windows" checked>/);
      expect(bad.text).toContain('value="Talking Pen"');
      const good = await champion.post('/assistive-technologies', { name: 'Talking Pen', vendor: 'Pens Ltd', profile: 'literacy', platforms: ['windows', 'macos'] });
      expect(good.status).toBe(303);
      expect(good.headers.location).toBe('/assistive-technologies/talking-pen');
      const versionForm = await champion.agent.get('/assistive-technologies/talking-pen/versions/new').expect(200);
      expect(versionForm.text).toContain('aria-label="Day of the end of support date"');
      const version = await champion.post('/assistive-technologies/talking-pen/versions', { version: '3', 'releasedOn-day': '1', 'releasedOn-month': '6', 'releasedOn-year': '2025' });
      expect(version.status).toBe(303);
      const page = await champion.agent.get('/assistive-technologies/talking-pen').expect(200);
      expect(page.text).toContain('Windows, macOS');
      expect(page.text).toContain('1 June 2025');
    });
  });

  describe('records, evidence and known issues', () => {
    let recordUrl: string;

    it('asks for the system first, then refuses a record without a status', async () => {
      const first = await champion.agent.get('/compatibility-records/new').expect(200);
      expect(first.text).toContain('action="/compatibility-records/new"');
      const form = await champion.agent.get('/compatibility-records/new?system=payroll').expect(200);
      expect(form.text).toContain('<option value="talking-pen@3">Talking Pen 3</option>');
      const bad = await champion.post('/compatibility-records', { system: 'payroll', release: '1.0', atVersion: 'talking-pen@3' });
      expect(bad.status).toBe(422);
      expect(summaryLinks(bad.text)).toEqual(['#status']);
      expect(bad.text).toContain('<option value="talking-pen@3" selected>');
    });

    it('adds a record, then evidence that sets its status', async () => {
      const res = await champion.post('/compatibility-records', { system: 'payroll', release: '1.0', atVersion: 'talking-pen@3', status: 'untested', summary: 'Not tried yet' });
      expect(res.status).toBe(303);
      recordUrl = res.headers.location!;
      expect(recordUrl).toMatch(/^\/compatibility-records\/[0-9a-f-]{36}$/);
      const badEvidence = await champion.post(`${recordUrl}/evidence`, { kind: 'manual', result: 'works', recordedBy: '' });
      expect(badEvidence.status).toBe(422);
      expect(summaryLinks(badEvidence.text)).toEqual(['#recordedBy', '#observedAt-day']);
      const evidence = await champion.post(`${recordUrl}/evidence`, {
        kind: 'manual', result: 'works', recordedBy: 'Chris Champion', 'observedAt-day': '1', 'observedAt-month': '10', 'observedAt-year': '2025', notes: 'Read every payslip aloud.',
      });
      expect(evidence.status).toBe(303);
      const page = await champion.agent.get(recordUrl).expect(200);
      expect(page.text).toContain('Tested by a person using it, 1 October 2025');
      expect(page.text).toContain('Read every payslip aloud.');
      expect(page.text).toMatch(/govuk-tag--green">\s*Works\s*</);
    });

    it('changes a record; works with a workaround needs the workaround', async () => {
      const bad = await champion.post(`${recordUrl}/edit`, { status: 'works-with-workaround', summary: 'Mostly' });
      expect(bad.status).toBe(422);
      expect(summaryLinks(bad.text)).toEqual(['#workaround']);
      const good = await champion.post(`${recordUrl}/edit`, { status: 'works-with-workaround', summary: 'Mostly', workaround: 'Use the pen on printed payslips.' });
      expect(good.status).toBe(303);
      expect((await champion.agent.get(recordUrl).expect(200)).text).toContain('Use the pen on printed payslips.');
    });

    it('adds and changes a known issue', async () => {
      const bad = await champion.post('/known-issues', { system: 'payroll', assistiveTechnology: 'talking-pen', title: '', vendorBugUrl: 'ftp://x' });
      expect(bad.status).toBe(422);
      expect(summaryLinks(bad.text)).toEqual(['#title', '#vendorBugUrl']);
      const good = await champion.post('/known-issues', { system: 'payroll', assistiveTechnology: 'talking-pen', title: 'Totals are not read', workaround: 'Read them from the PDF.', status: 'open' });
      expect(good.status).toBe(303);
      expect(good.headers.location).toBe('/systems/payroll#known-issues');
      const page = await champion.agent.get('/systems/payroll').expect(200);
      expect(page.text).toContain('Totals are not read');
      expect(page.text).toContain('Read them from the PDF.');
    });
  });

  describe('runs', () => {
    it('shows a run: findings by profile, the blocked step and its reason, screenshots with alt text', async () => {
      const res = await staff.agent.get(`/runs/${runId}`).expect(200);
      expect(res.text).toContain('Run of Casework 2.4.0');
      expect(res.text).toContain('id="profile-keyboard"');
      expect(res.text).toContain('id="profile-speech"');
      expect(res.text).toContain('Stopped at step “activate &#39;Save note&#39;”: not reachable with the keyboard');
      expect(res.text).toMatch(/<img class="atcompat-screenshot" src="data:image\/png;base64,[^"]+" alt="Screenshot of the element with the barrier \(#save\)/);
      expect(res.text).toContain('The visible label &quot;Search&quot; is not part of the accessible name');
    });

    it('answers a bad or unknown run id with an error page', async () => {
      await staff.agent.get('/runs/not-a-uuid').expect(400);
      const res = await staff.agent.get('/runs/00000000-0000-4000-8000-000000000000').expect(404);
      expect(res.text).toContain('Page not found');
    });
  });
});
