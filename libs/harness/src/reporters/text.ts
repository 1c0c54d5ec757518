/** Wording shared by the reporters, so every output names rules, profiles and outcomes alike. */
import { AT_PROFILES, PROFILE_INFO, getRule, type AtProfile, type AtcompatReport, type Finding } from '@atcompat/contracts';
import type { FindingStatus, GateResult } from './gate.js';

/** A rule's short title: the catalogue's, axe's help sentence, or the id itself. */
export function ruleTitle(rule: string, finding?: Pick<Finding, 'help'>): string {
  const known = getRule(rule);
  if (known) return known.title;
  if (rule.startsWith('axe/') && finding?.help && finding.help.length <= 120) return finding.help;
  return rule;
}

/** `1 finding`, `2 findings`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Words for a finding's status, as a short tag. */
export const STATUS_WORDS: Readonly<Record<FindingStatus, string>> = {
  fails: 'fails the check',
  accepted: 'accepted in the baseline',
  'other-profile': 'not in the selected profiles',
  'below-threshold': 'below the threshold',
};

/** "keyboard, speech" or "all profiles". */
export function profilesPhrase(profiles: readonly AtProfile[]): string {
  return profiles.length === 0 || profiles.length === AT_PROFILES.length ? 'all AT profiles' : profiles.join(', ');
}

/** Profile title for people, e.g. "Speech recognition". */
export function profileTitle(profile: AtProfile): string {
  return PROFILE_INFO[profile]?.title ?? profile;
}

/** One sentence saying whether the run passed and why. */
export function outcomeSentence(gate: GateResult): string {
  const { failOn, profiles } = gate.options;
  const scope = `at or above "${failOn}" for ${profilesPhrase(profiles)}`;
  if (gate.allPagesErrored) return 'No page could be audited, so nothing was checked.';
  if (gate.passed) return `Passed: no findings ${scope}.`;
  return `Failed: ${plural(gate.failing.length, 'finding')} ${scope}.`;
}

/** Counts that did not fail the run, e.g. "2 below the threshold, 1 accepted in the baseline". */
export function notCountedPhrase(gate: GateResult): string | undefined {
  const parts: string[] = [];
  if (gate.counts['below-threshold']) parts.push(`${gate.counts['below-threshold']} below the threshold`);
  if (gate.counts['other-profile']) parts.push(`${gate.counts['other-profile']} only affecting other profiles`);
  if (gate.counts.accepted) parts.push(`${gate.counts.accepted} accepted in the baseline${gate.baseline?.file ? ` (${gate.baseline.file})` : ''}`);
  return parts.length ? `Not counted: ${parts.join(', ')}.` : undefined;
}

/** The reminder every report carries: automated checks never prove an AT works. */
export const AUTOMATED_CAVEAT =
  'Automated checks only: "pass" means atcompat found nothing, not that the assistive technology works. ' +
  'Confirm with people who use it.';

/** "3 pages, 1 could not be audited". */
export function pagesPhrase(report: AtcompatReport, gate: GateResult): string {
  const errored = gate.erroredPages.length;
  return `${plural(report.pages.length, 'page')} scanned${errored ? `, ${errored} could not be audited` : ''}`;
}

/** Shortens text to `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
