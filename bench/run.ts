/**
 * `npm run bench`: harness throughput (atcompat axe-only and full audit against pa11y-ci and a bare
 * Playwright + @axe-core/playwright loop, same Chromium, same pages, same concurrency) and how the
 * full audit's time and memory grow with the number of focusable elements. Writes BENCHMARKS.md.
 *
 *   tsc -b && tsc -b bench && node bench/dist/bench/run.js [--only harness,growth] [--quick] [--out BENCHMARKS.md]
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { TOOL_VERSION, chromiumArgs, findChromium, launchBrowser, scanUrls } from '@atcompat/harness';
import { writeFocusablePage, writeVariedPages } from './pages.js';
import { registryBench } from './registry.js';
import { serveStatic } from '../test/support/static-server.js';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const CLI = path.join(ROOT, 'apps/cli/bin/atcompat.js');
const PA11Y = path.join(ROOT, 'node_modules/pa11y-ci/bin/pa11y-ci.js');
const CONCURRENCY = 2;
/** The tags atcompat gives axe (libs/harness/src/checks/axe.ts), so the bare loop runs the same rules. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean' }, out: { type: 'string' } } });
const only = new Set((values.only ?? 'harness,growth,registry').split(',').map((s) => s.trim()));
const quick = values.quick ?? false;
const out = path.resolve(ROOT, values.out ?? (quick ? 'bench/dist/BENCHMARKS.quick.md' : 'BENCHMARKS.md'));
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs a command, returning wall seconds; the exit code is not judged (findings exit non-zero). */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ seconds: number; code: number | null; stderr: string }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, code, stderr }));
  });
}

