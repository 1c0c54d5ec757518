import { cpus } from 'node:os';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AT_PROFILES } from '@atcompat/contracts';
import { parseScanArgs } from './args.js';
import type { ScanConfig } from './config.js';
import { UsageError } from './errors.js';
import { planScan } from './plan.js';

const cwd = mkdtempSync(path.join(tmpdir(), 'atcompat-plan-'));
mkdirSync(path.join(cwd, 'reports'));
writeFileSync(path.join(cwd, 'state.json'), '{}');
const plan = (argv: string[], config?: ScanConfig) => planScan(parseScanArgs(argv), config, cwd);

describe(planScan.name, () => {
  it('has the documented defaults', () => {
    const p = plan(['http://a.test/']);
    expect(p.urls).toEqual(['http://a.test/']);
    expect(p.gate).toEqual({ failOn: 'serious', profiles: [...AT_PROFILES] });
    expect(p.options).toEqual({ screenshots: false, concurrency: Math.max(1, cpus().length), timeoutMs: 30_000 });
    expect(p.reports).toEqual({});
    expect(p.quiet).toBe(false);
  });

  it('turns screenshots on for the HTML report unless told not to', () => {
    expect(plan(['http://a.test/', '--html', 'r.html']).options.screenshots).toBe(true);
    expect(plan(['http://a.test/', '--html', 'r.html', '--no-screenshots']).options.screenshots).toBe(false);
    expect(plan(['http://a.test/', '--screenshots']).options.screenshots).toBe(true);
  });

  it('maps --axe-only to the axe step and refuses it with --steps', () => {
    expect(plan(['http://a.test/', '--axe-only']).options.steps).toEqual(['axe']);
    expect(plan(['http://a.test/', '--steps', 'keyboard,axe']).options.steps).toEqual(['axe', 'keyboard']);
    expect(() => plan(['http://a.test/', '--axe-only', '--steps', 'axe'])).toThrow(/either --axe-only or --steps/);
  });

  it('resolves report paths against the working folder and refuses folders and clashes', () => {
    expect(plan(['http://a.test/', '--json', 'out/r.json']).reports.json).toEqual({ display: 'out/r.json', file: path.join(cwd, 'out/r.json') });
    expect(() => plan(['http://a.test/', '--html', 'reports'])).toThrow('--html reports is a folder; give a file name such as reports/atcompat.html.');
    expect(() => plan(['http://a.test/', '--json', 'r.json', '--sarif', 'r.json'])).toThrow(/both write r\.json/);
  });

  it('refuses addresses that are not http or https, and an empty list', () => {
    expect(() => plan(['file:///etc/passwd'])).toThrow(/--allow-file-urls/);
    expect(plan(['file:///tmp/x.html', '--allow-file-urls']).urls).toEqual(['file:///tmp/x.html']);
    expect(() => plan(['javascript:alert(1)'])).toThrow(UsageError);
    expect(() => plan([])).toThrow(/No addresses to scan/);
  });

  it('checks rule ids, headers and the storage-state file', () => {
    expect(plan(['http://a.test/', '--disable-rule', 'axe/region,keyboard/trap']).options.disabledRules).toEqual(['axe/region', 'keyboard/trap']);
    expect(() => plan(['http://a.test/', '--disable-rule', 'trap'])).toThrow(/--disable-rule trap: not a rule id/);
    expect(plan(['http://a.test/', '--header', 'Authorization: Bearer x']).options.headers).toEqual({ Authorization: 'Bearer x' });
    expect(plan(['http://a.test/', '--storage-state', 'state.json']).options.storageState).toBe(path.join(cwd, 'state.json'));
    expect(() => plan(['http://a.test/', '--storage-state', 'nope.json'])).toThrow(/--storage-state nope\.json: the file does not exist/);
  });

  it('merges the command line over the config file', () => {
    const config: ScanConfig = {
      file: 'atcompat.config.yaml',
      urls: ['http://config.test/'],
      rules: { 'axe/region': false, 'axe/color-contrast': false },
      headers: { 'X-From': 'config' },
      failOn: 'critical',
      profiles: ['speech'],
      timeoutMs: 5000,
      include: ['main'],
      target: { system: 'casework', release: '1.0' },
      reports: { json: path.join(cwd, 'cfg/report.json') },
      baseline: path.join(cwd, 'baseline.json'),
    };
    const fromConfig = plan([], config);
    expect(fromConfig.urls).toEqual(['http://config.test/']);
    expect(fromConfig.gate).toEqual({ failOn: 'critical', profiles: ['speech'] });
    expect(fromConfig.options).toEqual(expect.objectContaining({ timeoutMs: 5000, include: ['main'], disabledRules: ['axe/region', 'axe/color-contrast'], target: { system: 'casework', release: '1.0' } }));
    expect(fromConfig.reports.json).toEqual({ display: path.join('cfg', 'report.json'), file: path.join(cwd, 'cfg/report.json') });
    expect(fromConfig.baseline).toEqual({ display: 'baseline.json', file: path.join(cwd, 'baseline.json') });

    const overridden = plan(
      ['http://cli.test/', '--fail-on', 'minor', '--profile', 'all', '--enable-rule', 'axe/region', '--header', 'X-From: cli', '--release', '2.0', '--include', 'form'],
      config,
    );
    expect(overridden.urls).toEqual(['http://cli.test/']);
    expect(overridden.gate).toEqual({ failOn: 'minor', profiles: [...AT_PROFILES] });
    expect(overridden.options.disabledRules).toEqual(['axe/color-contrast']);
    expect(overridden.options.headers).toEqual({ 'X-From': 'cli' });
    expect(overridden.options.target).toEqual({ system: 'casework', release: '2.0' });
    expect(overridden.options.include).toEqual(['main', 'form']);
  });

  it('names the config file when its addresses are wrong or missing', () => {
    expect(() => plan([], { file: 'atcompat.config.yaml' })).toThrow('No addresses to scan: give them after `atcompat scan` or as "urls" in atcompat.config.yaml.');
    expect(() => plan([], { file: 'atcompat.config.yaml', urls: ['ftp://x.test/'] })).toThrow(/The address in atcompat\.config\.yaml \(urls\) "ftp:\/\/x\.test\/"/);
  });
});

