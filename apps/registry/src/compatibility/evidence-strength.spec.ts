import { EVIDENCE_STRENGTH, evidenceSetsStatus } from './evidence-strength.js';

describe('evidenceSetsStatus', () => {
  it('ranks manual over user reports over vendor claims over automated runs', () => {
    expect(EVIDENCE_STRENGTH.manual).toBeGreaterThan(EVIDENCE_STRENGTH['user-report']);
    expect(EVIDENCE_STRENGTH['user-report']).toBeGreaterThan(EVIDENCE_STRENGTH.vendor);
    expect(EVIDENCE_STRENGTH.vendor).toBeGreaterThan(EVIDENCE_STRENGTH.automated);
  });

  it('lets the first evidence on a record set its status', () => {
    expect(evidenceSetsStatus('vendor', 'works', null)).toBe(true);
    expect(evidenceSetsStatus('automated', 'does-not-work', null)).toBe(true);
  });

  it('never lets automated evidence alone say a system works', () => {
    expect(evidenceSetsStatus('automated', 'works', null)).toBe(false);
    expect(evidenceSetsStatus('automated', 'works-with-workaround', 'automated')).toBe(false);
  });

  it('does not let weaker evidence overrule stronger evidence', () => {
    expect(evidenceSetsStatus('automated', 'partial', 'manual')).toBe(false);
    expect(evidenceSetsStatus('vendor', 'works', 'user-report')).toBe(false);
  });

  it('lets equal or stronger evidence update the status', () => {
    expect(evidenceSetsStatus('manual', 'does-not-work', 'manual')).toBe(true);
    expect(evidenceSetsStatus('user-report', 'partial', 'vendor')).toBe(true);
  });
});
