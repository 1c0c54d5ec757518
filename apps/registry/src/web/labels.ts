import {
  AT_PROFILES,
  COMPATIBILITY_STATUSES,
  EVIDENCE_KINDS,
  PROFILE_INFO,
  type AtProfile,
  type CompatibilityStatus,
  type EvidenceKind,
  type Impact,
  type Verdict,
} from '@atcompat/contracts';
import { LIFECYCLES, SYSTEM_PLATFORMS } from '../systems/system.entity.js';
import { AT_PLATFORMS } from '../assistive-tech/dto/create-assistive-technology.dto.js';

/**
 * The words pages use for the registry's codes. A status is always shown in words (the tag colour
 * only repeats it), so nobody has to tell red from green.
 */
export const STATUS_LABELS: Record<CompatibilityStatus, string> = {
  works: 'Works',
  'works-with-workaround': 'Works with a workaround',
  partial: 'Partly works',
  'does-not-work': 'Does not work',
  untested: 'Not tested',
};

export const STATUS_COLOURS: Record<CompatibilityStatus, string> = {
  works: 'govuk-tag--green',
  'works-with-workaround': 'govuk-tag--turquoise',
  partial: 'govuk-tag--yellow',
  'does-not-work': 'govuk-tag--red',
  untested: 'govuk-tag--grey',
};

export const EVIDENCE_LABELS: Record<EvidenceKind, string> = {
  manual: 'Tested by a person using it',
  'user-report': 'Reported by someone who uses it at work',
  vendor: 'The supplier says so',
  automated: 'Automated atcompat run',
};

export const VERDICT_LABELS: Record<Verdict, string> = { pass: 'No barriers found', barriers: 'Barriers found', blocked: 'Blocked' };
export const VERDICT_COLOURS: Record<Verdict, string> = { pass: 'govuk-tag--green', barriers: 'govuk-tag--yellow', blocked: 'govuk-tag--red' };
export const IMPACT_LABELS: Record<Impact, string> = { critical: 'Critical', serious: 'Serious', moderate: 'Moderate', minor: 'Minor' };

export const PROFILE_LABELS: Record<AtProfile, string> = Object.fromEntries(
  AT_PROFILES.map((p) => [p, PROFILE_INFO[p].title]),
) as Record<AtProfile, string>;

export const LIFECYCLE_LABELS: Record<(typeof LIFECYCLES)[number], string> = {
  planned: 'Planned',
  'pre-rollout': 'Before rollout',
  live: 'Live',
  retiring: 'Being retired',
};

export const SYSTEM_PLATFORM_LABELS: Record<(typeof SYSTEM_PLATFORMS)[number], string> = {
  web: 'Web browser',
  desktop: 'Desktop application',
  citrix: 'Citrix (remote desktop)',
};

export const AT_PLATFORM_LABELS: Record<(typeof AT_PLATFORMS)[number], string> = {
  windows: 'Windows',
  macos: 'macOS',
  ios: 'iOS',
  android: 'Android',
  chromeos: 'ChromeOS',
  linux: 'Linux',
  web: 'Web (browser extension)',
};

/** `{ value, text }` items for govukSelect / govukRadios / govukCheckboxes, with `selected`/`checked` set. */
export function choices(
  labels: Record<string, string>,
  current: string | string[] | undefined,
  options: { blank?: string; key?: 'selected' | 'checked' } = {},
): { value: string; text: string; selected?: boolean; checked?: boolean }[] {
  const key = options.key ?? 'selected';
  const chosen = new Set(Array.isArray(current) ? current : current ? [current] : []);
  const items = Object.entries(labels).map(([value, text]) => ({ value, text, [key]: chosen.has(value) }));
  return options.blank !== undefined ? [{ value: '', text: options.blank, [key]: chosen.size === 0 }, ...items] : items;
}

export const ALL_LABELS = {
  statusLabels: STATUS_LABELS,
  statusColours: STATUS_COLOURS,
  evidenceLabels: EVIDENCE_LABELS,
  verdictLabels: VERDICT_LABELS,
  verdictColours: VERDICT_COLOURS,
  impactLabels: IMPACT_LABELS,
  profileLabels: PROFILE_LABELS,
  lifecycleLabels: LIFECYCLE_LABELS,
  systemPlatformLabels: SYSTEM_PLATFORM_LABELS,
  atPlatformLabels: AT_PLATFORM_LABELS,
};

export { COMPATIBILITY_STATUSES, EVIDENCE_KINDS };
