import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AtcompatReport } from '@atcompat/contracts';
import { UsageError } from './errors.js';
import type { Io } from './io.js';
import { buildSubmission, checkPublishReady, ciContext, publishReport, publishRequest } from './publish.js';
import { parseScanArgs } from './args.js';
import { parseRetryAfter, problemText, refusalMessage, resolveConnection } from './registry-client.js';

const sample = JSON.parse(readFileSync(new URL('../../../libs/contracts/src/__fixtures__/sample-report.json', import.meta.url), 'utf8')) as AtcompatReport;

function memoryIo(env: NodeJS.ProcessEnv = {}): Io & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
    cwd: mkdtempSync(path.join(tmpdir(), 'atcompat-publish-')),
    out: () => stdout,
    err: () => stderr,
  };
}

describe(resolveConnection.name, () => {
  it('takes the flags first, then ATCOMPAT_REGISTRY and ATCOMPAT_TOKEN', () => {
    expect(resolveConnection({ registry: 'http://flag.test/', token: 'from-flag' }, { ATCOMPAT_REGISTRY: 'http://env.test', ATCOMPAT_TOKEN: 'from-env' }, 'publish')).toEqual({
      url: 'http://flag.test',
      token: 'from-flag',
      timeoutMs: 30_000,
    });
    expect(resolveConnection({}, { ATCOMPAT_REGISTRY: 'https://env.test/atcompat/', ATCOMPAT_TOKEN: ' t ' }, 'gate')).toEqual({
      url: 'https://env.test/atcompat',
      token: 't',
      timeoutMs: 30_000,
    });
  });

  it('names what is missing or wrong', () => {
    expect(() => resolveConnection({}, {}, 'gate')).toThrow(/--registry <url> or set ATCOMPAT_REGISTRY/);
    expect(() => resolveConnection({ registry: 'atcompat.internal' }, {}, 'gate')).toThrow(/"atcompat.internal" is not a web address/);
    expect(() => resolveConnection({ registry: 'ftp://x.test' }, {}, 'gate')).toThrow(/must start with http/);
    expect(() => resolveConnection({ registry: 'http://x.test', token: '  ' }, {}, 'gate')).toThrow(/token is empty/);
    expect(() => resolveConnection({ registry: 'http://x.test', timeout: 'soon' }, {}, 'gate')).toThrow(/--timeout must be a number of seconds/);
    expect(() => resolveConnection({}, {}, 'gate')).toThrow(UsageError);
  });
});