/** The floor: a bare Playwright + @axe-core/playwright loop, a context per page, CONCURRENCY at once. */
async function bareLoop(urls: string[], executablePath: string): Promise<number> {
  const started = process.hrtime.bigint();
  const browser = await chromium.launch({ executablePath, args: chromiumArgs() });
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const url = urls[next++]!;
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      await context.close();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await browser.close();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function versions(executablePath: string | undefined) {
  const read = (name: string) => (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  let pa11yCi = '?';
  try {
    pa11yCi = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/pa11y-ci/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // not installed
  }
  const osName = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? `${os.type()} ${os.release()}`;
  return {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB memory, ${osName} (kernel ${os.release()})`,
    node: process.version,
    chromium: executablePath ? execFileSync(executablePath, ['--version'], { encoding: 'utf8' }).trim() : 'no Chromium (not needed for this run)',
    atcompat: TOOL_VERSION,
    axe: read('axe-core'),
    pa11yCi,
  };
}

interface Row {
  tool: string;
  seconds: number;
  pages: number;
}

async function harness(executablePath: string, tmp: string, lines: string[]): Promise<void> {
  const web = path.join(tmp, 'web');
  cpSync(path.join(ROOT, 'a11y-tests/fixtures/casework'), path.join(web, 'casework'), { recursive: true });
  const generated = writeVariedPages(path.join(web, 'generated'), quick ? 6 : 50);
  const server = await serveStatic(web);
  const casework = ['accessible', 'mouse-only', 'label-mismatch'].flatMap((v) =>
    readdirSync(path.join(web, 'casework', v)).filter((f) => f.endsWith('.html')).map((f) => `${server.url}/casework/${v}/${f}`),
  );
  const urls = [...(quick ? casework.slice(0, 4) : casework), ...generated.map((f) => `${server.url}/generated/${f}`)];
  const pa11yConfig = path.join(tmp, 'pa11y-ci.json');
  writeFileSync(
    pa11yConfig,
    JSON.stringify({
      defaults: {
        runners: ['axe'],
        concurrency: CONCURRENCY,
        timeout: 60_000,
        useIncognitoBrowserContext: true,
        chromeLaunchConfig: { executablePath, args: ['--no-sandbox', ...chromiumArgs().filter((a) => a !== '--no-sandbox')] },
      },
      urls,
    }),
  );
  const commands: [string, () => Promise<number>, string][] = [
    ['bare Playwright + @axe-core/playwright loop', () => bareLoop(urls, executablePath), '(in-process; see bench/run.ts `bareLoop`)'],
    ['atcompat scan --axe-only', async () => (await timed(process.execPath, [CLI, 'scan', ...urls, '--axe-only', '--concurrency', String(CONCURRENCY), '--quiet', '--json', path.join(tmp, 'axe.json')], { ATCOMPAT_BROWSER: executablePath })).seconds, `node apps/cli/bin/atcompat.js scan <urls> --axe-only --concurrency ${CONCURRENCY} --quiet --json axe.json`],
    ['pa11y-ci (axe runner)', async () => (await timed(process.execPath, [PA11Y, '--config', pa11yConfig, '--json'])).seconds, 'node node_modules/pa11y-ci/bin/pa11y-ci.js --config pa11y-ci.json --json'],
    ['atcompat scan (full audit)', async () => (await timed(process.execPath, [CLI, 'scan', ...urls, '--concurrency', String(CONCURRENCY), '--quiet', '--json', path.join(tmp, 'full.json')], { ATCOMPAT_BROWSER: executablePath })).seconds, `node apps/cli/bin/atcompat.js scan <urls> --concurrency ${CONCURRENCY} --quiet --json full.json`],
  ];
  const rows: Row[] = [];
  try {
    for (const [tool, run, command] of commands) {
      log(`harness: ${tool} on ${urls.length} pages …`);
      const seconds = await run();
      rows.push({ tool, seconds, pages: urls.length });
      log(`  ${seconds.toFixed(1)} s`);
      lines.push(`    ${command}`);
    }
  } finally {
    await server.close();
  }
  const floor = rows[0]!.seconds;
  const by = (name: string) => rows.find((r) => r.tool.startsWith(name))!.seconds;
  const table = rows.map((r) => `| ${r.tool} | ${r.seconds.toFixed(1)} | ${((r.pages / r.seconds) * 60).toFixed(1)} | ${(r.seconds / floor).toFixed(2)}× |`);
  const axeOnly = by('atcompat scan --axe-only');
  const pa11y = by('pa11y-ci');
  const full = by('atcompat scan (full');
  const verdict = (ok: boolean) => (ok ? '**met**' : '**not met**');
  lines.unshift(
    `## Harness throughput (${urls.length} pages: ${quick ? 4 : casework.length} casework fixture pages + ${generated.length} generated; concurrency ${CONCURRENCY}; wall time including browser start)`,
    '',
    '| tool | seconds | pages per minute | time vs bare loop |',
    '|:--|--:|--:|--:|',
    ...table,
    '',
    `- axe-only vs pa11y-ci: pa11y-ci takes ${(pa11y / axeOnly).toFixed(2)}× as long as \`atcompat scan --axe-only\` (target ≥ 2×): ${verdict(pa11y / axeOnly >= 2)}`,
    `- axe-only vs the bare loop: ${(axeOnly / floor).toFixed(2)}× (target ≤ 1.2×): ${verdict(axeOnly / floor <= 1.2)}`,
    `- full audit vs the bare loop: ${(full / floor).toFixed(2)}× (target ≤ 3×): ${verdict(full / floor <= 3)}`,
    '',
    'Commands (URLs elided):',
    '',
  );
}

/** Sums the resident memory of this process's descendants (Chromium's processes) from /proc, in bytes. */
function childrenRss(): number {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      rss.set(Number(entry), Number(fields[21]) * 4096);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  for (const [pid, bytes] of rss) {
    for (let p = parents.get(pid); p && p > 1; p = parents.get(p)) {
      if (p === process.pid) {
        total += bytes;
        break;
      }
    }
  }
  return total;
}

async function growth(tmp: string, lines: string[]): Promise<void> {
  const dir = path.join(tmp, 'growth');
  const sizes = quick ? [10, 100] : [10, 100, 1000];
  const files = sizes.map((n) => writeFocusablePage(dir, n));
  const server = await serveStatic(dir);
  const browser = await launchBrowser();
  const rows: string[] = [];
  let previous: number | undefined;
  try {
    for (const [i, n] of sizes.entries()) {
      let peakBrowser = 0;
      let peakNode = 0;
      const sampler = setInterval(() => {
        peakBrowser = Math.max(peakBrowser, childrenRss());
        peakNode = Math.max(peakNode, process.memoryUsage().rss);
      }, 100);
      log(`growth: full audit of a page with ${n} focusable elements …`);
      const started = process.hrtime.bigint();
      const report = await scanUrls([`${server.url}/${files[i]}`], { browser, concurrency: 1, auditTimeoutMs: 15 * 60_000 });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      clearInterval(sampler);
      const page = report.pages[0]!;
      const ratio = previous ? `${(seconds / previous).toFixed(1)}× for 10× the elements` : '';
      previous = seconds;
      rows.push(`| ${n} | ${seconds.toFixed(1)} | ${(peakBrowser / 1024 ** 2).toFixed(0)} | ${(peakNode / 1024 ** 2).toFixed(0)} | ${page.error ?? `${page.findings.length} findings`} | ${ratio} |`);
      log(`  ${seconds.toFixed(1)} s`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  lines.push(
    '## How the full audit grows with focusable elements (one page, one at a time)',
    '',
    'Browser memory is the summed RSS of every Chromium process (shared pages counted in each, so an upper bound), sampled from /proc every 100 ms.',
    '',
    '| focusable elements | seconds | peak browser RSS (MiB) | peak node RSS (MiB) | result | growth |',
    '|--:|--:|--:|--:|:--|:--|',
    ...rows,
    '',
    'Command: `npm run bench -- --only growth` (in-process `scanUrls`, all steps, default budget).',
    '',
  );
}

async function main(): Promise<void> {
  // Only the harness and growth sections drive a browser; the registry section runs without one.
  const needsBrowser = only.has('harness') || only.has('growth');
  const executablePath = needsBrowser ? findChromium() : undefined;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'atcompat-bench-'));
  const v = versions(executablePath);
  const sections: string[] = [];
  const started = Date.now();
  try {
    if (only.has('harness')) {
      const lines: string[] = [];
      await harness(executablePath!, tmp, lines);
      sections.push(lines.join('\n'), '');
    }
    if (only.has('growth')) {
      const lines: string[] = [];
      await growth(tmp, lines);
      sections.push(lines.join('\n'));
    }
    if (only.has('registry')) {
      const lines: string[] = [];
      await registryBench(lines, { quick, tmp });
      sections.push(lines.join('\n'));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const header = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` on ${new Date().toISOString().slice(0, 10)}${quick ? ' (--quick: a smoke run, not the figures to quote)' : ''}; took ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    '',
    `- machine: ${v.machine}`,
    `- versions: Node ${v.node}, ${v.chromium}, atcompat ${v.atcompat}, axe-core ${v.axe}, pa11y-ci ${v.pa11yCi}`,
    '',
  ];
  writeFileSync(out, `${[...header, ...sections].join('\n')}\n`);
  log(`Written to ${path.relative(process.cwd(), out)}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`The benchmark could not run: ${(error as Error)?.stack ?? error}`);
    process.exit(2);
  },
);