describe(`${planScan.name} --crawl`, () => {
  it('is off unless asked, and then follows links up to 50 pages by default', () => {
    expect(plan(['http://a.test/']).crawl).toBeUndefined();
    expect(plan(['http://a.test/', '--crawl']).crawl).toEqual({ maxPages: 50, exclude: [] });
    expect(plan(['http://a.test/', '--crawl', '--max-pages', '7', '--crawl-exclude', '/admin/**', '--crawl-exclude', '/\\/logout/']).crawl).toEqual({
      maxPages: 7,
      exclude: ['/admin/**', '/\\/logout/'],
    });
  });

  it('merges the config file: the command line wins on maxPages and adds exclude patterns; --no-crawl turns it off', () => {
    const config: ScanConfig = { file: 'atcompat.config.yaml', urls: ['http://a.test/'], crawl: { enabled: true, maxPages: 9, exclude: ['/print/**'] } };
    expect(plan([], config).crawl).toEqual({ maxPages: 9, exclude: ['/print/**'] });
    expect(plan(['--max-pages', '3', '--crawl-exclude', '/x'], config).crawl).toEqual({ maxPages: 3, exclude: ['/print/**', '/x'] });
    expect(plan(['--no-crawl'], config).crawl).toBeUndefined();
  });

  it('refuses crawl options without --crawl, a bad page count and a broken pattern', () => {
    expect(() => plan(['http://a.test/', '--max-pages', '5'])).toThrow('--max-pages only applies when following links: add --crawl.');
    expect(() => plan(['http://a.test/', '--crawl-exclude', '/x'])).toThrow('--crawl-exclude only applies when following links: add --crawl.');
    expect(() => plan(['http://a.test/', '--crawl', '--max-pages', '0'])).toThrow(UsageError);
    expect(() => plan(['http://a.test/', '--crawl', '--crawl-exclude', '/[/'])).toThrow(/--crawl-exclude: The exclude pattern \/\[\/ is not a valid regular expression/);
  });
});
