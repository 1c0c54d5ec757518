/**
 * The atcompat rule catalogue, as data (the axe-core way: a rule is metadata; the logic that
 * decides it lives in the harness's pure checks). Rule ids are public API: reports, baselines and
 * the registry key on them, so an id never changes once released.
 */
import { AT_PROFILES, type AtProfile, type Impact } from './profiles.js';

/** A WCAG 2.2 success criterion the catalogue refers to. */
export interface WcagCriterion {
  readonly id: string;
  readonly title: string;
  readonly level: 'A' | 'AA' | 'AAA';
  /** The W3C "Understanding" page for the criterion. */
  readonly understandingUrl: string;
}

const UNDERSTANDING = 'https://www.w3.org/WAI/WCAG22/Understanding/';

function sc(id: string, title: string, level: WcagCriterion['level'], slug: string): WcagCriterion {
  return { id, title, level, understandingUrl: `${UNDERSTANDING}${slug}.html` };
}

/** The WCAG 2.2 success criteria the atcompat rules cite, keyed by number (e.g. `'2.1.1'`). */
export const WCAG_CRITERIA: Readonly<Record<string, WcagCriterion>> = Object.fromEntries(
  [
    sc('1.4.4', 'Resize Text', 'AA', 'resize-text'),
    sc('1.4.10', 'Reflow', 'AA', 'reflow'),
    sc('1.4.13', 'Content on Hover or Focus', 'AA', 'content-on-hover-or-focus'),
    sc('2.1.1', 'Keyboard', 'A', 'keyboard'),
    sc('2.1.2', 'No Keyboard Trap', 'A', 'no-keyboard-trap'),
    sc('2.1.4', 'Character Key Shortcuts', 'A', 'character-key-shortcuts'),
    sc('2.4.3', 'Focus Order', 'A', 'focus-order'),
    sc('2.4.6', 'Headings and Labels', 'AA', 'headings-and-labels'),
    sc('2.4.7', 'Focus Visible', 'AA', 'focus-visible'),
    sc('2.4.11', 'Focus Not Obscured (Minimum)', 'AA', 'focus-not-obscured-minimum'),
    sc('2.5.3', 'Label in Name', 'A', 'label-in-name'),
    sc('4.1.2', 'Name, Role, Value', 'A', 'name-role-value'),
  ].map((c) => [c.id, c]),
);

/** The W3C Understanding page for a WCAG criterion number, or undefined if the catalogue does not know it. */
export function wcagUnderstandingUrl(criterion: string): string | undefined {
  return WCAG_CRITERIA[criterion]?.understandingUrl;
}

/** One rule in the catalogue. */
export interface RuleDefinition {
  readonly id: RuleId;
  /** Short name, e.g. "Control only works with a mouse". */
  readonly title: string;
  /** What the rule detects, in one sentence. */
  readonly description: string;
  /** Plain English: what a keyboard, speech or screen-reader user experiences, and how to fix it. */
  readonly help: string;
  /** WCAG 2.2 success criteria, most relevant first; empty only for advisory rules. */
  readonly wcag: readonly string[];
  /** Default impact of a finding for this rule. */
  readonly impact: Impact;
  /** The AT profiles this rule blocks or hinders, in {@link AT_PROFILES} order. */
  readonly profiles: readonly AtProfile[];
  /** The W3C Understanding page for the first criterion (related guidance for advisory rules). */
  readonly helpUrl: string;
  /** Advisory rules report good practice that no WCAG criterion requires. */
  readonly advisory: boolean;
}

// Profile sets from architecture.md's "AT profiles" table.
const KB: readonly AtProfile[] = ['keyboard', 'screen-reader'];
const KB_SPEECH: readonly AtProfile[] = ['keyboard', 'speech', 'screen-reader'];
const KB_MAGNIFIER: readonly AtProfile[] = ['keyboard', 'screen-reader', 'magnifier'];
// Name/role failures are "name/role/state" failures for screen readers as much as for speech.
const SPEECH_SR: readonly AtProfile[] = ['speech', 'screen-reader'];
const SPEECH: readonly AtProfile[] = ['speech'];
const MAGNIFIER: readonly AtProfile[] = ['magnifier'];

type RuleInput = Omit<RuleDefinition, 'id' | 'helpUrl' | 'advisory'> & {
  readonly id: string;
  readonly helpUrl?: string;
  readonly advisory?: boolean;
};

