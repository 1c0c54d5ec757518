import type { Impact } from '@atcompat/contracts';
import type { ElementRef, FindingDraft } from '../types.js';
import type { AxeDraftMeta } from './findings.js';
import { labelInName } from './speech-label.js';

/** The WCAG levels atcompat audits with axe-core: 2.0, 2.1 and 2.2, A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

/**
 * Rules switched on beyond the tags. `label-content-name-mismatch` is WCAG 2.5.3 (Label in Name),
 * the criterion that most often blocks speech-input users, but axe ships it disabled.
 * Best-practice rules such as `region` and `landmark-*` stay off: they are noisy and say little
 * about whether a keyboard or speech user can do the job. The best-practice rules that do matter
 * to them (scrollable-region-focusable, frame-focusable-content, nested-interactive,
 * aria-hidden-focus, bypass) already carry WCAG tags.
 */
export const AXE_EXTRA_RULES = ['label-content-name-mismatch'] as const;

/** The options passed to `axe.runPartial` / `axe.finishRun`. */
export function axeRunOptions(): {
  runOnly: { type: 'tag'; values: string[] };
  rules: Record<string, { enabled: boolean }>;
  resultTypes: string[];
} {
  return {
    runOnly: { type: 'tag', values: [...AXE_TAGS] },
    rules: Object.fromEntries(AXE_EXTRA_RULES.map((id) => [id, { enabled: true }])),
    // Violations become findings. "Needs review" (incomplete) results are not findings, except
    // those atcompat can settle itself (see PROMOTABLE_INCOMPLETE), so they are kept in full too.
    resultTypes: ['violations', 'incomplete'],
  };
}

/** An axe selector: a CSS selector, or a list of them for elements inside shadow roots. */
export type AxeSelector = string | string[];

/** The parts of an axe violation node atcompat uses. */
export interface AxeNodeObservation {
  /** axe's target: selectors of the iframes leading to the element, then the element's own. */
  target: AxeSelector[];
  html: string;
  impact?: Impact | null;
  failureSummary?: string;
}

/** The parts of an axe violation atcompat uses. */
export interface AxeViolationObservation {
  id: string;
  impact?: Impact | null;
  tags: string[];
  help: string;
  helpUrl: string;
  description?: string;
  nodes: AxeNodeObservation[];
}

/** A draft from the axe step: carries axe's metadata for `finaliseFindings`. */
export type AxeFindingDraft = FindingDraft & { axe: AxeDraftMeta };

/** Splits axe's target into the iframe selectors and the element's own selector. */
export function splitAxeTarget(target: AxeSelector[]): { frames: AxeSelector[]; element: AxeSelector } {
  if (target.length === 0) return { frames: [], element: 'html' };
  return { frames: target.slice(0, -1), element: target[target.length - 1]! };
}

/** axe's selector as one string, for when the element cannot be found again. */
export function axeSelectorText(selector: AxeSelector): string {
  return Array.isArray(selector) ? selector.join(' >>> ') : selector;
}

/** A stand-in reference built from axe's own data, for a node the agent cannot describe. */
export function fallbackRef(node: AxeNodeObservation): ElementRef {
  const { frames, element } = splitAxeTarget(node.target);
  const tag = /^<\s*([a-zA-Z][\w-]*)/.exec(node.html)?.[1]?.toLowerCase() ?? '';
  return {
    selector: axeSelectorText(element),
    ...(frames.length ? { framePath: frames.map(axeSelectorText) } : {}),
    html: node.html.length > 300 ? `${node.html.slice(0, 299)}…` : node.html,
    tag,
    role: null,
    text: '',
    box: null,
  };
}

/**
 * Messages for the people affected, for the axe rules that matter most to keyboard, speech,
 * screen-reader and magnifier users. Other rules fall back to axe's own help text.
 */
