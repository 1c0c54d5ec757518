import { describeEffect } from '../checks/operability-effects.js';
import { KEY_TYPES } from '../checks/pointer-mouse-only.js';
import { judgeShortcuts, SHORTCUT_KEYS, shortcutInstrument, type ShortcutKeyResult } from '../checks/shortcut.js';
import { blurAll, collectShortcutControls } from '../page/pointer-probe.js';
import type { ElementRef, FindingDraft } from '../types.js';
import type { AuditContext } from './context.js';
import { listenerTargets, listenerTypesOf, parkPointer } from './listeners.js';
import { EffectRecorder, idleNoise } from './operability.js';

/** Stop pressing keys once this many have done something: enough to report. */
const MAX_ACTIVE_KEYS = 6;

const isKeyType = (type: string) => (KEY_TYPES as readonly string[]).includes(type);

/**
 * `keyboard/character-shortcut`: with focus on the page itself (not in a field), the keys of
 * SHORTCUT_KEYS are pressed, each on its own; a key that changes the page (DOM, navigation, focus,
 * scroll, dialogs) with no way shown to turn shortcuts off or remap them is a finding. Only runs
 * when the window, document, html or body has a key listener (keys pressed on the body reach
 * no other element). Main document only.
 */
export async function runShortcutCheck(ctx: AuditContext): Promise<FindingDraft[]> {
  const { page } = ctx;
  const pageLevel = [...(await listenerTypesOf(ctx.cdp, 'window')), ...(await listenerTypesOf(ctx.cdp, 'document'))].some(isKeyType);
  const roots = (await listenerTargets(ctx, KEY_TYPES, false)).filter((t) => t.rootish && !t.ref.framePath?.length);
  if (!pageLevel && roots.length === 0) return [];

  // A way shown to turn them off or remap them: nothing to report, whatever the keys do.
  const instrument = shortcutInstrument(await page.evaluate(collectShortcutControls));
  if (instrument) return [];

  // Report on the body when it carries the listener; on <html> for html, document and window.
  const body = roots.find((t) => t.ref.tag === 'body');
  const target: ElementRef = body?.ref ?? (await page.evaluate(() => window.__atcompat!.describe(document.documentElement)));

  const recorder = new EffectRecorder(page);
  await parkPointer(page);
  await page.evaluate(blurAll);
  const noise = await idleNoise(ctx, recorder);
  let dirty = false;

  /** Presses the keys in turn, focus back on the page before each, and says what they changed. */
  const press = async (keys: readonly string[]): Promise<string[]> => {
    if (dirty) {
      await ctx.reset();
      await parkPointer(page);
    }
    await page.evaluate(blurAll);
    await recorder.start(null);
    let failed = false;
    try {
      for (const key of keys) {
        await page.keyboard.press(key);
        if (keys.length > 1) await page.evaluate(blurAll);
      }
      // A group is only asked whether it did anything (it is split, from a reset page, if so);
      // a single key's effects are reported, so it gets the whole time.
      if (keys.length > 1) await recorder.settleUnlessEffective(ctx.budget.settleMs, noise, { countScroll: true });
      else await ctx.settle();
    } catch {
      failed = true; // the page went away
    }
    const { effect, navigatedAway } = await recorder.stop();
    const effects = describeEffect(effect, noise, { countScroll: true });
    dirty = failed || navigatedAway || effect.mutations > 0 || effects.length > 0;
    return effects.length === 0 && (failed || navigatedAway) ? ['leaves the page'] : effects;
  };

  // Most pages answer no key at all: one window for all keys. When a group does something, split
  // it until single keys are found (a few reloads per shortcut instead of one wait per key).
  const results: ShortcutKeyResult[] = [];
  // Returns whether the group did something. `known`: it is already known to (its parent did,
  // and the sibling half did nothing), so it is split without being pressed again.
  const search = async (keys: readonly string[], known = false): Promise<boolean> => {
    if (keys.length === 0 || results.length >= MAX_ACTIVE_KEYS) return false;
    if (!known || keys.length === 1) {
      const effects = await press(keys);
      if (effects.length === 0) return false;
      if (keys.length === 1) {
        results.push({ key: keys[0]!, effects });
        return true;
      }
    }
    const middle = Math.ceil(keys.length / 2);
    const leftDid = await search(keys.slice(0, middle));
    await search(keys.slice(middle), !leftDid);
    return true;
  };
  await search(SHORTCUT_KEYS);
  const draft = judgeShortcuts({ target, keys: results, instrument: null });
  return draft ? [draft] : [];
}
