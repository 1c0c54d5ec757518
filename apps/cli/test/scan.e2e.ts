/**
 * `atcompat scan` end to end: the real built command, a real Chromium, fixture pages on loopback.
 * Pages hold barriers axe-core finds on its own, and most runs use `--steps axe`, so these tests do
 * not depend on the keyboard and speech checks.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateReport, type AtcompatReport } from '@atcompat/contracts';
import { serveStatic, type StaticServer } from '../../../test/support/static-server.js';
import { runCli } from '../src/cli.js';
import { atcompat, closedPort } from './support.js';

// Each test starts the CLI (and with it Chromium) several times; CI machines are often busy.
const SLOW = 240_000;

let server: StaticServer;
let out: string;

beforeAll(async () => {
  server = await serveStatic('apps/cli/test/fixtures');
  out = mkdtempSync(path.join(tmpdir(), 'atcompat-e2e-'));
});

afterAll(async () => {
  await server?.close();
});

const url = (name: string) => `${server.url}/${name}.html`;
const read = (file: string) => readFileSync(path.join(out, file), 'utf8');

describe('atcompat scan', () => {
  it('finds the barriers, writes every report and exits 1', async () => {
    const run = await atcompat(
      [
        'scan', url('barriers'), url('clean'), '--steps', 'axe', '--concurrency', '2',
        '--json', path.join(out, 'report.json'), '--junit', path.join(out, 'junit.xml'), '--sarif', path.join(out, 'report.sarif'),
        '--html', path.join(out, 'html/report.html'), '--summary', path.join(out, 'summary.md'),
      ],
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);

    const report = JSON.parse(read('report.json')) as AtcompatReport;
    expect(validateReport(report)).toEqual(expect.objectContaining({ valid: true }));
    expect(report.pages.map((p) => p.url)).toEqual([url('barriers'), url('clean')]);
    const found = report.pages[0]!.findings.map((f) => `${f.rule} ${f.selector}`).sort();
    expect(found).toEqual(['axe/color-contrast #hint', 'axe/image-alt #logo', 'axe/label #search']);
    expect(report.pages[1]!.findings).toEqual([]);
    // --html turns screenshots on.
    expect(report.pages[0]!.findings.some((f) => f.screenshot?.startsWith('data:image/png;base64,'))).toBe(true);

    expect(run.stdout).toContain(`Page 1: ${url('barriers')} "Page with barriers": 3 findings`);
    expect(run.stdout).toMatch(/CRITICAL +axe\/image-alt +#logo/);
    expect(run.stdout).toContain('Failed: 3 findings at or above "serious" for all AT profiles.');
    expect(run.stdout).not.toMatch(/\u001b\[/); // not a terminal: no colour

    const junit = read('junit.xml');
    expect(junit).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites [^>]*tests="4" failures="3" errors="0" skipped="0"/);
    expect(junit).toContain('name="axe/image-alt on #logo"');

    const sarif = JSON.parse(read('report.sarif'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(3);
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(['axe/color-contrast', 'axe/image-alt', 'axe/label']);

    const html = read('html/report.html');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<img src="data:image/png;base64,');

    expect(read('summary.md')).toMatch(/^## atcompat: failed\n/);
    for (const [label, file] of [['JSON report', 'report.json'], ['HTML report', 'html/report.html'], ['Markdown summary', 'summary.md']]) {
      expect(run.stdout).toContain(`${label} written to ${path.join(out, file!)}`);
    }
  }, SLOW);

  it('exits 0 for a clean page, with colour only when asked', async () => {
    const run = await atcompat(['scan', url('clean'), '--steps', 'axe', '--color']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Passed: no findings at or above "serious" for all AT profiles.');
    expect(run.stdout).toMatch(/\u001b\[32m/);
  }, SLOW);

  it('fails only on findings at or above --fail-on', async () => {
    // The page's one finding is axe/color-contrast: serious, for magnifier users.
    expect((await atcompat(['scan', url('contrast'), '--axe-only', '-q'])).code).toBe(1);
    const critical = await atcompat(['scan', url('contrast'), '--axe-only', '--fail-on', 'critical']);
    expect(critical.code).toBe(0);
    expect(critical.stdout).toContain('Not counted: 1 below the threshold.');
  }, SLOW);

  it('fails only on findings affecting the --profile list', async () => {
    const keyboard = await atcompat(['scan', url('contrast'), '--axe-only', '--profile', 'keyboard,speech']);
    expect(keyboard.code).toBe(0);
    expect(keyboard.stdout).toContain('Not counted: 1 only affecting other profiles.');
    expect((await atcompat(['scan', url('contrast'), '--axe-only', '--profile', 'speech', '--profile', 'magnifier', '-q'])).code).toBe(1);
  }, SLOW);

  it('fails only on new barriers once their findings are in a baseline', async () => {
    const first = path.join(out, 'before.json');
    expect((await atcompat(['scan', url('barriers'), '--axe-only', '--json', first, '-q'])).code).toBe(1);
    const made = await atcompat(['baseline', first, '-o', path.join(out, 'atcompat-baseline.json')]);
    expect(made.code).toBe(0);
    const baseline = JSON.parse(read('atcompat-baseline.json'));
    expect(baseline.findings).toHaveLength(3);

    const again = await atcompat(['scan', url('barriers'), '--axe-only', '--baseline', path.join(out, 'atcompat-baseline.json'), '--json', path.join(out, 'after.json')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Not counted: 3 accepted in the baseline (${path.join(out, 'atcompat-baseline.json')}).`);
    const after = JSON.parse(read('after.json')) as AtcompatReport;
    expect(validateReport(after).valid).toBe(true);
    // The report still tells the whole truth; the baseline only changes the exit code.
    expect(after.summary.findings).toBe(3);
    expect((after.run.baseline as { suppressed: string[] }).suppressed).toHaveLength(3);

    // A new barrier on another page still fails.
    const withNew = await atcompat(['scan', url('barriers'), url('contrast'), '--axe-only', '--baseline', path.join(out, 'atcompat-baseline.json')]);
    expect(withNew.code).toBe(1);
    expect(withNew.stdout).toContain('Failed: 1 finding at or above "serious"');
  }, SLOW);

  it('reads a YAML config file, with paths relative to it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atcompat-config-'));
    writeFileSync(
      path.join(dir, 'atcompat.config.yaml'),
      `urls:\n  - ${url('barriers')}\nsteps: [axe]\nrules:\n  axe/image-alt: off\n  axe/label: off\nfailOn: serious\nprofiles: [screen-reader]\nreports:\n  json: out/report.json\n`,
    );
    const run = await atcompat(['scan', '--config', path.join(dir, 'atcompat.config.yaml'), '-q']);
    // Only axe/color-contrast is left, and it affects magnifier users, not screen-reader users.
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8')) as AtcompatReport;
    expect(report.pages[0]!.findings.map((f) => f.rule)).toEqual(['axe/color-contrast']);
  }, SLOW);

  it('refuses file: and javascript: addresses with exit 2', async () => {
    const file = await atcompat(['scan', `file://${path.resolve('apps/cli/test/fixtures/clean.html')}`]);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/is a file: address\. .*--allow-file-urls/);
    const js = await atcompat(['scan', 'javascript:alert(1)']);
    expect(js.code).toBe(2);
    expect(js.stderr).toMatch(/uses javascript: which atcompat does not load/);
  }, SLOW);

  it('scans a file: address when allowed', async () => {
    const run = await atcompat(['scan', `file://${path.resolve('apps/cli/test/fixtures/clean.html')}`, '--allow-file-urls', '--axe-only']);
    expect(run.code).toBe(0);
  }, SLOW);

  it('exits 2 and says what to check when no page can be loaded', async () => {
    const port = await closedPort();
    const json = path.join(out, 'unreachable.json');
    const run = await atcompat(['scan', `http://127.0.0.1:${port}/`, '--axe-only', '--timeout', '10s', '--json', json]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`No page could be audited, so nothing was checked:\n  http://127.0.0.1:${port}/: The page could not be loaded: net::ERR_CONNECTION_REFUSED`);
    expect(run.stderr).toMatch(/Check that each address is right, that the server is running/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // The report is still written, and valid, for the CI artefacts.
    expect(validateReport(JSON.parse(readFileSync(json, 'utf8'))).valid).toBe(true);
  }, SLOW);

  it('goes on past a page that errors', async () => {
    const run = await atcompat(['scan', url('clean'), `${server.url}/missing.html`, '--axe-only']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Could not be audited: The server answered 404');
    expect(run.stdout).toContain('2 pages scanned');
  }, SLOW);

  it('exits 2 with the install hint when the browser cannot be found', async () => {
    const run = await atcompat(['scan', url('clean')], { env: { ATCOMPAT_BROWSER: '/nonexistent/chromium' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ATCOMPAT_BROWSER is set to /nonexistent/chromium, but there is no executable browser there.');
    expect(run.stderr).toContain('sudo apt-get install chromium');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(out, 'never.json'))).toBe(false);
  }, SLOW);

  it('prints a progress line per page on a terminal', async () => {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: { write: (t: string) => (stdout += t), isTTY: true },
      stderr: { write: (t: string) => (stderr += t), isTTY: true },
      env: { NO_COLOR: '1' },
      cwd: process.cwd(),
    };
    const code = await runCli(['scan', url('clean'), url('contrast'), '--axe-only', '--concurrency', '1'], io);
    expect(code).toBe(1);
    expect(stderr).toBe(`[1/2] ${url('clean')}: 0 findings\n[2/2] ${url('contrast')}: 1 finding\n`);
    // A terminal, but NO_COLOR is set.
    expect(stdout).not.toMatch(/\u001b\[/);

    stderr = '';
    expect(await runCli(['scan', url('clean'), '--axe-only', '-q'], io)).toBe(0);
    expect(stderr).toBe('');
  }, SLOW);
});
