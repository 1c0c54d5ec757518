/**
 * AT profiles and the small shared vocabularies (statuses, evidence kinds, verdicts, impacts)
 * that the harness and the registry both speak. Kept as data so both halves, the schema and the
 * web UI render the same words.
 */

/** The assistive-technology profiles findings are grouped by (architecture.md, "AT profiles"). */
export const AT_PROFILES = ['keyboard', 'speech', 'screen-reader', 'magnifier', 'literacy'] as const;

/** One AT profile id, e.g. `'speech'`. */
export type AtProfile = (typeof AT_PROFILES)[number];

/** Human-readable description of one AT profile. */
export interface ProfileInfo {
  readonly id: AtProfile;
  readonly title: string;
  /** Plain English: who uses this kind of AT and what blocks them. */
  readonly description: string;
  /** Example products or methods in this profile. */
  readonly examples: readonly string[];
}

/** Title, plain-English description and example products for every AT profile. */
export const PROFILE_INFO: Readonly<Record<AtProfile, ProfileInfo>> = {
  keyboard: {
    id: 'keyboard',
    title: 'Keyboard and switch access',
    description:
      'People who cannot use a mouse and move around with the keyboard alone (Tab, Shift+Tab, ' +
      'Enter, Space, arrow keys), or with a switch or on-screen keyboard that sends the same ' +
      'key presses. They are blocked by anything that only responds to the mouse or that traps focus.',
    examples: ['Keyboard only', 'Switch access', 'On-screen keyboards'],
  },
  speech: {
    id: 'speech',
    title: 'Speech recognition',
    description:
      'People who control the computer by voice, saying things like "click Save" or "press Enter". ' +
      'They are blocked by controls that have no name, whose name differs from the label they can ' +
      'see, or that only respond to a mouse click.',
    examples: ['Dragon Professional', 'Windows Voice Access', 'Apple Voice Control'],
  },
  'screen-reader': {
    id: 'screen-reader',
    title: 'Screen readers',
    description:
      'People who are blind or have low vision and hear (or read in braille) what is on screen. ' +
      'They move with the keyboard and rely on every control having a name, a role and a state ' +
      'that the software can announce.',
    examples: ['JAWS', 'NVDA', 'Narrator', 'VoiceOver', 'TalkBack'],
  },
  magnifier: {
    id: 'magnifier',
    title: 'Screen magnifiers',
    description:
      'People with low vision who enlarge part of the screen or the text. They see only a small ' +
      'area at a time, so they are blocked by content that does not reflow, text that clips when ' +
      'enlarged, low contrast, and focus hidden under sticky headers.',
    examples: ['ZoomText', 'SuperNova', 'Windows Magnifier'],
  },
  literacy: {
    id: 'literacy',
    title: 'Reading and literacy support',
    description:
      'People with dyslexia or other reading difficulties who have text read aloud, highlighted or ' +
      'simplified. They are blocked by text that is really an image, a page with no declared ' +
      'language, and a reading order that does not match the screen.',
    examples: ['Read&Write', 'ClaroRead'],
  },
};

/** Registry compatibility statuses for one AT version against one system release. */
export const COMPATIBILITY_STATUSES = [
  'works',
  'works-with-workaround',
  'partial',
  'does-not-work',
  'untested',
] as const;

/** One compatibility status, e.g. `'works-with-workaround'`. */
export type CompatibilityStatus = (typeof COMPATIBILITY_STATUSES)[number];

/**
 * Where a compatibility record came from. An automated pass never proves compatibility, so
 * `automated` is kept distinct from a person testing with the AT (`manual`) or using it at work.
 */
export const EVIDENCE_KINDS = ['automated', 'manual', 'user-report', 'vendor'] as const;

/** One evidence kind, e.g. `'manual'`. */
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Per-profile verdicts in a report, best first. */
export const VERDICTS = ['pass', 'barriers', 'blocked'] as const;

/** One verdict, e.g. `'blocked'`. */
export type Verdict = (typeof VERDICTS)[number];

/** Finding impacts, most severe first (same words and order as axe-core). */
export const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;

/** One impact, e.g. `'serious'`. */
export type Impact = (typeof IMPACTS)[number];

function isOneOf<T extends string>(values: readonly T[], x: unknown): x is T {
  return typeof x === 'string' && (values as readonly string[]).includes(x);
}

/** True when `x` is one of {@link AT_PROFILES}. */
export function isAtProfile(x: unknown): x is AtProfile {
  return isOneOf(AT_PROFILES, x);
}

/** True when `x` is one of {@link COMPATIBILITY_STATUSES}. */
export function isCompatibilityStatus(x: unknown): x is CompatibilityStatus {
  return isOneOf(COMPATIBILITY_STATUSES, x);
}

/** True when `x` is one of {@link EVIDENCE_KINDS}. */
export function isEvidenceKind(x: unknown): x is EvidenceKind {
  return isOneOf(EVIDENCE_KINDS, x);
}

/** True when `x` is one of {@link VERDICTS}. */
export function isVerdict(x: unknown): x is Verdict {
  return isOneOf(VERDICTS, x);
}

/** True when `x` is one of {@link IMPACTS}. */
export function isImpact(x: unknown): x is Impact {
  return isOneOf(IMPACTS, x);
}

/** True when `impact` is as severe as `threshold` or more (e.g. `impactAtLeast('critical', 'serious')`). */
export function impactAtLeast(impact: Impact, threshold: Impact): boolean {
  // IMPACTS is ordered most severe first, so a lower index is more severe.
  return IMPACTS.indexOf(impact) <= IMPACTS.indexOf(threshold);
}
