import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, parseConfig } from './config.js';
import { UsageError } from './errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'atcompat-config-'));
writeFileSync(path.join(dir, 'state.json'), '{"cookies": [], "origins": []}');

function write(name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return name;
}

const FULL_YAML = `# atcompat settings for the casework system
urls:
  - http://127.0.0.1:4100/cases/1042
  - http://127.0.0.1:4100/cases/1042/notes/new
include: [main]
exclude:
  - .cookie-banner
rules:
  axe/color-contrast: off
  keyboard/trap: on
steps: [axe, keyboard]
viewport: { width: 1024, height: 768 }
budget:
  maxTabStops: 200
headers:
  Authorization: Bearer test-token
cookies:
  - name: session
    value: abc
    url: https://casework.test/
storageState: state.json
concurrency: 2
timeout: 45s
failOn: critical
profiles: [speech, keyboard]
baseline: atcompat-baseline.json
screenshots: false
target: { system: casework, release: 2.3.0 }
reports:
  json: out/atcompat.json
  html: out/atcompat.html
`;

describe(loadConfig.name, () => {
  it('reads every setting from YAML, with paths relative to the file', () => {
    const config = loadConfig(write('atcompat.config.yaml', FULL_YAML), dir);
    expect(config).toEqual({
      file: 'atcompat.config.yaml',
      urls: ['http://127.0.0.1:4100/cases/1042', 'http://127.0.0.1:4100/cases/1042/notes/new'],
      include: ['main'],
      exclude: ['.cookie-banner'],
      rules: { 'axe/color-contrast': false, 'keyboard/trap': true },
      steps: ['axe', 'keyboard'],
      viewport: { width: 1024, height: 768 },
      budget: { maxTabStops: 200 },
      headers: { Authorization: 'Bearer test-token' },
      cookies: [{ name: 'session', value: 'abc', domain: 'casework.test', path: '/', expires: -1, httpOnly: false, secure: true, sameSite: 'Lax' }],
      storageState: path.join(dir, 'state.json'),
      concurrency: 2,
      timeoutMs: 45_000,
      failOn: 'critical',
      profiles: ['keyboard', 'speech'],
      baseline: path.join(dir, 'atcompat-baseline.json'),
      screenshots: false,
      target: { system: 'casework', release: '2.3.0' },
      reports: { json: path.join(dir, 'out/atcompat.json'), html: path.join(dir, 'out/atcompat.html') },
    });
  });

  it('reads the same settings from JSON', () => {
    const json = JSON.stringify({ urls: ['http://127.0.0.1:4100/'], failOn: 'moderate', timeout: 10, rules: { 'axe/region': 'off' } }, null, 2);
    expect(loadConfig(write('atcompat.config.json', json), dir)).toEqual({
      file: 'atcompat.config.json',
      urls: ['http://127.0.0.1:4100/'],
      failOn: 'moderate',
      timeoutMs: 10_000,
      rules: { 'axe/region': false },
    });
  });

  it('says when the file does not exist or is a folder', () => {
    expect(() => loadConfig('missing.yaml', dir)).toThrow('The config file missing.yaml does not exist.');
    mkdirSync(path.join(dir, 'folder.yaml'), { recursive: true });
    expect(() => loadConfig('folder.yaml', dir)).toThrow(/is a folder/);
  });
});