const RULE_DATA = [
  {
    id: 'keyboard/mouse-only-control',
    title: 'Control only works with a mouse',
    description:
      'An element reacts to the mouse (click, pointer or mouse listeners) but can never receive keyboard focus.',
    help:
      'Keyboard and switch users cannot Tab to this control, screen reader users may not find it, and ' +
      'saying "click Save" in Dragon does nothing because it is not a real control. Use a native ' +
      '<button> or <a href>, or give it tabindex="0", a role and Enter/Space handling.',
    wcag: ['2.1.1'],
    impact: 'critical',
    profiles: KB_SPEECH,
  },
  {
    id: 'keyboard/not-operable',
    title: 'Control cannot be activated from the keyboard',
    description: 'An element receives focus, but pressing Enter or Space does not do what a click does.',
    help:
      'Keyboard users can reach the control but nothing happens when they press Enter or Space, and ' +
      'speech users whose software sends a key press get the same dead end. Use a native <button>, ' +
      'or handle keydown for Enter and Space the same way as click.',
    wcag: ['2.1.1'],
    impact: 'serious',
    profiles: KB_SPEECH,
  },
  {
    id: 'keyboard/trap',
    title: 'Keyboard trap',
    description:
      'Focus cannot leave a component with Tab or Shift+Tab (or the keys the component advertises).',
    help:
      'Keyboard and screen reader users get stuck inside this component and cannot reach the rest of ' +
      'the page without reloading it. Let Tab and Shift+Tab move out of it, or tell users which key ' +
      'does (for example Escape) and make sure that key works.',
    wcag: ['2.1.2'],
    impact: 'critical',
    profiles: KB,
  },
  {
    id: 'keyboard/unreachable',
    title: 'Control cannot be reached with Tab',
    description:
      'An element that should be a tab stop never receives focus when tabbing through the page.',
    help:
      'Keyboard users tab past this control without ever landing on it, so they cannot use it. ' +
      'Remove tabindex="-1" or disabled styling tricks, and make sure it is not hidden from the tab ' +
      'order by a parent.',
    wcag: ['2.1.1'],
    impact: 'serious',
    profiles: KB,
  },
  {
    id: 'keyboard/focus-not-visible',
    title: 'Focus is not visible',
    description: 'Nothing visibly changes when the element receives keyboard focus.',
    help:
      'Sighted keyboard users cannot see where they are on the page, so they do not know what Enter ' +
      'will activate. Do not remove the outline; give :focus-visible a clear outline or border that ' +
      'contrasts with the background.',
    wcag: ['2.4.7'],
    impact: 'serious',
    profiles: KB,
  },
  {
    id: 'keyboard/focus-obscured',
    title: 'Focused element is hidden',
    description:
      'The focused element is entirely hidden by other content, such as a sticky header or a cookie banner.',
    help:
      'Keyboard and magnifier users move focus to a control they cannot see because something covers ' +
      'it. Use scroll-padding (or scroll-margin) equal to the sticky header height, and do not let ' +
      'banners sit on top of focusable content.',
    wcag: ['2.4.11'],
    impact: 'serious',
    profiles: KB_MAGNIFIER,
  },
  {
    id: 'keyboard/focus-order',
    title: 'Focus order does not match the page',
    description:
      'Focus order contradicts the visual and reading order, for example because of a positive tabindex.',
    help:
      'Keyboard and screen reader users jump around the page in an order that does not match what is ' +
      'on screen, and can miss fields. Remove positive tabindex values and order the source to match ' +
      'the layout.',
    wcag: ['2.4.3'],
    impact: 'moderate',
    profiles: KB,
  },
  {
    id: 'keyboard/hover-only',
    title: 'Content only appears on mouse hover',
    description: 'Content or controls appear when the mouse hovers, but never when the keyboard focuses.',
    help:
      'Keyboard and screen reader users never see the menu, tooltip or button that appears on hover, ' +
      'so they cannot use it. Show the same content on focus (:focus-within), and let Escape dismiss it.',
    wcag: ['2.1.1', '1.4.13'],
    impact: 'serious',
    profiles: KB,
  },
  {
    id: 'keyboard/dialog-focus',
    title: 'Dialog does not manage focus',
    description:
      'A dialog opens without focus moving into it, lets focus escape behind it, or ignores Escape.',
    help:
      'Keyboard and screen reader users do not know the dialog opened, or end up tabbing through the ' +
      'page behind it. Move focus into the dialog when it opens, keep it there while it is open (or ' +
      'use <dialog> with showModal()), close on Escape and return focus to the control that opened it.',
    wcag: ['2.4.3', '2.1.2'],
    impact: 'serious',
    profiles: KB,
  },
  {
    id: 'keyboard/focus-lost',
    title: 'Focus is lost after an action',
    description: 'After an action, focus falls back to the start of the document because its element was removed.',
    help:
      'After saving or deleting, keyboard and screen reader users are sent back to the top of the page ' +
      'and have to find their place again. Move focus to something sensible (the next item, a ' +
      'confirmation message or a heading) before removing the focused element.',
    wcag: ['2.4.3'],
    impact: 'moderate',
    profiles: KB,
  },
  {
    id: 'keyboard/character-shortcut',
    title: 'Single-key shortcut cannot be turned off',
    description: 'A shortcut fires on a single printable character and cannot be turned off or remapped.',
    help:
      'Speech users dictating text trigger commands by accident (saying a word sends its letters), and ' +
      'keyboard users hit them while typing. Let users turn the shortcut off or remap it, or only ' +
      'respond to it while the relevant control has focus.',
    wcag: ['2.1.4'],
    impact: 'serious',
    // WCAG 2.1.4 exists chiefly for speech input users, so speech is named even though it is keyboard/*.
    profiles: KB_SPEECH,
  },
  {
    id: 'keyboard/scrollable-unreachable',
    title: 'Scrollable area cannot be scrolled with the keyboard',
    description: 'A scrollable region contains no focusable content and is not focusable itself.',
    help:
      'Keyboard users cannot scroll this area to read the rest of its content. Give the region ' +
      'tabindex="0", a role="region" and an accessible name, or make sure it contains focusable content.',
    wcag: ['2.1.1'],
    impact: 'serious',
    profiles: KB,
  },
  {
    id: 'keyboard/iframe-excluded',
    title: 'Embedded frame removed from the tab order',
    description: 'An iframe with interactive content has been taken out of the tab order.',
    help:
      'Keyboard and screen reader users cannot reach the form or controls inside this frame. Remove ' +
      'tabindex="-1" from the iframe so its content joins the tab order.',
    wcag: ['2.1.1'],
    impact: 'serious',
    profiles: KB,
  },
  {
    id: 'speech/label-not-in-name',
    title: 'Visible label is not part of the name',
    description: 'The visible label is not part of the accessible name, so "click <label>" does not work.',
    help:
      'A Dragon or Voice Control user says "click Search" as written on screen and nothing happens, ' +
      'because the control is named something else (for example by aria-label). Make the accessible ' +
      'name start with the visible text, or drop the aria-label.',
    wcag: ['2.5.3'],
    impact: 'serious',
    profiles: SPEECH_SR,
  },
  {
    id: 'speech/no-accessible-name',
    title: 'Control has no name',
    description: 'An interactive control has no accessible name, so it cannot be addressed by name.',
    help:
      'Speech users cannot say "click …" because the control has no name, and screen readers announce ' +
      'only "button". Give it visible text, a <label>, or an aria-label that matches any visible icon.',
    wcag: ['4.1.2'],
    impact: 'serious',
    profiles: SPEECH_SR,
  },
  {
    id: 'speech/ambiguous-name',
    title: 'Several controls share one name',
    description: 'Several different controls on screen share the same accessible name.',
    help:
      'Saying "click Edit" when there are five Edit buttons makes speech software number them and ask ' +
      'which one, slowing every action. Make the names distinct, for example "Edit address" and ' +
      '"Edit phone number" (visually hidden text can add the context).',
    wcag: [],
    impact: 'minor',
    profiles: SPEECH,
    // No criterion requires distinct names; 2.4.6 (labels describe purpose) is the closest guidance.
    helpUrl: `${UNDERSTANDING}headings-and-labels.html`,
    advisory: true,
  },
  {
    id: 'speech/non-standard-control',
    title: 'Clickable element has no control role',
    description: 'An element responds to clicks but has no role that a voice command can target.',
    help:
      'Speech users cannot say "click button" or "click link" to reach it, and screen readers do not ' +
      'announce it as something you can activate. Use a native <button> or <a href>, or add the ' +
      'matching role.',
    wcag: ['4.1.2'],
    impact: 'serious',
    profiles: SPEECH_SR,
  },
  {
    id: 'zoom/reflow',
    title: 'Content does not reflow',
    description: 'Content needs scrolling in two directions at a width of 320 CSS pixels (400% zoom).',
    help:
      'Magnifier and zoom users have to scroll sideways on every line to read it. Use responsive ' +
      'layouts (flexible widths, wrapping, media queries) so content fits in one column at 320px.',
    wcag: ['1.4.10'],
    impact: 'serious',
    profiles: MAGNIFIER,
  },
  {
    id: 'zoom/text-resize',
    title: 'Text is clipped when enlarged',
    description: 'Text is clipped or overlaps other content at 200% text size.',
    help:
      'People who enlarge text find it cut off or written over other text. Avoid fixed heights on ' +
      'text containers, size text in rem or em, and let boxes grow with their content.',
    wcag: ['1.4.4'],
    impact: 'serious',
    profiles: MAGNIFIER,
  },
] as const satisfies readonly RuleInput[];

