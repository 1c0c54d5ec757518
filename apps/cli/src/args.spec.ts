import { parseBaselineArgs, parseScanArgs } from './args.js';
import { UsageError } from './errors.js';

describe(parseScanArgs.name, () => {
  it('reads addresses and every option', () => {
    const args = parseScanArgs([
      'http://a.test/', '--json', 'r.json', '--junit', 'j.xml', '--sarif', 'r.sarif', '--html', 'r.html', '--summary', 's.md',
      '--fail-on', 'critical', '--profile', 'speech,keyboard', '--profile', 'magnifier', '--steps', 'axe', '--baseline', 'b.json',
      '--no-screenshots', '--timeout', '10s', '--concurrency', '2', '--include', 'main', '--exclude', '.ad', '--disable-rule', 'axe/region',
      '--viewport', '800x600', '--header', 'X-Test: 1', '--storage-state', 'state.json', '--allow-file-urls', '--system', 'casework',
      '--release', '2.3.0', '-q', '--no-color', 'http://b.test/', '-c', 'atcompat.config.yaml',
    ]);
    expect(args).toEqual(
      expect.objectContaining({
        urls: ['http://a.test/', 'http://b.test/'],
        config: 'atcompat.config.yaml',
        reports: { json: 'r.json', junit: 'j.xml', sarif: 'r.sarif', html: 'r.html', summary: 's.md' },
        failOn: 'critical',
        profiles: ['speech,keyboard', 'magnifier'],
        steps: ['axe'],
        baseline: 'b.json',
        screenshots: false,
        timeout: '10s',
        concurrency: '2',
        include: ['main'],
        exclude: ['.ad'],
        disableRules: ['axe/region'],
        viewport: '800x600',
        headers: ['X-Test: 1'],
        storageState: 'state.json',
        allowFileUrls: true,
        system: 'casework',
        release: '2.3.0',
        quiet: true,
        color: false,
        help: false,
      }),
    );
  });

  it('leaves unset what was not given', () => {
    const args = parseScanArgs(['http://a.test/']);
    expect(args.screenshots).toBeUndefined();
    expect(args.failOn).toBeUndefined();
    expect(args.axeOnly).toBe(false);
  });

  it.each([
    [['--frobnicate'], 'Unknown option --frobnicate for atcompat scan. See `atcompat scan --help`.'],
    [['http://a.test/', '--json'], /--json needs a value/],
    [['--json', '--html', 'r.html'], '--json needs a value, e.g. a file name. See `atcompat scan --help`.'],
    [['--json='], '--json needs a file name (found "").'],
    [['--axe-only=yes'], /^--axe-only takes no value/],
  ])('explains bad arguments: %j', (argv, message) => {
    expect(() => parseScanArgs(argv)).toThrow(UsageError);
    expect(() => parseScanArgs(argv)).toThrow(message);
  });
});

describe(parseBaselineArgs.name, () => {
  it('reads the report and the output file', () => {
    expect(parseBaselineArgs(['r.json', '-o', 'b.json'])).toEqual({ report: 'r.json', output: 'b.json', help: false });
    expect(parseBaselineArgs(['--output', 'b.json', 'r.json']).output).toBe('b.json');
  });

  it('takes one report only', () => {
    expect(() => parseBaselineArgs(['a.json', 'b.json'])).toThrow(/takes one report file/);
  });
});
