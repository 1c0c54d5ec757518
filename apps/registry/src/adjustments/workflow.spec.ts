import { ADJUSTMENT_STATUSES, isClosed, MAX_DECISION_TEXT, isPastRetention, nextStatuses, notificationText, transition, type AdjustmentStatus } from './workflow.js';

const TODAY = '2026-12-01';
const request = (status: AdjustmentStatus) => ({ status, decisionReason: null, alternative: null, reviewDueOn: null });

describe('adjustment workflow', () => {
  it('moves submitted → in review → agreed → in place → review due → in review', () => {
    const steps: [AdjustmentStatus, Parameters<typeof transition>[2]][] = [
      ['submitted', { to: 'in-review' }],
      ['in-review', { to: 'agreed' }],
      ['agreed', { to: 'in-place', reviewDueOn: '2027-06-30' }],
      ['in-place', { to: 'review-due' }],
      ['review-due', { to: 'in-review' }],
    ];
    for (const [from, input] of steps) {
      const outcome = transition(request(from), 'triager', input, TODAY);
      expect(outcome).toMatchObject({ ok: true, result: { status: input.to, closed: false } });
    }
  });

  it('lets the requester only withdraw, from any open status', () => {
    for (const status of ADJUSTMENT_STATUSES) {
      expect(nextStatuses(status, 'requester')).toEqual(isClosed(status) ? [] : ['withdrawn']);
    }
    expect(transition(request('in-review'), 'requester', { to: 'agreed' }, TODAY)).toEqual({
      ok: false,
      errors: [{ field: 'to', message: 'A request that is in review can only be moved to: withdrawn' }],
    });
    expect(transition(request('in-review'), 'requester', { to: 'withdrawn' }, TODAY)).toMatchObject({ ok: true, result: { status: 'withdrawn', closed: true } });
  });

  it('refuses to skip steps or to reopen a closed request', () => {
    expect(transition(request('submitted'), 'triager', { to: 'agreed' }, TODAY).ok).toBe(false);
    expect(transition(request('declined'), 'triager', { to: 'in-review' }, TODAY)).toEqual({
      ok: false,
      errors: [{ field: 'to', message: 'A request that is declined cannot be changed' }],
    });
    expect(nextStatuses('withdrawn', 'triager')).toEqual([]);
  });

  it('requires reasons to decline, and keeps them', () => {
    expect(transition(request('in-review'), 'triager', { to: 'declined', reason: '  ' }, TODAY)).toEqual({
      ok: false,
      errors: [{ field: 'reason', message: 'Enter the reasons the request is declined' }],
    });
    expect(transition(request('in-review'), 'triager', { to: 'declined', reason: ' The supplier is replacing the system in March. ' }, TODAY)).toEqual({
      ok: true,
      result: { status: 'declined', decisionReason: 'The supplier is replacing the system in March.', alternative: null, reviewDueOn: null, closed: true },
    });
  });

  it('refuses a reason or alternative longer than MAX_DECISION_TEXT', () => {
    const long = 'x'.repeat(MAX_DECISION_TEXT + 1);
    expect(transition(request('in-review'), 'triager', { to: 'declined', reason: long }, TODAY)).toMatchObject({ ok: false, errors: [{ field: 'reason' }] });
    expect(transition(request('in-review'), 'triager', { to: 'partially-agreed', alternative: long }, TODAY)).toMatchObject({ ok: false, errors: [{ field: 'alternative' }] });
  });

  it('requires the alternative offered to agree in part', () => {
    expect(transition(request('in-review'), 'triager', { to: 'partially-agreed' }, TODAY)).toMatchObject({ ok: false, errors: [{ field: 'alternative' }] });
    expect(transition(request('in-review'), 'triager', { to: 'partially-agreed', alternative: 'A keyboard macro' }, TODAY)).toMatchObject({
      ok: true,
      result: { status: 'partially-agreed', alternative: 'A keyboard macro' },
    });
  });

  it('requires a real review date after today to put an adjustment in place', () => {
    for (const reviewDueOn of [undefined, 'next year', '2027-02-30', TODAY, '2020-01-01']) {
      expect(transition(request('agreed'), 'triager', { to: 'in-place', reviewDueOn }, TODAY)).toMatchObject({ ok: false, errors: [{ field: 'reviewDueOn' }] });
    }
    expect(transition(request('agreed'), 'triager', { to: 'in-place', reviewDueOn: '2026-12-02' }, TODAY)).toMatchObject({ ok: true, result: { reviewDueOn: '2026-12-02' } });
  });

  it('words notifications without anything from the request', () => {
    for (const status of ADJUSTMENT_STATUSES) expect(notificationText(status)).toMatch(/^(Your|A decision)/);
  });

  it('counts retention from when the request closed', () => {
    const closedAt = new Date('2025-01-01T00:00:00Z');
    expect(isPastRetention(null, 365, new Date('2030-01-01'))).toBe(false);
    expect(isPastRetention(closedAt, 365, new Date('2025-12-31T23:59:59Z'))).toBe(false);
    expect(isPastRetention(closedAt, 365, new Date('2026-01-01T00:00:00Z'))).toBe(true);
  });
});