describe(parseConfig.name, () => {
  const parse = (text: string, file = 'atcompat.config.yaml') => () => parseConfig(text, file, dir);

  it('names file, line and column of a YAML syntax error and shows the line', () => {
    expect(parse('urls:\n  - http://a.test/\nprofiles: [speech, keyboard\n')).toThrow(ConfigError);
    expect(parse('urls:\n  - http://a.test/\nviewport:\n  width: 100\n\theight: 3\n')).toThrow(/^atcompat\.config\.yaml:5:1: this is not valid YAML: Tabs are not allowed as indentation\.\n {2}5 \| \theight: 3\n/);
  });

  it('refuses duplicate keys in YAML', () => {
    expect(parse('failOn: serious\nfailOn: minor\n')).toThrow(/^atcompat\.config\.yaml:2:1: this is not valid YAML: Map keys must be unique/);
  });

  it('names file, line and column of a JSON syntax error', () => {
    expect(parse('{\n  "urls": ["http://a.test/"],\n  "failOn": "serious",\n}\n', 'atcompat.config.json')).toThrow(
      /^atcompat\.config\.json:4:1: this is not valid JSON: Expected double-quoted property name\.\n {2}4 \| \}\n/,
    );
    expect(parse('{"urls": [http://a.test/]}', 'atcompat.config.json')).toThrow(/^atcompat\.config\.json:1:11: this is not valid JSON: Unexpected token 'h'\./);
  });

  it.each([
    ['viewport:\n  width: wide\n  height: 800\n', /^atcompat\.config\.yaml:2:10: viewport\.width must be a whole number from 200 to 10000 \(found "wide"\)\.$/],
    ['failOn: high\n', /^atcompat\.config\.yaml:1:9: failOn must be one of critical, serious, moderate, minor \(found "high"\)\.$/],
    ['urls:\n  - http://a.test/\n  - 42\n', /^atcompat\.config\.yaml:3:5: urls\[1\] must be non-empty text \(found 42\)\.$/],
    ['failon: serious\n', /^atcompat\.config\.yaml:1:1: failon is not a setting atcompat knows\. Did you mean failOn\?$/],
    ['rules:\n  keyboard/nope: off\n', /^atcompat\.config\.yaml:2:3: rules\.keyboard\/nope is not a rule id atcompat knows/],
    ['rules:\n  axe/region: maybe\n', /^atcompat\.config\.yaml:2:15: rules\.axe\/region must be on or off \(found "maybe"\)\.$/],
    ['profiles: [speech, dragon]\n', /^atcompat\.config\.yaml:1:11: profiles: unknown profile "dragon"/],
    ['budget:\n  maxTabStops: [1]\n', /^atcompat\.config\.yaml:2:16: budget\.maxTabStops must be a whole number from 0 to 100000 \(found \[1\]\)\.$/],
    ['budget:\n  maxTabs: 3\n', /^atcompat\.config\.yaml:2:3: budget\.maxTabs is not a budget setting/],
    ['cookies:\n  - name: session\n    value: abc\n', /^atcompat\.config\.yaml:2:5: cookies\[0\] needs a url or a domain/],
    ['storageState: nowhere.json\n', /^atcompat\.config\.yaml:1:15: storageState names a file that does not exist: .*nowhere\.json$/],
    ['timeout: forever\n', /^atcompat\.config\.yaml:1:10: timeout must be a time from 1s to 60m/],
    ['- http://a.test/\n', /^atcompat\.config\.yaml:1:1: must hold a mapping of settings such as "urls:" \(found a list\)\.$/],
    ['reports:\n  pdf: out.pdf\n', /^atcompat\.config\.yaml:2:3: reports\.pdf is not a report kind/],
  ])('names the line and field of a bad value: %j', (text, message) => {
    expect(parse(text)).toThrow(message);
  });

  it('names the line of a bad value in JSON too', () => {
    const text = '{\n  "urls": ["http://a.test/"],\n  "concurrency": 0\n}\n';
    expect(parse(text, 'atcompat.config.json')).toThrow(/^atcompat\.config\.json:3:18: concurrency must be a whole number from 1 to 64 \(found "0"\)\.$/);
  });

  it('treats an empty file as no settings', () => {
    expect(parseConfig('', 'atcompat.config.yaml', dir)).toEqual({ file: 'atcompat.config.yaml' });
  });

  it('raises usage errors (exit code 2), never a stack trace', () => {
    expect(parse('failOn: high\n')).toThrow(UsageError);
  });
});

describe('the config example in docs/cli.md', () => {
  it('is valid', () => {
    const doc = readFileSync(new URL('../../../docs/cli.md', import.meta.url), 'utf8');
    const example = /```yaml\n(# atcompat\.config\.yaml\n[\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const docDir = mkdtempSync(path.join(tmpdir(), 'atcompat-doc-'));
    mkdirSync(path.join(docDir, 'auth'));
    writeFileSync(path.join(docDir, 'auth/state.json'), '{}');
    const config = parseConfig(example!, 'atcompat.config.yaml', docDir);
    expect(config.urls).toHaveLength(2);
    expect(config.profiles).toEqual(['keyboard', 'speech']);
    expect(Object.keys(config.reports ?? {})).toEqual(['json', 'junit', 'sarif', 'html', 'summary']);
  });
});

describe('crawl in the config file', () => {
  const parse = (text: string) => parseConfig(text, 'atcompat.config.yaml', dir);
  it('takes true, false or { maxPages, exclude }', () => {
    expect(parse('crawl: true\n').crawl).toEqual({ enabled: true });
    expect(parse('crawl: false\n').crawl).toEqual({ enabled: false });
    expect(parse('crawl:\n  maxPages: 20\n  exclude: [/admin/**, "/\\\\/logout/"]\n').crawl).toEqual({ enabled: true, maxPages: 20, exclude: ['/admin/**', '/\\/logout/'] });
  });

  it('names the line and the setting when crawl is wrong', () => {
    expect(() => parse('crawl:\n  pages: 3\n')).toThrow('atcompat.config.yaml:2:3: crawl.pages is not a crawl setting (maxPages, exclude).');
    expect(() => parse('crawl:\n  maxPages: lots\n')).toThrow(/^atcompat\.config\.yaml:2:13: .*maxPages/);
    expect(() => parse('crawl:\n  exclude: ["/(/"]\n')).toThrow(/^atcompat\.config\.yaml:2:13: crawl\.exclude\[0\] is not a valid regular expression/);
    expect(() => parse('crawl: yes please\n')).toThrow(/crawl must be true, false, or a mapping/);
  });
});
