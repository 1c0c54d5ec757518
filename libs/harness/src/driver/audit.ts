import type { PageResult } from '@atcompat/contracts';
import type { CDPSession, Frame, Page } from 'playwright-core';
import { finaliseFindings } from '../checks/findings.js';
import { AUDIT_STEPS, DEFAULT_BUDGET, type AuditOptions, type AuditStepId, type FindingDraft } from '../types.js';
import { runAxe } from './axe.js';
import { ensureAgent, withScreenshots, type AuditContext } from './context.js';
import { frameWarnings, watchFrames } from './frames.js';
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
  // A page that crashes, closes or leaves for another document on its own would otherwise leave
  // each remaining step waiting on a dead page, or mix two documents into one result: the audit
  // stops at once with the reason instead.
  let abandoned: Error | undefined;
  let abandon!: (error: Error) => void;
  const aborted = new Promise<never>((_, reject) => (abandon = reject));
  aborted.catch(() => undefined);
  const stop = (reason: string) => {
    if (abandoned) return;
    abandoned = new Error(reason);
    abandon(abandoned);
  };
  const onCrash = () => stop('the browser tab crashed (its renderer process stopped) during the audit');
  const onClose = () => stop('the page was closed during the audit');
  // Only while the audit merely looks (axe, accessibility tree, listeners): later steps press keys
  // and click, and may navigate the page themselves.
  let looking = true;
  const onNavigated = (frame: Frame) => {
    if (looking && frame === page.mainFrame() && withoutHash(frame.url()) !== withoutHash(url)) {
      stop(`the page navigated away by itself during the audit, to ${frame.url()}`);
    }
  };
  watchFrames(page, budget.frameTimeoutMs);
  page.on('crash', onCrash);
  page.on('close', onClose);
  page.on('framenavigated', onNavigated);
  const guard = <T>(work: Promise<T>): Promise<T> => {
    work.catch(() => undefined);
    return Promise.race([work, aborted]);
  };
  try {
    cdp = await guard(page.context().newCDPSession(page));
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
    await guard(ensureAgent(page));
    let first = true;
    for (const step of steps) {
      try {
        if (STATEFUL.has(step)) looking = false;
        if (!first && STATEFUL.has(step)) await guard(ctx.reset());
        first = false;
        drafts.push(...(await guard(STEPS[step](ctx))));
      } catch (error) {
        if (abandoned) throw abandoned;
        warnings.push(`The ${step} check could not finish on ${url}: ${String((error as Error)?.message ?? error).split('\n')[0]}`);
      }
    }
    await guard(ensureAgent(page));
    const kept = await guard(applyScope(page, drafts, options));
    const disabled = new Set(options.disabledRules ?? []);
    const reported = kept.filter((d) => !disabled.has(d.rule));
    await guard(withScreenshots(ctx, reported));
    const title = await guard(page.title()).catch(() => '');
    if (abandoned) throw abandoned;
    warnings.push(...frameWarnings(page));
    return {
      result: {
        url,
        title,
        state: options.state ?? 'initial',
        findings: finaliseFindings(reported, url),
      },
      warnings,
    };
  } finally {
    page.off('crash', onCrash);
    page.off('close', onClose);
    page.off('framenavigated', onNavigated);
    if (!abandoned) await cdp?.detach().catch(() => undefined);
  }
}

const withoutHash = (address: string) => address.replace(/#.*$/, '');

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
