/**
 * SARIF 2.1.0 (GitHub code scanning, Azure DevOps, VS Code SARIF viewer): one result per finding.
 * Rules come from the atcompat catalogue plus the axe rules seen in the report. A page has no
 * source file, so the location is the page URL as the artifact, the CSS selector as a logical
 * location and the element's HTML as the region snippet. Findings the baseline accepted carry an
 * external suppression, so viewers hide them without losing them.
 *
 * Journeys add one result per blocked or failed step. The catalogue's rules describe one element
 * on one page, and a step's reason is free text, so a blocked step cannot honestly be given one of
 * them: it gets `journey/step-blocked`, and a step that could not be run `journey/step-failed`,
 * both described in the run's driver (they are SARIF rule ids only, never finding rules in the
 * report). An ambiguous step is exactly what the catalogue's `speech/ambiguous-name` means, so it
 * uses that rule.
 */
import { createHash } from 'node:crypto';
import { JOURNEY_MODE_PROFILES, RULES, getRule, type AtcompatReport, type Finding, type Impact, type JourneyStep } from '@atcompat/contracts';
import type { GateResult, GatedJourney } from './gate.js';
import { JOURNEY_MODE_WORDS, journeyOutcome, keysPhrase, ruleTitle, stepReason } from './text.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF levels: critical and serious barriers are errors, moderate a warning, minor a note. */
export const SARIF_LEVEL: Readonly<Record<Impact, 'error' | 'warning' | 'note'>> = {
  critical: 'error',
  serious: 'error',
  moderate: 'warning',
  minor: 'note',
};

/** The key under `partialFingerprints` that holds the atcompat finding fingerprint. */
export const SARIF_FINGERPRINT_KEY = 'atcompatFingerprint/v1';

/** The key under `partialFingerprints` that identifies a journey step (journey, mode, step). */
export const SARIF_JOURNEY_FINGERPRINT_KEY = 'atcompatJourneyStep/v1';

/** SARIF rule ids for journey steps; not catalogue rules, so they are described here. */
export const JOURNEY_SARIF_RULES = {
  blocked: 'journey/step-blocked',
  failed: 'journey/step-failed',
} as const;

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown?: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
  properties: { tags: string[]; impact?: Impact; 'problem.severity'?: string; precision?: string };
}

/** A SARIF-friendly rule name: `keyboard/mouse-only-control` → `KeyboardMouseOnlyControl`. */
function pascal(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function catalogueRules(): SarifRule[] {
  return RULES.map((r) => ({
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text: r.help, markdown: `${r.help}\n\n[More about this rule](${r.helpUrl})` },
    helpUri: r.helpUrl,
    defaultConfiguration: { level: SARIF_LEVEL[r.impact] },
    properties: {
      tags: ['accessibility', ...r.wcag.map((c) => `wcag${c}`), ...r.profiles.map((p) => `at:${p}`), ...(r.advisory ? ['advisory'] : [])],
      impact: r.impact,
      precision: 'high',
    },
  }));
}

/** A rule the catalogue does not know (axe's, or a newer harness's), described from its first finding. */
function axeRule(finding: Finding): SarifRule {
  const title = ruleTitle(finding.rule, finding);
  const help = finding.help ?? (finding.rule.startsWith('axe/') ? `axe-core rule ${finding.rule.slice(4)}` : finding.rule);
  return {
    id: finding.rule,
    name: pascal(finding.rule),
    shortDescription: { text: title },
    fullDescription: { text: help },
    help: { text: help, ...(finding.helpUrl ? { markdown: `${help}\n\n[More about this rule](${finding.helpUrl})` } : {}) },
    ...(finding.helpUrl ? { helpUri: finding.helpUrl } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[finding.impact] },
    properties: { tags: ['accessibility', ...(finding.rule.startsWith('axe/') ? ['axe-core'] : []), ...finding.wcag.map((c) => `wcag${c}`), ...finding.profiles.map((p) => `at:${p}`)] },
  };
}

function journeyRules(): Record<'blocked' | 'failed', SarifRule> {
  return {
    blocked: {
      id: JOURNEY_SARIF_RULES.blocked,
      name: 'JourneyStepBlocked',
      shortDescription: { text: 'A step of a journey could not be done with the assistive technology' },
      fullDescription: {
        text:
          'atcompat did a task the way a keyboard-only or speech-input user would, and this step could not be done: ' +
          'people who use that assistive technology cannot finish the task.',
      },
      help: { text: 'Read the reason on the result, fix the control or page it names, and run the journey again.' },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['accessibility', 'journey', 'at:keyboard', 'at:speech'], impact: 'critical', precision: 'high' },
    },
    failed: {
      id: JOURNEY_SARIF_RULES.failed,
      name: 'JourneyStepFailed',
      shortDescription: { text: 'A step of a journey could not be run' },
      fullDescription: {
        text: 'The page or the journey script did not behave as expected, so the step was not tried; nothing is known about whether it works.',
      },
      help: { text: 'Check that the journey script matches the page (names, addresses, test data), then run it again.' },
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['accessibility', 'journey'], precision: 'high' },
    },
  };
}

