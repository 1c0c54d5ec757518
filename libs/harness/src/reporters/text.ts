/** Wording shared by the reporters, so every output names rules, profiles and outcomes alike. */
import {
  AT_PROFILES,
  PROFILE_INFO,
  getRule,
  type AtProfile,
  type AtcompatReport,
  type Finding,
  type JourneyMode,
  type JourneyStep,
  type StepStatus,
} from '@atcompat/contracts';
import type { FindingStatus, GateResult, GatedJourney } from './gate.js';

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
  const journeys = gate.journeys ?? [];
  const failingJourneys = gate.failingJourneys ?? [];
  const counted = journeys.filter((j) => j.status !== 'other-profile');
  if (gate.allPagesErrored && !counted.length) return 'No page could be audited, so nothing was checked.';
  if (gate.passed) {
    return counted.length ? `Passed: no findings ${scope}, and ${counted.length === 1 ? 'the journey' : `all ${counted.length} journeys`} passed.` : `Passed: no findings ${scope}.`;
  }
  const notPassed = `${plural(failingJourneys.length, 'journey')} did not pass`;
  if (!gate.failing.length) return `Failed: ${notPassed} (no findings ${scope}).`;
  if (!failingJourneys.length) return `Failed: ${plural(gate.failing.length, 'finding')} ${scope}.`;
  return `Failed: ${plural(gate.failing.length, 'finding')} ${scope}, and ${notPassed}.`;
}

/** Counts that did not fail the run, e.g. "2 below the threshold, 1 accepted in the baseline". */
export function notCountedPhrase(gate: GateResult): string | undefined {
  const parts: string[] = [];
  if (gate.counts['below-threshold']) parts.push(`${gate.counts['below-threshold']} below the threshold`);
  if (gate.counts['other-profile']) parts.push(`${gate.counts['other-profile']} only affecting other profiles`);
  if (gate.counts.accepted) parts.push(`${gate.counts.accepted} accepted in the baseline${gate.baseline?.file ? ` (${gate.baseline.file})` : ''}`);
  const otherJourneys = (gate.journeys ?? []).filter((j) => j.status === 'other-profile').length;
  if (otherJourneys) parts.push(`${plural(otherJourneys, 'journey')} that did not pass, in a mode outside the selected profiles`);
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

/** How a journey was driven, in words: "keyboard only", "speech input". */
export const JOURNEY_MODE_WORDS: Readonly<Record<JourneyMode, string>> = {
  keyboard: 'keyboard only',
  speech: 'speech input',
};

/** A step's status as a word. */
export const STEP_STATUS_WORDS: Readonly<Record<StepStatus, string>> = {
  passed: 'passed',
  blocked: 'blocked',
  failed: 'failed',
  skipped: 'skipped',
  ambiguous: 'ambiguous',
};

/** What a step status means, for steps that carry no reason of their own. */
export const STEP_STATUS_MEANING: Readonly<Record<StepStatus, string>> = {
  passed: 'done',
  blocked: 'could not be done this way: the page stops people who use this kind of assistive technology',
  failed: 'could not be run: the page or the journey script did not behave as expected, so nothing is known about this step',
  skipped: 'not tried, because an earlier step did not pass',
  ambiguous: 'more than one control answers to this name, so a voice command cannot tell which one is meant',
};

/** Why a step did not pass: its own reason, or what its status means. */
export function stepReason(step: JourneyStep): string {
  return step.reason?.trim() || STEP_STATUS_MEANING[step.status];
}

/** The keys pressed, with repeats counted: "Tab 3 times, Enter". */
export function keysPhrase(keys: readonly string[]): string {
  const runs: { key: string; n: number }[] = [];
  for (const key of keys) {
    const last = runs[runs.length - 1];
    if (last && last.key === key) last.n += 1;
    else runs.push({ key, n: 1 });
  }
  return runs.map(({ key, n }) => (n === 1 ? key : `${key} ${n} times`)).join(', ');
}

/** A journey's result in a few words: "passed (3 steps)", "blocked at step 3 of 4". */
export function journeyOutcome({ journey, status, stoppedAt }: GatedJourney): string {
  const total = journey.steps.length;
  if (status === 'passed') return `passed (${plural(total, 'step')})`;
  if (!stoppedAt) return `did not pass (${plural(total, 'step')})`;
  return `${STEP_STATUS_WORDS[stoppedAt.step.status]} at step ${stoppedAt.stepIndex + 1} of ${total}`;
}

/** One word for a journey's result: passed, blocked, failed, ambiguous or "did not pass". */
export function journeyWord({ status, stoppedAt }: GatedJourney): string {
  if (status === 'passed') return 'passed';
  return stoppedAt ? STEP_STATUS_WORDS[stoppedAt.step.status] : 'did not pass';
}

/** Words for a journey's gate status, as a short tag (empty when it counts). */
export const JOURNEY_STATUS_WORDS: Readonly<Record<GatedJourney['status'], string>> = {
  passed: 'passed',
  fails: 'fails the check',
  'other-profile': 'not in the selected profiles',
};
