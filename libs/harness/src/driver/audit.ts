import type { PageResult } from '@atcompat/contracts';
import type { CDPSession, Page } from 'playwright-core';
import { finaliseFindings } from '../checks/findings.js';
import { AUDIT_STEPS, DEFAULT_BUDGET, type AuditOptions, type AuditStepId, type FindingDraft } from '../types.js';
import { runAxe } from './axe.js';
import { ensureAgent, withScreenshots, type AuditContext } from './context.js';
import { runKeyboardChecks } from './keyboard.js';
import { runListenerChecks } from './listeners.js';
import { runOperabilityCheck } from './operability.js';
import { runReflowCheck } from './reflow.js';
import { runShortcutCheck } from './shortcuts.js';
import { runSpeechChecks } from './speech.js';

type Step = (ctx: AuditContext) => Promise<FindingDraft[]>;

/**
 * The steps in the order they run: first those that only look (axe, accessibility tree, listeners),
 * then those that press keys, resize or click, each of which starts from a reset page.
 */
const STEPS: Record<AuditStepId, Step> = {
  axe: runAxe,
  speech: runSpeechChecks,
  listeners: runListenerChecks,
  keyboard: runKeyboardChecks,
  reflow: runReflowCheck,
  shortcuts: runShortcutCheck,
  operability: runOperabilityCheck,
};

/** The result of auditing one page: the report's page entry, and what went wrong along the way. */
export interface PageAudit {
  result: PageResult;
  /** Steps that failed; the audit went on without them. Plain-English lines. */
  warnings: string[];
}

export interface AuditPageOptions extends AuditOptions {
  /** How to get back to the starting state; default: reload the current URL. */
  reset?: () => Promise<void>;
  /** What the report calls this state, e.g. "initial" or "after step 3 of 'record a note'". */
  state?: string;
}

/** Audits the page as it is now. The page must have loaded; it may be reloaded along the way. */
export async function auditPage(page: Page, options: AuditPageOptions = {}): Promise<PageAudit> {
  const url = page.url();
  const budget = { ...DEFAULT_BUDGET, ...options.budget };
  const steps = AUDIT_STEPS.filter((step) => !options.steps || options.steps.includes(step));
  const warnings: string[] = [];
  let cdp: CDPSession | undefined;
  const drafts: FindingDraft[] = [];
  const reset =
    options.reset ??
    (async () => {
      await page.goto(url, { waitUntil: 'load' });
    });
  try {
    cdp = await page.context().newCDPSession(page);
    const ctx: AuditContext = {
      page,
      cdp,
      budget,
      screenshots: options.screenshots ?? false,
      reset: async () => {
        await reset();
        await ensureAgent(page);
      },
      settle: (ms = budget.settleMs) => page.waitForTimeout(ms),
    };
    await ensureAgent(page);
    let first = true;
    for (const step of steps) {
      try {
        if (!first && STATEFUL.has(step)) await ctx.reset();
        first = false;
        drafts.push(...(await STEPS[step](ctx)));
      } catch (error) {
        warnings.push(`The ${step} check could not finish on ${url}: ${String((error as Error)?.message ?? error).split('\n')[0]}`);
      }
    }
    await ensureAgent(page);
    const kept = await applyScope(page, drafts, options);
    const disabled = new Set(options.disabledRules ?? []);
    const reported = kept.filter((d) => !disabled.has(d.rule));
    await withScreenshots(ctx, reported);
    return {
      result: {
        url,
        title: await page.title().catch(() => ''),
        state: options.state ?? 'initial',
        findings: finaliseFindings(reported, url),
      },
      warnings,
    };
  } finally {
    await cdp?.detach().catch(() => undefined);
  }
}

/** Steps that change the page (focus, size, key presses, clicks) and so start from a reset page. */
const STATEFUL = new Set<AuditStepId>(['keyboard', 'reflow', 'shortcuts', 'operability']);

/** Keeps findings inside `include` and outside `exclude` (main-document elements only). */
async function applyScope(page: Page, drafts: FindingDraft[], options: AuditOptions): Promise<FindingDraft[]> {
  const include = options.include ?? [];
  const exclude = options.exclude ?? [];
  if (!include.length && !exclude.length) return drafts;
  const inScope = await page.evaluate(
    ({ selectors, include, exclude }) =>
      selectors.map((selector) => {
        if (selector === null) return true;
        let element: Element | null = null;
        try {
          element = document.querySelector(selector);
        } catch {
          return true;
        }
        if (!element) return include.length === 0;
        const within = (list: string[]) =>
          list.some((s) => {
            try {
              return element!.closest(s) !== null;
            } catch {
              return false;
            }
          });
        return (include.length === 0 || within(include)) && !within(exclude);
      }),
    {
      selectors: drafts.map((d) => (d.target.framePath?.length ? null : d.target.selector)),
      include: [...include],
      exclude: [...exclude],
    },
  );
  return drafts.filter((_, i) => inScope[i]);
}
