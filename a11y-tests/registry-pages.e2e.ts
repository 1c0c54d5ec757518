import type { Browser } from 'playwright-core';
import type { Finding, PageResult } from '@atcompat/contracts';
import { auditPage, launchBrowser, scanUrls } from '@atcompat/harness';
import { createAccount, TEST_PASSWORD } from '../test/support/accounts.js';
import { publishDemoRun } from '../test/support/pages.js';
import { startRegistry, type TestRegistry } from '../test/support/registry.js';

/**
 * The registry is the first system atcompat gates: every page of its web UI, signed in as an
 * accessibility champion (so the forms are there too), must have no findings at all — axe, the
 * keyboard walk, speech names, reflow at 320 px, shortcuts and operability.
 */

type Cookie = { name: string; value: string; domain: string; path: string; expires: number; httpOnly: boolean; secure: boolean; sameSite: 'Lax' };

/** Signs in over real HTTP the way a browser does (sign-in page, CSRF field, session cookie). */
async function signInCookies(base: string, email: string): Promise<Cookie[]> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const page = await fetch(`${base}/sign-in`);
  keep(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error('the sign-in page has no _csrf field');
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
    body: new URLSearchParams({ email, password: TEST_PASSWORD, _csrf: csrf }).toString(),
  });
  if (res.status !== 303) throw new Error(`signing in answered ${res.status}`);
  keep(res);
  const host = new URL(base).hostname;
  return [...jar].map(([name, value]) => ({ name, value, domain: host, path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' as const }));
}

const describeFinding = (page: PageResult, f: Finding) => `${page.url} (${page.state}): ${f.rule} at ${f.selector}: ${f.message}`;

describe("the registry's own pages have no accessibility findings", () => {
  let registry: TestRegistry;
  let base: string;
  let browser: Browser;
  const email = 'champion@example.gov.uk';

  beforeAll(async () => {
    registry = await startRegistry({ demo: true });
    await registry.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(registry.app.getHttpServer().address() as { port: number }).port}`;
    // Covers every demo department, so every form is theirs to open.
    await createAccount(registry, { email, name: 'Chris Champion', role: 'champion', departments: ['Benefits Operations', 'People Directorate', 'Digital Workplace'] });
    await publishDemoRun(registry);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await registry?.close();
  });

  /** Audits a page reached by `open` (a page with an error status, or after posting a form) in a session of its own. */
  async function auditState(open: (page: import('playwright-core').Page) => Promise<void>, state: string): Promise<PageResult> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    try {
      await context.addCookies(await signInCookies(base, email));
      const page = await context.newPage();
      const reset = () => open(page);
      await reset();
      // auditPage leaves the title to its caller (scanUrls fills it in); take it before the checks start.
      const title = await page.title();
      const { result } = await auditPage(page, { reset, state });
      return { ...result, title: result.title || title };
    } finally {
      await context.close();
    }
  }

  it('every page, signed in as a champion', async () => {
    const api = async (path: string) => (await registry.http().get(path).expect(200)).body;
    const runId = (await api('/api/v1/systems/casework/runs')).items[0].id as string;
    const recordId = (await api('/api/v1/compatibility-records?system=casework')).items[0].id as string;
    const issueId = (await api('/api/v1/known-issues')).items[0].id as string;
    const paths = [
      '/',
      '/accessibility',
      '/matrix',
      '/matrix?profile=speech&department=&lifecycle=live&status=',
      '/systems',
      '/systems/casework',
      '/systems/new',
      '/systems/casework/edit',
      '/systems/casework/releases/new',
      '/systems/casework/releases/2.3.0/edit',
      '/assistive-technologies',
      '/assistive-technologies/dragon-professional',
      '/assistive-technologies/new',
      '/assistive-technologies/jaws/edit',
      '/assistive-technologies/jaws/versions/new',
      `/runs/${runId}`,
      `/compatibility-records/${recordId}`,
      `/compatibility-records/${recordId}/edit`,
      `/compatibility-records/${recordId}/evidence/new`,
      '/compatibility-records/new',
      '/compatibility-records/new?system=casework',
      '/known-issues/new?system=casework',
      `/known-issues/${issueId}/edit`,
    ];
    // ATCOMPAT_PAGES=matrix audits only the pages whose path contains that text (while fixing one).
    const only = process.env.ATCOMPAT_PAGES;
    const chosen = paths.filter((path) => !only || path.includes(only));
    // One session a page: the audit presses every button, and one of them is "Sign out".
    const pages: PageResult[] = [];
    const queue = [...chosen];
    const worker = async () => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        const report = await scanUrls([`${base}${path}`], { browser, cookies: await signInCookies(base, email), concurrency: 1 });
        pages.push(...report.pages);
      }
    };
    await Promise.all([worker(), worker()]);

    // Pages answered with an error status, and forms posted with errors, are audited as they are reached.
    const goto = (path: string) => async (page: import('playwright-core').Page) => {
      await page.goto(`${base}${path}`, { waitUntil: 'load' });
    };
    const postEmpty = (formPath: string, action: string) => async (page: import('playwright-core').Page) => {
      await page.goto(`${base}${formPath}`, { waitUntil: 'load' });
      await Promise.all([page.waitForURL(`${base}${action}`), page.locator('main form button[type=submit]').press('Enter')]);
    };
    const states: [string, () => Promise<PageResult>][] = [
      ['/matrix?status=not-a-status', () => auditState(goto('/matrix?status=not-a-status'), 'a filter with an error')],
      ['/no-such-page', () => auditState(goto('/no-such-page'), 'page not found')],
      ['/systems/new', () => auditState(postEmpty('/systems/new', '/systems'), 'after posting the empty form')],
      [
        `/compatibility-records/${recordId}/evidence/new`,
        () => auditState(postEmpty(`/compatibility-records/${recordId}/evidence/new`, `/compatibility-records/${recordId}/evidence`), 'after posting the form without a kind'),
      ],
    ];
    const chosenStates = states.filter(([path]) => !only || path.includes(only));
    for (const [, audit] of chosenStates) pages.push(await audit());

    const problems = [
      // Each page really is the page asked for, not the sign-in page it would redirect to.
      ...pages.filter((p) => p.error || /Sign in/.test(p.title)).map((p) => `${p.url}: ${p.error ?? p.title}`),
      ...pages.flatMap((page) => page.findings.map((f) => describeFinding(page, f))),
    ];
    expect(problems).toEqual([]);
    expect(pages).toHaveLength(chosen.length + chosenStates.length);
    const posted = pages.find((p) => p.state === 'after posting the empty form');
    if (posted) expect(posted.title).toMatch(/^Error: Add a system/);
  }, 900_000);

  it('the admin pages, signed in as an admin, with changes in the audit log', async () => {
    const admin = 'admin@example.gov.uk';
    const account = await createAccount(registry, { email: admin, name: 'Ada Admin', role: 'admin', department: 'Digital Workplace' });
    // A change with before and after values, so the audit page shows its table of changed fields.
    await registry.http().patch('/api/v1/systems/casework').send({ owner: 'Casework service team' }).expect(200);
    const paths = ['/admin', '/admin/users', `/admin/users/${account.id}`, '/admin/audit'];
    const pages: PageResult[] = [];
    for (const path of paths) pages.push(...(await scanUrls([`${base}${path}`], { browser, cookies: await signInCookies(base, admin), concurrency: 1 })).pages);
    const problems = [
      ...pages.filter((p) => p.error || /Sign in/.test(p.title)).map((p) => `${p.url}: ${p.error ?? p.title}`),
      ...pages.flatMap((page) => page.findings.map((f) => describeFinding(page, f))),
    ];
    expect(problems).toEqual([]);
    expect(pages).toHaveLength(paths.length);
  }, 600_000);
});
