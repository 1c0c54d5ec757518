import { IMPACTS } from '@atcompat/contracts';
import type { StoredFinding } from './run-evidence.js';

export interface FindingChanges {
  /** In the current run, not in the previous one. */
  added: StoredFinding[];
  /** In the previous run, gone from the current one. */
  fixed: StoredFinding[];
  /** How many fingerprints are in both. */
  unchanged: number;
}

/**
 * What changed between two runs, by fingerprint (stable for the same element and rule). A
 * fingerprint seen on several pages or states counts once; the first occurrence describes it.
 * With no previous run, everything is new.
 */
export function diffFindings(previous: readonly StoredFinding[] | null, current: readonly StoredFinding[]): FindingChanges {
  const before = byFingerprint(previous ?? []);
  const after = byFingerprint(current);
  const added = [...after.values()].filter((f) => !before.has(f.fingerprint));
  const fixed = [...before.values()].filter((f) => !after.has(f.fingerprint));
  return { added: sortBySeverity(added), fixed: sortBySeverity(fixed), unchanged: after.size - added.length };
}

function byFingerprint(findings: readonly StoredFinding[]): Map<string, StoredFinding> {
  const map = new Map<string, StoredFinding>();
  for (const f of findings) if (!map.has(f.fingerprint)) map.set(f.fingerprint, f);
  return map;
}

function sortBySeverity(findings: StoredFinding[]): StoredFinding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => IMPACTS.indexOf(a.f.impact) - IMPACTS.indexOf(b.f.impact) || a.f.rule.localeCompare(b.f.rule) || a.i - b.i)
    .map(({ f }) => f);
}
