import { UsageError } from './errors.js';
import { planJourney } from './journey-args.js';

const cwd = '/work/project';

describe(planJourney.name, () => {
  it('runs both modes with audits by default', () => {
    const plan = planJourney(['a.yaml', 'b.yaml', '--base-url', 'http://localhost:3000'], cwd);
    expect(plan.files).toEqual(['a.yaml', 'b.yaml']);
    expect(plan.options).toEqual(expect.objectContaining({ baseUrl: 'http://localhost:3000/', modes: ['keyboard', 'speech'], audit: true, maxStates: 10, screenshots: false }));
    expect(plan.gate.failOn).toBe('serious');
  });

  it('takes --mode, --no-audit, --max-states, timeouts and reports', () => {
    const plan = planJourney(['a.yaml', '--base-url', 'https://x.test/app/', '--mode', 'speech', '--no-audit', '--max-states', '3', '--expect-timeout', '2s', '--html', 'out/r.html'], cwd);
    expect(plan.options.modes).toEqual(['speech']);
    expect(plan.options.audit).toBe(false);
    expect(plan.options.maxStates).toBe(3);
    expect(plan.options.timing).toEqual({ expectTimeoutMs: 2000 });
    expect(plan.options.screenshots).toBe(true); // on with --html, as for scan
    expect(plan.reports.html).toEqual({ display: 'out/r.html', file: '/work/project/out/r.html' });
  });

  it.each([
    [['--base-url', 'http://x.test/'], /^No journey files\./],
    [['a.yaml'], /^--base-url is needed/],
    [['a.yaml', '--base-url', 'localhost:3000'], /^--base-url "localhost:3000" is not a full web address.*Did you mean http:\/\/localhost:3000\?/],
    [['a.yaml', '--base-url', 'http://x.test/', '--mode', 'mouse'], /^--mode mouse: use keyboard, speech or both\.$/],
    [['a.yaml', '--base-url', 'http://x.test/', '--json', 'r.json', '--sarif', 'r.json'], /would both write r\.json/],
    [['a.yaml', '--base-url', 'http://x.test/', '--crawl'], /^Unknown option --crawl for atcompat journey/],
  ])('refuses %j', (argv, message) => {
    expect(() => planJourney(argv, cwd)).toThrow(UsageError);
    expect(() => planJourney(argv, cwd)).toThrow(message);
  });

  it('answers --help without needing anything else', () => {
    expect(planJourney(['--help'], cwd).help).toBe(true);
  });
});
