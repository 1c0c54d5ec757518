import type { EvidenceKind } from '@atcompat/contracts';

/**
 * How well each kind of evidence supports a record, strongest first. A test by a person with
 * that AT outranks a report from someone who uses it at work, which outranks the supplier's word,
 * which outranks an automated run (an automated pass never proves compatibility).
 * The `compatibility_record_state` view ranks with the same numbers.
 */
export const EVIDENCE_STRENGTH: Record<EvidenceKind, number> = {
  manual: 4,
  'user-report': 3,
  vendor: 2,
  automated: 1,
};

/** Statuses automated evidence may never set on its own: only people can say something works. */
const NEEDS_A_PERSON = new Set(['works', 'works-with-workaround']);

/**
 * Whether new evidence of `kind` stating a result should set the record's status, given the
 * strongest evidence already on the record (or null for none).
 */
export function evidenceSetsStatus(kind: EvidenceKind, result: string, strongestExisting: EvidenceKind | null): boolean {
  if (kind === 'automated' && NEEDS_A_PERSON.has(result)) return false;
  if (strongestExisting === null) return true;
  return EVIDENCE_STRENGTH[kind] >= EVIDENCE_STRENGTH[strongestExisting];
}
