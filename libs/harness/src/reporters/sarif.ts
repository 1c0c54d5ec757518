/**
 * SARIF 2.1.0 (GitHub code scanning, Azure DevOps, VS Code SARIF viewer): one result per finding.
 * Rules come from the atcompat catalogue plus the axe rules seen in the report. A page has no
 * source file, so the location is the page URL as the artifact, the CSS selector as a logical
 * location and the element's HTML as the region snippet. Findings the baseline accepted carry an
 * external suppression, so viewers hide them without losing them.
 */
import { RULES, type AtcompatReport, type Finding, type Impact } from '@atcompat/contracts';
import type { GateResult } from './gate.js';
import { ruleTitle } from './text.js';

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

  const results = gate.findings.map(({ page, finding, status }) => ({
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
