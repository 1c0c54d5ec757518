import { createHash } from 'node:crypto';
import { getRule, profilesForAxeRule, wcagUnderstandingUrl, type Finding, type Impact } from '@atcompat/contracts';
import type { FindingDraft } from '../types.js';

/** Joins an iframe path and an element selector into one report selector. */
export const FRAME_SEPARATOR = ' >>> ';

export function reportSelector(draft: Pick<FindingDraft, 'target'>): string {
  return [...(draft.target.framePath ?? []), draft.target.selector].join(FRAME_SEPARATOR);
}

/**
 * A fingerprint that stays the same across runs for the same rule on the same element of the
 * same page: rule, page address (origin and path; the query may hold session tokens) and selector.
 */
export function fingerprint(rule: string, pageUrl: string, selector: string): string {
  let page = pageUrl;
  try {
    const url = new URL(pageUrl);
    page = `${url.origin}${url.pathname}`;
  } catch {
    // not a URL (a journey state name): use as is
  }
  return createHash('sha256').update(`${rule}\n${page}\n${selector}`).digest('hex').slice(0, 20);
}

/** Extra axe metadata a draft from the axe step carries. */
export interface AxeDraftMeta {
  impact?: Impact | null;
  tags?: string[];
  help?: string;
  helpUrl?: string;
}

/**
 * Attaches rule metadata (WCAG criteria, profiles, impact, help) from the catalogue and a
 * fingerprint to each draft; drops duplicates (same rule and selector) keeping the first.
 */
export function finaliseFindings(drafts: (FindingDraft & { axe?: AxeDraftMeta })[], pageUrl: string): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const draft of drafts) {
    const selector = reportSelector(draft);
    const key = `${draft.rule}\n${selector}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rule = getRule(draft.rule);
    const axeId = draft.rule.startsWith('axe/') ? draft.rule.slice(4) : undefined;
    const wcag = rule
      ? [...rule.wcag]
      : (draft.axe?.tags ?? [])
          .map((tag) => /^wcag(\d)(\d)(\d+)$/.exec(tag))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => `${m[1]}.${m[2]}.${m[3]}`);
    const profiles = rule ? [...rule.profiles] : profilesForAxeRule(axeId ?? draft.rule, draft.axe?.tags ?? []);
    const impact: Impact = draft.impact ?? draft.axe?.impact ?? rule?.impact ?? 'moderate';
    const helpUrl = rule?.helpUrl ?? draft.axe?.helpUrl ?? (wcag[0] ? wcagUnderstandingUrl(wcag[0]) : undefined);
    findings.push({
      rule: draft.rule,
      impact,
      wcag,
      profiles,
      selector,
      html: draft.target.html,
      message: draft.message,
      fingerprint: fingerprint(draft.rule, pageUrl, selector),
      ...(rule?.help || draft.axe?.help ? { help: rule?.help ?? draft.axe?.help } : {}),
      ...(helpUrl ? { helpUrl } : {}),
      ...(draft.screenshot ? { screenshot: draft.screenshot } : {}),
      ...(draft.target.box ? { boundingBox: draft.target.box } : {}),
    });
  }
  return findings;
}