/** Every rule id in the catalogue (architecture.md, "Findings taxonomy"). */
export type RuleId = (typeof RULE_DATA)[number]['id'];

function orderProfiles(profiles: Iterable<AtProfile>): AtProfile[] {
  const set = new Set(profiles);
  return AT_PROFILES.filter((p) => set.has(p));
}

/** The rule catalogue, in taxonomy order. */
export const RULES: readonly RuleDefinition[] = Object.freeze(
  RULE_DATA.map((r: RuleInput & { id: RuleId }): RuleDefinition => {
    const helpUrl = r.helpUrl ?? wcagUnderstandingUrl(r.wcag[0] ?? '');
    if (!helpUrl) throw new Error(`rule ${r.id}: no helpUrl and no known WCAG criterion`);
    return Object.freeze({
      ...r,
      wcag: Object.freeze([...r.wcag]),
      profiles: Object.freeze(orderProfiles(r.profiles)),
      helpUrl,
      advisory: r.advisory ?? false,
    });
  }),
);

/** Every rule id in the catalogue, in taxonomy order. */
export const RULE_IDS: readonly RuleId[] = Object.freeze(RULES.map((r) => r.id));

const RULES_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((r) => [r.id, r]));

/** True when `id` is a rule in the atcompat catalogue (not an `axe/…` id). */
export function isKnownRuleId(id: unknown): id is RuleId {
  return typeof id === 'string' && RULES_BY_ID.has(id);
}

