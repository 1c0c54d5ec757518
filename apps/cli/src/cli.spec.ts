import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli.js';
import type { Io } from './io.js';

const cwd = mkdtempSync(path.join(tmpdir(), 'atcompat-cli-'));
const sample = readFileSync(new URL('../../../libs/contracts/src/__fixtures__/sample-report.json', import.meta.url), 'utf8');
writeFileSync(path.join(cwd, 'report.json'), sample);

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
    cwd,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe(runCli.name, () => {
  it('documents the commands and exit codes in --help', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('atcompat scan <url…> [options]');
    expect(stdout).toMatch(/Exit codes:\n {2}0 {2}nothing at or above the --fail-on threshold/);
    expect(stdout).toMatch(/\n {2}1 {2}findings at or above --fail-on/);
    expect(stdout).toMatch(/\n {2}2 {2}usage error/);
  });

  it('documents every scan option and the exit codes in scan --help', async () => {
    const { code, stdout } = await cli(['scan', '--help']);
    expect(code).toBe(0);
    for (const option of ['--config', '--json', '--junit', '--sarif', '--html', '--summary', '--fail-on', '--profile', '--axe-only', '--steps', '--baseline', '--screenshots', '--timeout', '--concurrency', '--allow-file-urls']) {
      expect(stdout).toContain(option);
    }
    expect(stdout).toContain('Exit codes:');
    expect((await cli(['help', 'scan'])).stdout).toBe(stdout);
  });

  it('prints the version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('exits 2 with the usage on stderr when given nothing, or an unknown command', async () => {
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage:');
    const unknown = await cli(['http://a.test/']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('atcompat: Unknown command "http://a.test/". Did you mean `atcompat scan http://a.test/`? Commands: scan, baseline, journey, publish, gate. See `atcompat --help`.\n');
  });

  it('refuses a file: address before starting a browser', async () => {
    const { code, stderr } = await cli(['scan', 'file:///etc/passwd']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^atcompat: The address "file:\/\/\/etc\/passwd" is a file: address\..*--allow-file-urls/);
  });

  it('reports a bad config file with its line, and no stack trace', async () => {
    writeFileSync(path.join(cwd, 'bad.yaml'), 'urls:\n  - http://a.test/\nfailOn: high\n');
    const { code, stderr } = await cli(['scan', '--config', 'bad.yaml']);
    expect(code).toBe(2);
    expect(stderr).toBe('atcompat: bad.yaml:3:9: failOn must be one of critical, serious, moderate, minor (found "high").\n');
  });

  it('reports a bad baseline file before scanning', async () => {
    writeFileSync(path.join(cwd, 'bad-baseline.json'), '{"version": 1, "createdAt": "2025-01-01T00:00:00Z", "findings": [{}]}');
    const { code, stderr } = await cli(['scan', 'http://127.0.0.1:9/', '--baseline', 'bad-baseline.json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^atcompat: bad-baseline\.json: findings\[0\]\.fingerprint must be non-empty text\./);
  });

  it('shows a stack trace only with ATCOMPAT_DEBUG=1', async () => {
    const plain = await cli(['scan', '--frobnicate']);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await cli(['scan', '--frobnicate'], { ATCOMPAT_DEBUG: '1' });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  describe('baseline', () => {
    it('writes a baseline accepting every finding of a report', async () => {
      const { code, stdout } = await cli(['baseline', 'report.json', '-o', 'out/baseline.json']);
      expect(code).toBe(0);
      expect(stdout).toContain('Baseline with 7 accepted findings written to out/baseline.json.');
      const baseline = JSON.parse(readFileSync(path.join(cwd, 'out/baseline.json'), 'utf8'));
      expect(baseline).toEqual({ version: 1, createdAt: expect.any(String), findings: expect.any(Array) });
      expect(baseline.findings).toHaveLength(7);
      expect(baseline.findings[0]).toEqual({ fingerprint: expect.any(String), rule: expect.any(String), selector: expect.any(String), url: expect.any(String) });
    });

    it('prints the baseline without -o', async () => {
      const { code, stdout } = await cli(['baseline', 'report.json']);
      expect(code).toBe(0);
      expect(JSON.parse(stdout).findings).toHaveLength(7);
    });

    it('refuses a file that is not a valid report, naming the problems', async () => {
      writeFileSync(path.join(cwd, 'not-a-report.json'), JSON.stringify({ schemaVersion: 1, pages: [] }));
      const { code, stderr } = await cli(['baseline', 'not-a-report.json', '-o', 'b.json']);
      expect(code).toBe(2);
      expect(stderr).toContain('atcompat: not-a-report.json is not a valid atcompat report (contract v1):\n/tool: is required but missing');
    });

    it('names the line of a JSON syntax error, and a missing report', async () => {
      writeFileSync(path.join(cwd, 'broken.json'), '{\n  "schemaVersion": 1,\n  "tool": }\n');
      expect((await cli(['baseline', 'broken.json'])).stderr).toMatch(/^atcompat: broken\.json:3:11: this is not valid JSON/);
      expect(await cli(['baseline', 'missing.json'])).toEqual({ code: 2, stdout: '', stderr: 'atcompat: missing.json does not exist.\n' });
      expect((await cli(['baseline'])).stderr).toMatch(/Which report\?/);
    });
  });
});
