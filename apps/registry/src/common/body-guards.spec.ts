import { jsonDepth, refuseDeclaredOversize, refuseDeepJson, refuseNonJsonBody } from './body-guards.js';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

describe(jsonDepth.name, () => {
  it('counts arrays and objects, not scalars', () => {
    expect(jsonDepth('x')).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1, { b: null }] })).toBe(3);
    expect(jsonDepth(nested(10))).toBe(10);
  });

  it('copes with depths that would overflow a recursive walk, and stops past the limit', () => {
    expect(jsonDepth(nested(200_000))).toBe(200_000);
    expect(jsonDepth(nested(200_000), 64)).toBe(65);
  });
});

describe(refuseDeepJson.name, () => {
  const run = (body: unknown) => {
    let passed: unknown = 'not called';
    refuseDeepJson(64)({ body } as never, {} as never, (error?: unknown) => (passed = error));
    return passed as (Error & { status?: number; type?: string }) | undefined;
  };

  it('lets ordinary bodies through and refuses deep ones with 400', () => {
    expect(run({ name: 'Casework', urls: ['https://x.test'] })).toBeUndefined();
    expect(run(nested(64))).toBeUndefined();
    expect(run(nested(65))).toMatchObject({ status: 400, type: 'entity.too.deep', message: expect.stringContaining('more than 64 levels') });
  });
});

describe(refuseDeclaredOversize.name, () => {
  const run = (length: string | undefined) => {
    const headers: Record<string, string> = {};
    let passed: unknown = 'not called';
    refuseDeclaredOversize(1000)(
      { headers: length === undefined ? {} : { 'content-length': length } } as never,
      { setHeader: (k: string, v: string) => (headers[k] = v) } as never,
      (error?: unknown) => (passed = error),
    );
    return { error: passed as (Error & { status?: number }) | undefined, headers };
  };

  it('refuses a body declared over the limit at once, and closes the connection', () => {
    expect(run('1001')).toMatchObject({ error: { status: 413 }, headers: { Connection: 'close' } });
    expect(run('1000').error).toBeUndefined();
    expect(run(undefined).error).toBeUndefined();
  });
});

describe(refuseNonJsonBody.name, () => {
  const guard = refuseNonJsonBody((type) => /^application\/json/.test(type));
  const run = (method: string, headers: Record<string, string>) => {
    let passed: unknown = 'not called';
    guard({ method, headers } as never, {} as never, (error?: unknown) => (passed = error));
    return passed as (Error & { status?: number; type?: string }) | undefined;
  };

  it('lets JSON bodies, reads and empty bodies through', () => {
    expect(run('PATCH', { 'content-type': 'application/json; charset=utf-8', 'content-length': '12' })).toBeUndefined();
    expect(run('GET', { 'content-type': 'text/plain', 'content-length': '12' })).toBeUndefined();
    expect(run('POST', { 'content-length': '0' })).toBeUndefined();
    expect(run('DELETE', { 'content-type': 'text/plain', 'content-length': '3' })).toBeUndefined();
  });

  it('refuses a body of another type, or of no type, with 415 naming what was sent', () => {
    expect(run('PATCH', { 'content-type': 'text/plain', 'content-length': '12' })).toMatchObject({
      status: 415,
      type: 'entity.unsupported.type',
      message: expect.stringContaining('this request sent "text/plain"'),
    });
    expect(run('POST', { 'transfer-encoding': 'chunked' })).toMatchObject({ status: 415, message: expect.stringContaining('no Content-Type') });
  });
});