function journeyStepFingerprint(gated: GatedJourney, step: JourneyStep, stepIndex: number): string {
  const { journey } = gated;
  return createHash('sha256').update(`journey\n${journey.mode}\n${journey.name}\n${stepIndex}\n${step.name}`).digest('hex').slice(0, 20);
}

/** The SARIF log object for a report under a gate. */
export function buildSarif(report: AtcompatReport, gate: GateResult): Record<string, unknown> {
  const rules = catalogueRules();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  // Rules the report uses that the catalogue does not know (every axe rule, and any rule a newer
  // harness emits), in order of first appearance.
  for (const page of report.pages) {
    for (const finding of page.findings) {
      if (index.has(finding.rule)) continue;
      index.set(finding.rule, rules.length);
      rules.push(axeRule(finding));
    }
  }

  const results: Record<string, unknown>[] = gate.findings.map(({ page, finding, status }) => ({
    ruleId: finding.rule,
    ruleIndex: index.get(finding.rule)!,
    level: SARIF_LEVEL[finding.impact],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: page.url },
          region: { snippet: { text: finding.html } },
        },
        logicalLocations: [{ fullyQualifiedName: finding.selector, kind: 'element' }],
      },
    ],
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: finding.fingerprint },
    ...(status === 'accepted'
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `Accepted in the atcompat baseline${gate.baseline?.file ? ` ${gate.baseline.file}` : ''}.` }] }
      : {}),
    ...(gate.baseline ? { baselineState: status === 'accepted' ? 'unchanged' : 'new' } : {}),
    properties: {
      impact: finding.impact,
      profiles: finding.profiles,
      wcag: finding.wcag,
      pageTitle: page.title,
      pageState: page.state,
      gate: status,
      ...(finding.helpUrl ? { helpUrl: finding.helpUrl } : {}),
    },
  }));

  const extra = journeyRules();
  const ruleIndexOf = (id: string, make: () => SarifRule): number => {
    if (!index.has(id)) {
      index.set(id, rules.length);
      rules.push(make());
    }
    return index.get(id)!;
  };
  for (const gated of gate.journeys ?? []) {
    const { journey, status } = gated;
    const mode = JOURNEY_MODE_WORDS[journey.mode] ?? journey.mode;
    journey.steps.forEach((step, stepIndex) => {
      if (step.status !== 'blocked' && step.status !== 'failed' && step.status !== 'ambiguous') return;
      let ruleId: string;
      let level: 'error' | 'warning' | 'note';
      if (step.status === 'ambiguous') {
        ruleId = 'speech/ambiguous-name';
        level = SARIF_LEVEL[getRule(ruleId)?.impact ?? 'minor'];
        ruleIndexOf(ruleId, () => catalogueRules().find((r) => r.id === ruleId)!);
      } else {
        const kind = step.status;
        ruleId = JOURNEY_SARIF_RULES[kind];
        level = kind === 'blocked' ? 'error' : 'warning';
        ruleIndexOf(ruleId, () => extra[kind]);
      }
      results.push({
        ruleId,
        ruleIndex: index.get(ruleId)!,
        level,
        message: { text: `Journey "${journey.name}" (${mode}), step ${stepIndex + 1} "${step.name}": ${stepReason(step)}` },
        locations: [
          {
            logicalLocations: [{ name: step.name, fullyQualifiedName: `${journey.name} > step ${stepIndex + 1}: ${step.name}` }],
          },
        ],
        partialFingerprints: { [SARIF_JOURNEY_FINGERPRINT_KEY]: journeyStepFingerprint(gated, step, stepIndex) },
        properties: {
          journey: journey.name,
          mode: journey.mode,
          step: stepIndex + 1,
          stepStatus: step.status,
          journeyOutcome: journeyOutcome(gated),
          profiles: [...(JOURNEY_MODE_PROFILES[journey.mode] ?? [])],
          ...(step.keys?.length ? { keys: step.keys, keysPressed: keysPhrase(step.keys) } : {}),
          gate: status,
        },
      });
    });
  }

  const notifications = gate.erroredPages.map((page) => ({
    level: 'error',
    message: { text: `${page.url} could not be audited: ${page.error}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: page.url } } }],
  }));

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'atcompat',
            version: report.tool.version,
            ...(/^\d+\.\d+\.\d+/.test(report.tool.version) ? { semanticVersion: report.tool.version } : {}),
            rules,
          },
        },
        automationDetails: { id: `atcompat/${report.run.id}` },
        invocations: [
          {
            executionSuccessful: !gate.allPagesErrored,
            startTimeUtc: report.run.startedAt,
            ...(report.run.finishedAt ? { endTimeUtc: report.run.finishedAt } : {}),
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
        properties: {
          failOn: gate.options.failOn,
          profiles: gate.options.profiles,
          verdicts: report.profiles,
          ...(report.run.browser ? { browser: report.run.browser } : {}),
        },
      },
    ],
  };
}

/** SARIF 2.1.0 JSON text for a report under a gate. */
export function formatSarif(report: AtcompatReport, gate: GateResult): string {
  return `${JSON.stringify(buildSarif(report, gate), null, 2)}\n`;
}