const MESSAGES: Record<string, string> = {
  'image-alt':
    'This image has no text alternative, so screen reader users hear nothing or the file name, and speech users cannot refer to it. Add an alt attribute that says what the image shows, or alt="" if it is purely decorative.',
  'input-image-alt':
    'This image button has no text alternative, so screen reader users do not know what it does and speech users cannot say "click …" to press it. Give it an alt attribute naming its action.',
  'area-alt':
    'This clickable image-map area has no text alternative, so screen reader and speech users cannot tell what it links to. Give it an alt attribute naming its destination.',
  'role-img-alt':
    'This element is presented as an image but has no text alternative. Give it an aria-label or aria-labelledby that says what it shows.',
  'svg-img-alt':
    'This SVG image has no text alternative. Give it a <title> or an aria-label that says what it shows.',
  'object-alt': 'This embedded object has no text alternative. Give it an aria-label, a title or fallback text.',
  label:
    'This form field has no label, so screen reader users do not know what to enter and speech users cannot move to it by saying its name. Add a visible <label for="…"> (or wrap the field in its label).',
  'select-name':
    'This drop-down list has no label, so screen reader users do not know what it is for and speech users cannot move to it by name. Add a visible <label for="…">.',
  'button-name':
    'This button has no accessible name: screen readers announce only "button" and speech users cannot say "click …" to press it. Give it visible text, or an aria-label that matches its icon.',
  'input-button-name':
    'This input button has no accessible name: screen readers announce only "button" and speech users cannot say "click …" to press it. Give it a value attribute with visible text.',
  'link-name':
    'This link has no accessible name: screen readers announce only "link" and speech users cannot say "click …" to follow it. Give it text, or alt text on the image inside it.',
  'aria-command-name':
    'This custom button, link or menu item has no accessible name, so screen reader and speech users cannot tell what it does or activate it by name. Give it text content or an aria-label.',
  'aria-input-field-name':
    'This custom input field has no accessible name, so screen reader and speech users cannot tell what it is for. Give it aria-labelledby pointing at its visible label.',
  'aria-toggle-field-name':
    'This custom checkbox, switch or radio button has no accessible name, so screen reader and speech users cannot tell what it sets. Give it text content or aria-labelledby pointing at its visible label.',
  'label-content-name-mismatch':
    'The visible text of this control is not part of its accessible name, so a Dragon or Voice Control user who says "click" and the words on screen gets no response. Make the accessible name start with the visible text, or remove the aria-label.',
  'aria-hidden-focus':
    'This content is hidden from screen readers (aria-hidden) but still contains something keyboard focus can land on, so screen reader users reach a control that is announced as nothing. Remove aria-hidden, or take the content out of the tab order (tabindex="-1", inert or disabled).',
  'nested-interactive':
    'This control contains another focusable control. Screen readers do not announce the inner one and keyboard users meet an extra, unnamed tab stop. Move the inner control out, or make the outer element non-interactive.',
  'scrollable-region-focusable':
    'This region scrolls, but nothing inside it can take keyboard focus, so keyboard users cannot scroll to the content that is cut off. Add tabindex="0" and an accessible name to the region, or make the content inside focusable.',
  'frame-focusable-content':
    'This frame holds controls, but the frame is taken out of the tab order (tabindex="-1"), so keyboard users can never reach them. Remove the negative tabindex.',
  bypass:
    'There is no way to skip the repeated content at the start of the page (no skip link, heading or landmark), so keyboard users must tab through all of it on every page. Add a "Skip to main content" link and a <main> landmark.',
  'frame-title':
    'This frame has no title, so screen reader users do not know what it contains before entering it. Give the <iframe> a title attribute describing its content.',
  'frame-title-unique': 'Several frames share one title, so screen reader users cannot tell them apart. Give each frame a distinct title.',
  'document-title': 'The page has no <title>, so screen reader users and people switching between windows cannot tell what page this is. Add a descriptive <title>.',
  'html-has-lang':
    'The page does not say what language it is in, so screen readers and text-to-speech tools such as Read&Write may read it with the wrong pronunciation. Add lang="en" (or the right language) to the <html> element.',
  'html-lang-valid': 'The language given on the <html> element is not a valid language code, so screen readers may pronounce the page wrongly. Use a valid code such as lang="en".',
  'valid-lang': 'This text says it is in a language that is not a valid language code, so screen readers may pronounce it wrongly. Use a valid code in the lang attribute.',
  'color-contrast':
    'This text does not stand out enough from its background (WCAG AA contrast), so people with low vision or using a magnifier find it hard or impossible to read. Darken the text or lighten the background.',
  'link-in-text-block': 'This link is told apart from the text around it by colour alone, so people who do not see colour differences cannot find it. Underline it, or give it enough contrast with the surrounding text.',
  'meta-viewport': 'The page stops people zooming in (user-scalable=no or maximum-scale), so magnifier and low-vision users on phones cannot enlarge it. Remove those settings from the viewport meta tag.',
  'meta-refresh': 'The page refreshes or redirects itself on a timer, which takes people away before they finish reading or interacting. Remove the timed refresh, or let people turn it off.',
  'target-size': 'This control is too small (under 24 by 24 CSS pixels, with too little space around it), so people with tremors or using a speech mouse grid struggle to hit it. Make it larger or add space around it.',
  'duplicate-id-aria': 'An id used by a label or ARIA reference appears more than once, so the wrong text may be read out as this control\'s name or description. Make the id unique.',
  'aria-required-children': 'This element\'s role needs particular child roles (for example list items in a list box) and they are missing, so screen readers cannot present it properly. Add the required child roles.',
  'aria-required-parent': 'This element\'s role only makes sense inside a particular parent role (for example a tab inside a tab list), which is missing. Put it inside the right parent.',
  'aria-required-attr': 'This element\'s role needs ARIA attributes that are missing (for example aria-checked on a checkbox), so screen readers cannot report its state. Add them.',
  'aria-valid-attr-value': 'An ARIA attribute on this element has a value that is not allowed, so screen readers may report wrong information. Correct the value.',
  'aria-valid-attr': 'This element has an ARIA attribute that does not exist (probably misspelt), so it has no effect. Correct its name.',
  'aria-allowed-attr': 'This element has an ARIA attribute its role does not support, so screen readers may ignore or misreport it. Remove it or change the role.',
  'aria-roles': 'This element has a role that does not exist, so screen readers cannot tell what it is. Use a valid ARIA role, or a native HTML element.',
  'list': 'This list contains things that are not list items, so screen readers miscount or skip them. Only put <li> (or <script>/<template>) directly inside <ul> and <ol>.',
  'listitem': 'This list item is not inside a list, so screen readers do not announce it as part of one. Put it inside a <ul> or <ol>.',
  'td-headers-attr': 'This table cell points at header cells that do not exist, so screen readers announce the wrong headers. Fix the headers attribute.',
  'th-has-data-cells': 'This table header does not describe any data cell, so screen readers cannot relate it to the data. Fix the table structure.',
  'autocomplete-valid': 'This field\'s autocomplete value is not valid, so browsers and assistive tools cannot fill it in for people who struggle to type. Use a valid autocomplete token.',
  'form-field-multiple-labels': 'This form field has several labels, so screen readers and speech software may use the wrong one. Give it a single <label>.',
  'summary-name': 'This <summary> has no accessible name, so screen reader and speech users cannot tell what it expands. Give it text.',
  'aria-tooltip-name': 'This tooltip has no accessible name. Give it text content.',
  'aria-progressbar-name': 'This progress bar has no accessible name, so screen reader users do not know what is progressing. Give it aria-label or aria-labelledby.',
  'aria-meter-name': 'This meter has no accessible name, so screen reader users do not know what it measures. Give it aria-label or aria-labelledby.',
  'aria-tab-name': 'This tab has no accessible name, so screen reader and speech users cannot choose it by name. Give it text.',
  'video-caption': 'This video has no captions, so deaf and hard-of-hearing people miss what is said. Add a captions track.',
  'audio-caption': 'This audio has no transcript or captions, so deaf and hard-of-hearing people miss it. Provide a transcript.',
  'no-autoplay-audio': 'Audio plays automatically for more than 3 seconds with no way to stop it, which drowns out screen readers. Do not autoplay audio, or give a control to stop it.',
  'css-orientation-lock': 'The page is locked to one screen orientation, so people with a device mounted in the other orientation cannot use it. Let the content follow the orientation.',
  'avoid-inline-spacing': 'Text spacing is fixed with !important inline styles, so people who need wider letter, word or line spacing cannot override it. Remove !important from those styles.',
};

