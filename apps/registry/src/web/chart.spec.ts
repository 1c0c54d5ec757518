import { findingsChart } from './chart.js';

const run = (runId: string, release: string, startedAt: string, profiles: Record<string, number>) => ({
  runId,
  release,
  startedAt,
  profiles: Object.fromEntries(Object.entries(profiles).map(([p, findings]) => [p, { verdict: findings ? 'barriers' : 'pass', findings }])),
});

describe(findingsChart.name, () => {
  it('puts the oldest run on the left and says the same numbers in the summary and the table', () => {
    const chart = findingsChart([
      run('b', '2.4.0', '2025-11-02T10:00:00Z', { keyboard: 2, speech: 5 }),
      run('a', '2.3.0', '2025-10-01T10:00:00Z', { keyboard: 4, speech: 7 }),
    ] as never)!;
    expect(chart.groups.map((g) => g.label)).toEqual(['2.3.0, 2025-10-01', '2.4.0, 2025-11-02']);
    expect(chart.table.head).toEqual(['Run', 'Keyboard and switch access', 'Speech recognition']);
    expect(chart.table.rows).toEqual([
      ['2.3.0, 2025-10-01', 4, 7],
      ['2.4.0, 2025-11-02', 2, 5],
    ]);
    expect(chart.summary).toContain('Latest run (2.4.0, 2025-11-02): Keyboard and switch access 2, Speech recognition 5.');
  });

  it('scales bars to the axis maximum', () => {
    const chart = findingsChart([run('a', '1', '2025-01-01T00:00:00Z', { keyboard: 10, speech: 5 })] as never)!;
    const [keyboard, speech] = chart.groups[0]!.bars;
    expect(chart.max).toBe(10);
    expect(keyboard!.height).toBeCloseTo(chart.plot.bottom - chart.plot.top);
    expect(speech!.height).toBeCloseTo(keyboard!.height / 2);
  });

  it('has nothing to draw without runs', () => {
    expect(findingsChart([])).toBeNull();
  });
});
