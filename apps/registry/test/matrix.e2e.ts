import { startRegistry, type TestRegistry } from '../../../test/support/registry.js';

describe('GET /api/v1/matrix on the demo catalogue', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry({ demo: true });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('returns systems × ATs with a status in every cell', async () => {
    const res = await registry.http().get('/api/v1/matrix').expect(200);
    expect(res.body.systems.map((s: { slug: string }) => s.slug)).toEqual(['casework', 'hr-self-service', 'intranet']);
    expect(res.body.assistiveTechnologies).toHaveLength(15);
    for (const system of res.body.systems) {
      expect(system.cells).toHaveLength(15);
    }
  });
});
