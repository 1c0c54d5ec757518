/** What the page did in response to one action (a click, a key press), as the driver observed it. */
export interface ActionEffect {
  /** DOM mutation records seen. */
  mutations: number;
  /** Selectors of the elements those mutations touched (bounded). */
  mutatedTargets: string[];
  /** Navigations the page started (cancelled by the probe or not), as URLs. */
  navigations: string[];
  /** alert/confirm/prompt messages. */
  dialogs: string[];
  /** New windows or tabs opened. */
  popups: string[];
  /** Network requests fired (URLs). */
  requests: string[];
  /** Keyboard focus moved to another element. */
  focusMoved: boolean;
  /** State of the element that changed: `checked`, `aria-expanded`, `open`… */
  stateChanged: string[];
  /** The page or a region scrolled. */
  scrolled: boolean;
}

/** Changes the page makes on its own, seen while nothing was done: not caused by an action. */
export interface Noise {
  mutatedTargets: string[];
  requests: boolean;
}

export const NO_NOISE: Noise = { mutatedTargets: [], requests: false };

/** An effect that did nothing: the starting point for merging observations. */
export function emptyEffect(): ActionEffect {
  return { mutations: 0, mutatedTargets: [], navigations: [], dialogs: [], popups: [], requests: [], focusMoved: false, stateChanged: [], scrolled: false };
}

/** Combines two observations of the same action (the page's and the browser's). */
export function mergeEffects(a: ActionEffect, b: Partial<ActionEffect>): ActionEffect {
  return {
    mutations: a.mutations + (b.mutations ?? 0),
    mutatedTargets: [...a.mutatedTargets, ...(b.mutatedTargets ?? [])],
    navigations: [...a.navigations, ...(b.navigations ?? [])],
    dialogs: [...a.dialogs, ...(b.dialogs ?? [])],
    popups: [...a.popups, ...(b.popups ?? [])],
    requests: [...a.requests, ...(b.requests ?? [])],
    focusMoved: a.focusMoved || (b.focusMoved ?? false),
    stateChanged: [...a.stateChanged, ...(b.stateChanged ?? [])],
    scrolled: a.scrolled || (b.scrolled ?? false),
  };
}

/** Options for `describeEffect`. */
export interface EffectOptions {
  /** Count scrolling as an effect (not for Space, whose default action scrolls the page). */
  countScroll?: boolean;
}

/**
 * What an action visibly did, in plain words (empty when it did nothing). Mutations of elements
 * the page also changes on its own (clocks, carousels) and requests while the page polls do not
 * count.
 */
export function describeEffect(effect: ActionEffect, noise: Noise = NO_NOISE, options: EffectOptions = {}): string[] {
  const out: string[] = [];
  if (effect.navigations.length) out.push(`goes to ${effect.navigations[0]}`);
  if (effect.popups.length) out.push('opens a new window');
  if (effect.dialogs.length) out.push('opens a dialog box');
  if (effect.stateChanged.length) out.push(`changes ${effect.stateChanged.join(', ')}`);
  const noisy = new Set(noise.mutatedTargets);
  const real = effect.mutatedTargets.filter((t) => !noisy.has(t));
  // Mutations whose targets could not all be named still count when there is no noise at all.
  const unnamed = effect.mutations > effect.mutatedTargets.length && noise.mutatedTargets.length === 0;
  if (real.length > 0 || unnamed) out.push('changes the page');
  if (effect.focusMoved) out.push('moves focus');
  if (effect.requests.length && !noise.requests) out.push('sends a request');
  if (options.countScroll && effect.scrolled) out.push('scrolls');
  return out;
}

/** Whether the action did anything at all. */
export function isEffective(effect: ActionEffect | null, noise: Noise = NO_NOISE, options: EffectOptions = {}): boolean {
  return effect !== null && describeEffect(effect, noise, options).length > 0;
}

/** Noise from two idle observations (or one): what changed without any action. */
export function noiseFrom(...idle: ActionEffect[]): Noise {
  return {
    mutatedTargets: [...new Set(idle.flatMap((e) => e.mutatedTargets))],
    requests: idle.some((e) => e.requests.length > 0),
  };
}
