import type { AtProfile, CompatibilityStatus, EvidenceKind } from '@atcompat/contracts';

/**
 * The GOV.UK Service Manual's minimum set of assistive technologies to test with, as the demo
 * catalogue's slugs: JAWS, NVDA, VoiceOver (macOS and iOS), TalkBack, Windows Magnifier (with
 * browser zoom) and Dragon. Organisations add to it (ATCOMPAT_GATE_REQUIRED_ATS), systems too.
 */
export const DEFAULT_GATE_ATS: readonly string[] = [
  'jaws',
  'nvda',
  'voiceover-macos',
  'voiceover-ios',
  'talkback',
  'windows-magnifier',
  'dragon-professional',
];

export type GateVerdict = 'pass' | 'fail';

/** What the gate knows about one required AT on one release. */
export interface GateAtFacts {
  slug: string;
  /** null: the slug is not in the catalogue. */
  at: { name: string; profile: AtProfile } | null;
  newestVersion: string | null;
  /** The record the gate reads (best-supported evidence, then newest AT version), or null. */
  record: {
    id: string;
    atVersion: string;
    status: CompatibilityStatus;
    summary: string;
    strongestEvidence: EvidenceKind | null;
    evidenceCount: number;
    newerAtVersion: string | null;
  } | null;
  /** Whether any run for this release has a verdict for the AT's profile. */
  coveredByRun: boolean;
  /** Why the latest run covering the profile blocks it (null: it does not, or no run). */
  latestRunBlockingReason: string | null;
}

export interface GateAtResult {
  assistiveTechnology: { slug: string; name: string | null; profile: AtProfile | null };
  version: string | null;
  verdict: GateVerdict;
  /** The record's status, or untested when there is none. */
  status: CompatibilityStatus;
  evidence: EvidenceKind | null;
  recordId: string | null;
  reason: string;
}

const EVIDENCE_WORDS: Record<EvidenceKind, string> = {
  manual: "a person's test",
  'user-report': 'a report from someone who uses it at work',
  vendor: "the supplier's word",
  automated: 'automated checks',
};

/**
 * The gate's rule for one required AT (README "The rollout gate"): the record status decides.
 * does-not-work fails. partial, works-with-workaround and works pass (barriers are not blocks).
 * untested — or no record — fails closed unless a run covered the AT's profile or there is
 * evidence from a person: nobody can say it is not blocked when nothing has looked.
 */
export function judgeAt(facts: GateAtFacts): GateAtResult {
  const base = {
    assistiveTechnology: { slug: facts.slug, name: facts.at?.name ?? null, profile: facts.at?.profile ?? null },
    version: facts.record?.atVersion ?? facts.newestVersion,
    evidence: facts.record?.strongestEvidence ?? null,
    recordId: facts.record?.id ?? null,
  };
  if (!facts.at) {
    return {
      ...base,
      verdict: 'fail',
      status: 'untested',
      reason: `${facts.slug}: untested — not in the registry's catalogue. Add it (POST /api/v1/assistive-technologies) or take it out of the gate policy.`,
    };
  }
  const label = [facts.at.name, base.version].filter(Boolean).join(' ');
  const record = facts.record;
  const status: CompatibilityStatus = record?.status ?? 'untested';
  const retest = record?.newerAtVersion ? ` (recorded for ${record.atVersion}; ${facts.at.name} ${record.newerAtVersion} is newer and needs a retest)` : '';
  const byPerson = record?.strongestEvidence && record.strongestEvidence !== 'automated';
  const runDisagrees =
    byPerson && facts.latestRunBlockingReason ? `; the latest automated run disagrees: ${facts.latestRunBlockingReason}` : '';

  switch (status) {
    case 'does-not-work': {
      const detail = byPerson
        ? record?.summary || `${EVIDENCE_WORDS[record!.strongestEvidence!]} says it does not work`
        : facts.latestRunBlockingReason || record?.summary || 'the record says it does not work';
      return { ...base, verdict: 'fail', status, reason: `${label}: blocked — ${detail}${retest}` };
    }
    case 'partial':
      return {
        ...base,
        verdict: 'pass',
        status,
        reason: `${label}: barriers, not blocked — ${record?.summary || 'see the record for what is hard'}${retest}`,
      };
    case 'works-with-workaround':
    case 'works':
      return {
        ...base,
        verdict: 'pass',
        status,
        reason: `${label}: ${status === 'works' ? 'works' : 'works with a workaround'}, according to ${
          EVIDENCE_WORDS[record?.strongestEvidence ?? 'manual']
        }${runDisagrees}${retest}`,
      };
    case 'untested':
    default:
      if (facts.coveredByRun) {
        return {
          ...base,
          verdict: 'pass',
          status: 'untested',
          reason: `${label}: no blocking barriers found by automated checks — not yet tested by a person${retest}`,
        };
      }
      if (byPerson) {
        return {
          ...base,
          verdict: 'pass',
          status: 'untested',
          reason: `${label}: no status yet, but ${EVIDENCE_WORDS[record!.strongestEvidence!]} is recorded — see the record${retest}`,
        };
      }
      return {
        ...base,
        verdict: 'fail',
        status: 'untested',
        reason: `${label}: untested — no automated run covered the ${facts.at.profile} profile and no person has tested it`,
      };
  }
}

/** The release passes when every required AT passes (an empty policy passes: nothing is required). */
export function gateVerdict(results: readonly GateAtResult[]): GateVerdict {
  return results.every((r) => r.verdict === 'pass') ? 'pass' : 'fail';
}

/** The required AT slugs, in order, without repeats: organisation defaults (unless left out), then the system's own. */
export function requiredAts(organisationDefaults: readonly string[], includeDefaults: boolean, systemAts: readonly string[]): { slug: string; source: 'organisation' | 'system' }[] {
  const out: { slug: string; source: 'organisation' | 'system' }[] = [];
  const seen = new Set<string>();
  const add = (slug: string, source: 'organisation' | 'system') => {
    if (seen.has(slug)) return;
    seen.add(slug);
    out.push({ slug, source });
  };
  if (includeDefaults) for (const slug of organisationDefaults) add(slug, 'organisation');
  for (const slug of systemAts) add(slug, 'system');
  return out;
}