describe(parseRetryAfter.name, () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Tue, 01 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe(problemText.name, () => {
  it('keeps the detail and each bad field of a problem+json answer', () => {
    expect(problemText(400, { detail: 'The report is not valid.', errors: [{ field: 'report.pages', message: 'must be an array' }] })).toBe(
      'The report is not valid.\n  - report.pages: must be an array',
    );
    expect(problemText(502, undefined)).toBe('HTTP 502');
  });

  it('says what a 401 and a 403 mean for the person running the command', () => {
    expect(refusalMessage(401, { detail: 'Unknown token.' }, 'publishing')).toMatch(/did not accept the token \(401\).*ATCOMPAT_TOKEN/);
    expect(refusalMessage(403, { detail: 'Not for casework.' }, 'publishing')).toMatch(/not allowed.*\(403\).*scoped to this system/);
  });
});

describe(ciContext.name, () => {
  it('reads the commit and run address GitHub Actions and GitLab CI set', () => {
    expect(ciContext({ GITHUB_SHA: 'abc', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'dept/casework', GITHUB_RUN_ID: '42' })).toEqual({
      commit: 'abc',
      pipelineUrl: 'https://github.com/dept/casework/actions/runs/42',
    });
    expect(ciContext({ CI_COMMIT_SHA: 'def', CI_PIPELINE_URL: 'https://gitlab.example/p/1' })).toEqual({ commit: 'def', pipelineUrl: 'https://gitlab.example/p/1' });
    expect(ciContext({})).toEqual({ commit: undefined, pipelineUrl: undefined });
  });
});

describe(buildSubmission.name, () => {
  it('puts the system and release from the flags into the report', () => {
    const submission = buildSubmission(sample, { system: 'hr', release: '9.9.9', commit: 'c0ffee' }, {});
    expect(submission).toMatchObject({ system: 'hr', release: '9.9.9', commit: 'c0ffee' });
    expect(submission.report.run.target).toMatchObject({ system: 'hr', release: '9.9.9' });
    expect(submission.report.run.id).toBe(sample.run.id);
  });

  it('falls back to the report target, and asks for what is missing', () => {
    const fromReport = buildSubmission({ ...sample, run: { ...sample.run, target: { system: 'casework', release: '2.3.0' } } }, {}, {});
    expect(fromReport).toMatchObject({ system: 'casework', release: '2.3.0' });
    const bare = { ...sample, run: { ...sample.run, target: {} } };
    expect(() => buildSubmission(bare, {}, {})).toThrow(/Which system\?/);
    expect(() => buildSubmission(bare, { system: 'casework' }, {})).toThrow(/Which release\?/);
  });
});

describe(publishReport.name, () => {
  let server: Server;
  let url: string;
  const received: { auth?: string; body: unknown }[] = [];
  let answer: { status: number; body: unknown; retryAfter?: string } = { status: 201, body: { id: 'stored-run' } };
  /** Answers to give before `answer`, one a request. */
  let first: { status: number; body: unknown; retryAfter?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body: JSON.parse(text || 'null') });
        const given = first.shift() ?? answer;
        res.writeHead(given.status, { 'content-type': 'application/json', ...(given.retryAfter ? { 'retry-after': given.retryAfter } : {}) });
        res.end(JSON.stringify(given.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the report with the bearer token and says it was published', async () => {
    answer = { status: 201, body: { id: 'stored-run' } };
    const io = memoryIo({ ATCOMPAT_TOKEN: 'secret-token' });
    const outcome = await publishReport(sample, { registry: url, system: 'casework', release: '1.0.0' }, io);
    expect(outcome).toEqual({ ok: true, runId: 'stored-run', created: true });
    const last = received[received.length - 1]!;
    expect(last.auth).toBe('Bearer secret-token');
    expect(last.body).toMatchObject({ system: 'casework', release: '1.0.0', report: { schemaVersion: 1 } });
    expect(io.out()).toMatch(/^Published: run stored-run of casework 1.0.0/);
  });

  it('keeps a report it could not hand over in the outbox when the registry has a fault', async () => {
    answer = { status: 503, body: { detail: 'The database is restarting.' } };
    const io = memoryIo({ ATCOMPAT_TOKEN: 't' });
    const outcome = await publishReport(sample, { registry: url, system: 'casework', release: '1.0.0' }, io);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.message).toMatch(/had a problem \(503\).*database is restarting/s);
    expect(outcome.kept).toBe(path.join('.atcompat', 'unpublished', `${sample.run.id}.json`));
    const kept = JSON.parse(readFileSync(path.join(io.cwd, outcome.kept!), 'utf8'));
    expect(kept.run.id).toBe(sample.run.id);
    expect(outcome.message).toContain(`atcompat publish ${outcome.kept}`);
  });

  it('tries again when the registry answers 503 with Retry-After, and says so', async () => {
    first = [{ status: 503, body: { detail: 'The registry cannot reach its database just now.' }, retryAfter: '1' }];
    answer = { status: 201, body: { id: 'stored-run' } };
    const before = received.length;
    const io = memoryIo({ ATCOMPAT_TOKEN: 't' });
    const outcome = await publishReport(sample, { registry: url, system: 'casework', release: '1.0.0' }, io);
    expect(outcome).toEqual({ ok: true, runId: 'stored-run', created: true });
    expect(received.length - before).toBe(2);
    expect(io.err()).toMatch(/\(503\).*cannot reach its database.*\nTrying again in 1 s \(attempt 2 of 3\)/s);
  });

  it('gives up after three tries and keeps the report', async () => {
    first = [];
    answer = { status: 503, body: { detail: 'Still restarting.' }, retryAfter: '0' };
    const before = received.length;
    const io = memoryIo({ ATCOMPAT_TOKEN: 't' });
    const outcome = await publishReport(sample, { registry: url, system: 'casework', release: '1.0.0' }, io);
    expect(outcome).toMatchObject({ ok: false });
    expect(received.length - before).toBe(3);
  });

  it('does not write a copy of a report that is already a file, and says it is still there', async () => {
    const io = memoryIo({ ATCOMPAT_TOKEN: 't' });
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const port = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(port));
      });
    });
    const outcome = await publishReport(sample, { registry: `http://127.0.0.1:${closed}`, system: 'casework', release: '1.0.0' }, io, {
      file: 'atcompat.json',
      display: 'atcompat.json',
    });
    expect(outcome).toMatchObject({ ok: false, kept: 'atcompat.json' });
    if (outcome.ok) return;
    expect(outcome.message).toMatch(/could not be reached.*connection was refused/s);
    expect(existsSync(path.join(io.cwd, '.atcompat'))).toBe(false);
  });

  it('passes on a refusal without retrying, naming the reason', async () => {
    answer = { status: 403, body: { detail: 'This token may only publish to hr.' } };
    const io = memoryIo({ ATCOMPAT_TOKEN: 't' });
    const outcome = await publishReport(sample, { registry: url, system: 'casework', release: '1.0.0' }, io, { file: 'r.json', display: 'r.json' });
    expect(outcome).toMatchObject({ ok: false });
    if (outcome.ok) return;
    expect(outcome.message).toMatch(/\(403\).*only publish to hr/);
    expect(outcome.kept).toBeUndefined();
  });
});

describe(publishRequest.name, () => {
  it('gives the publish settings only with --publish, and names a registry flag given without it', () => {
    expect(parseScanArgs(['http://a.test/']).publish).toBeUndefined();
    expect(parseScanArgs(['http://a.test/', '--publish', '--registry', 'http://r.test', '--system', 'casework']).publish).toMatchObject({
      registry: 'http://r.test',
      system: 'casework',
    });
    expect(() => parseScanArgs(['http://a.test/', '--token', 'x'])).toThrow('--token is only used with --publish');
    expect(publishRequest({ publish: true }, 'journey')).toEqual(expect.objectContaining({ registry: undefined }));
  });
});

describe(checkPublishReady.name, () => {
  it('asks for the registry, the system and the release before anything runs', () => {
    expect(() => checkPublishReady({}, undefined, {}, 'scan')).toThrow(/ATCOMPAT_REGISTRY/);
    expect(() => checkPublishReady({}, undefined, { ATCOMPAT_REGISTRY: 'http://r.test' }, 'scan')).toThrow('--publish needs --system');
    expect(() => checkPublishReady({}, { system: 'casework' }, { ATCOMPAT_REGISTRY: 'http://r.test' }, 'scan')).toThrow('--publish needs --release');
    expect(() => checkPublishReady({ release: '1.0.0' }, { system: 'casework' }, { ATCOMPAT_REGISTRY: 'http://r.test' }, 'scan')).not.toThrow();
  });
});