/**
 * What the driver found out about an element axe flagged (or could not decide on), to confirm or
 * dismiss axe's verdict where axe is known to disagree with the W3C ACT rules.
 */
export interface AxeNodeFacts {
  /** label-content-name-mismatch: the element's visible inner text and accessible name. */
  label?: { visible: string; name: string };
  /** frame-focusable-content: the iframe is inert (blocked by an open modal dialog, or inside [inert]). */
  frameInert?: boolean;
  /** scrollable-region-focusable: how far the region scrolls, and its padding on both sides together (CSS px). */
  scroll?: { x: number; y: number; paddingX: number; paddingY: number };
  /** aria-hidden-focus: something inside kept keyboard focus when focused (no sentinel moved it on). */
  keepsFocus?: boolean;
}

/** Rules whose nodes the driver gathers facts for. */
export const AXE_FACT_RULES = new Set(['label-content-name-mismatch', 'frame-focusable-content', 'scrollable-region-focusable', 'aria-hidden-focus']);

/**
 * "Needs review" results atcompat can settle. aria-hidden-focus is left undecided by axe whenever
 * a modal dialog is open (focus may be contained by script); atcompat focuses the elements and
 * sees whether focus stays — if it does, keyboard users can land on hidden content.
 */
export const PROMOTABLE_INCOMPLETE = new Set(['aria-hidden-focus']);