/** The catalogue entry for `id`, or undefined for an unknown id (including every `axe/…` id). */
export function getRule(id: string): RuleDefinition | undefined {
  return RULES_BY_ID.get(id);
}

/** The pattern every finding's `rule` matches (same as the report schema). */
export const FINDING_RULE_PATTERN = /^(axe|keyboard|speech|zoom)\/[a-z0-9-]+$/;

/** The report rule id for an axe-core rule: `axeRuleId('button-name')` → `'axe/button-name'`. */
export function axeRuleId(id: string): `axe/${string}` {
  // Idempotent, so a caller that passes an already-prefixed id cannot produce `axe/axe/…`.
  return id.startsWith('axe/') ? (id as `axe/${string}`) : `axe/${id}`;
}

const SR: readonly AtProfile[] = ['screen-reader'];
const LANG: readonly AtProfile[] = ['screen-reader', 'literacy'];

// axe rules whose profile is not simply "screen reader". Exact ids win over prefixes.
const AXE_RULE_PROFILES: Readonly<Record<string, readonly AtProfile[]>> = {
  'label-content-name-mismatch': SPEECH_SR,
  'target-size': MAGNIFIER,
  'link-in-text-block': MAGNIFIER,
  'html-has-lang': LANG,
  'html-lang-valid': LANG,
  'html-xml-lang-mismatch': LANG,
  'valid-lang': LANG,
  'scrollable-region-focusable': KB,
  'frame-focusable-content': KB,
  tabindex: KB,
  accesskeys: KB,
  bypass: KB,
  'skip-link': KB,
  'nested-interactive': KB,
  'aria-hidden-focus': KB,
};

const AXE_PREFIX_PROFILES: readonly (readonly [string, readonly AtProfile[]])[] = [
  ['color-contrast', MAGNIFIER],
  ['meta-viewport', MAGNIFIER],
  ['aria-', SR],
];

// axe category tags, for axe rules this table does not name.
const AXE_TAG_PROFILES: Readonly<Record<string, readonly AtProfile[]>> = {
  'cat.color': MAGNIFIER,
  'cat.keyboard': KB,
  'cat.language': LANG,
};

/**
 * The AT profiles an axe-core rule result affects, from its id and tags (axe's `result.tags`).
 * Anything not recognised maps to `['screen-reader']`: most axe rules are name/role/state checks.
 */
export function profilesForAxeRule(axeRuleIdOrPrefixed: string, tags: readonly string[] = []): AtProfile[] {
  const id = axeRuleIdOrPrefixed.replace(/^axe\//, '');
  const exact = AXE_RULE_PROFILES[id];
  if (exact) return orderProfiles(exact);
  const prefixed = AXE_PREFIX_PROFILES.find(([prefix]) => id.startsWith(prefix));
  if (prefixed) return orderProfiles(prefixed[1]);
  const fromTags = tags.flatMap((t) => AXE_TAG_PROFILES[t] ?? []);
  if (fromTags.length > 0) return orderProfiles(fromTags);
  return [...SR];
}