/**
 * Whether an axe node becomes a finding. Violations stand unless the facts show the ACT rule
 * behind them does not apply; incomplete results become findings only when the facts settle them.
 */
export function confirmAxeNode(ruleId: string, outcome: 'violation' | 'incomplete', facts: AxeNodeFacts | undefined): boolean {
  if (outcome === 'incomplete') return PROMOTABLE_INCOMPLETE.has(ruleId) && facts?.keepsFocus === true;
  if (!facts) return true;
  switch (ruleId) {
    case 'label-content-name-mismatch':
      // atcompat's label-in-name algorithm (ACT 2ee8b8) knows icon fonts, abbreviations and
      // hyphenation, which axe's rule flags wrongly.
      return !facts.label || !labelInName(facts.label.visible, facts.label.name);
    case 'frame-focusable-content':
      // A frame behind an open modal dialog is out of reach for everyone until the dialog closes.
      return facts.frameInert !== true;
    case 'scrollable-region-focusable':
      // ACT 0ssw9k: a region that scrolls no further than its padding hides no content.
      return !facts.scroll || facts.scroll.x > facts.scroll.paddingX || facts.scroll.y > facts.scroll.paddingY;
    default:
      return true;
  }
}

/** Turns axe's failure summary ("Fix any of the following:\n  Element has …") into one sentence. */
export function summariseFailure(summary: string | undefined): string {
  if (!summary) return '';
  const lines = summary
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^fix (any|all) of the following:?$/i.test(line));
  if (!lines.length) return '';
  const first = lines[0]!.replace(/[.\s]+$/, '');
  return `${first.charAt(0).toUpperCase()}${first.slice(1)}${lines.length > 1 ? ` (and ${lines.length - 1} more problem${lines.length > 2 ? 's' : ''})` : ''}.`;
}

/** The plain-English message for one violation on one element. */
export function axeMessage(violation: Pick<AxeViolationObservation, 'id' | 'help'>, node: Pick<AxeNodeObservation, 'failureSummary'>): string {
  const known = MESSAGES[violation.id];
  if (known) return known;
  const help = violation.help.replace(/[.\s]+$/, '');
  const detail = summariseFailure(node.failureSummary);
  return `${help}.${detail ? ` axe-core found: ${detail}` : ''}`;
}

/** One axe result with the outcome it came under. */
export interface AxeOutcome {
  violation: AxeViolationObservation;
  outcome: 'violation' | 'incomplete';
}

/**
 * Turns axe results into drafts, one per element. `resolve` returns the agent's reference for a
 * node (so selectors look like every other check's), or null when the element cannot be found
 * again; then axe's own selector stands in. `factsOf` gives what the driver found out about it.
 */
export function axeDrafts(
  results: AxeOutcome[],
  resolve: (node: AxeNodeObservation) => ElementRef | null,
  factsOf: (node: AxeNodeObservation) => AxeNodeFacts | undefined = () => undefined,
): AxeFindingDraft[] {
  const drafts: AxeFindingDraft[] = [];
  for (const { violation, outcome } of results) {
    for (const node of violation.nodes) {
      if (!confirmAxeNode(violation.id, outcome, factsOf(node))) continue;
      const target = resolve(node) ?? fallbackRef(node);
      drafts.push({
        rule: `axe/${violation.id}`,
        target,
        message: axeMessage(violation, node),
        axe: {
          impact: node.impact ?? violation.impact ?? null,
          tags: [...violation.tags],
          help: violation.help,
          helpUrl: violation.helpUrl,
        },
      });
    }
  }
  return drafts;
}
