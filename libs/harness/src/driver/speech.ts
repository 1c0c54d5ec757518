import type { CDPSession } from 'playwright-core';
import { speechDrafts, SPEECH_CONTROL_ROLES, normaliseRole, type ClickableElement, type SpeechControl } from '../checks/speech.js';
import type { ElementRef, FindingDraft } from '../types.js';
import { ensureAgent, framePath, inFrame, type AuditContext } from './context.js';
import { auditableFrames } from './frames.js';

/** Most controls and clickable elements looked at per page: keeps the cost bounded on huge pages. */
const MAX_CONTROLS = 1500;
const MAX_CLICKABLES = 600;
/** Event types a speech "click" command fires. */
const CLICK_TYPES = new Set(['click', 'dblclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'auxclick']);
const GROUP = 'atcompat-speech';

interface AXValue {
  value?: unknown;
}
export interface AXNode {
  nodeId: string;
  ignored: boolean;
  role?: AXValue;
  name?: AXValue;
  properties?: { name: string; value: AXValue }[];
  backendDOMNodeId?: number;
}
interface FrameTree {
  frame: { id: string };
  childFrames?: FrameTree[];
}

/** What the page tells about a control (see `observeControl`). */
interface ControlFacts {
  frameKey: number;
  target: ElementRef;
  contentText: string;
  labelText: string;
  valueText: string;
  visible: boolean;
  action: string;
}
interface ClickableFacts {
  frameKey: number;
  target: ElementRef;
  role: string | null;
  visible: boolean;
  insideControl: boolean;
  containsControl: boolean;
  documentLevel: boolean;
  backdrop: boolean;
}

/**
 * Speech-input checks: accessible names and roles from Chromium's accessibility tree (CDP
 * `Accessibility.getFullAXTree`, every frame), compared with what the page shows; click
 * listeners from CDP `DOMDebugger.getEventListeners`.
 */
export async function runSpeechChecks(ctx: AuditContext): Promise<FindingDraft[]> {
  const { cdp, page } = ctx;
  await ensureAgent(page); // frames may have appeared since the audit began
  const frames = auditableFrames(page);
  // Each frame's window gets a number, so an element found through CDP can be traced back to its
  // Playwright frame (and so to its frame path) from inside the page.
  await Promise.all(
    frames.map((frame, key) =>
      frame
        .evaluate((k) => {
          Object.defineProperty(window, '__atcompatFrameKey', { value: k, configurable: true, writable: true });
        }, key)
        .catch(() => undefined),
    ),
  );
  try {
    const axNodes = await fullAccessibilityTree(cdp);
    const controls = await observeControls(cdp, axNodes);
    const clickables = await observeClickables(cdp, axNodes);
    const paths = new Map<number, string[]>();
    const locate = async (key: number, target: ElementRef): Promise<ElementRef> => {
      const frame = frames[key];
      if (!frame || frame === page.mainFrame()) return target;
      let path = paths.get(key);
      if (!path) {
        path = await framePath(frame).catch(() => [] as string[]);
        paths.set(key, path);
      }
      return inFrame(target, path);
    };
    for (const control of controls) control.target = await locate(control.frameKey, control.target);
    for (const clickable of clickables) clickable.target = await locate(clickable.frameKey, clickable.target);
    return speechDrafts(controls, clickables);
  } finally {
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup: GROUP }).catch(() => undefined);
  }
}

/** The accessibility tree of every frame CDP can reach from the page, by DOM node. */
export async function fullAccessibilityTree(cdp: CDPSession): Promise<Map<number, AXNode>> {
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: FrameTree };
  const ids: string[] = [];
  const walk = (tree: FrameTree) => {
    ids.push(tree.frame.id);
    tree.childFrames?.forEach(walk);
  };
  walk(frameTree);
  const byNode = new Map<number, AXNode>();
  for (const frameId of ids) {
    // An out-of-process (cross-site) frame is not reachable from this session: skipped.
    const result = (await cdp.send('Accessibility.getFullAXTree', { frameId }).catch(() => ({ nodes: [] }))) as { nodes: AXNode[] };
    for (const node of result.nodes) {
      if (node.backendDOMNodeId !== undefined && !byNode.has(node.backendDOMNodeId)) byNode.set(node.backendDOMNodeId, node);
    }
  }
  return byNode;
}

const text = (value: AXValue | undefined): string => (typeof value?.value === 'string' ? value.value : '');
const isDisabled = (node: AXNode) => node.properties?.some((p) => p.name === 'disabled' && p.value.value === true) ?? false;

/** Runs an in-page function on a DOM node (as `this`), in the node's own frame. */
async function callOn<T>(cdp: CDPSession, backendNodeId: number, fn: string): Promise<T | null> {
  try {
    const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId, objectGroup: GROUP })) as { object: { objectId?: string } };
    if (!object.objectId) return null;
    const { result, exceptionDetails } = (await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: fn,
      returnByValue: true,
    })) as { result: { value?: T }; exceptionDetails?: unknown };
    return exceptionDetails ? null : (result.value ?? null);
  } catch {
    return null; // node gone, or in a frame this session cannot reach
  }
}

/** In batches, so CDP pipelines the calls without flooding the page. */
async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

/** Every control of the accessibility tree, with what the page shows of it (main frame: `frameKey` 0 once set). */
export async function observeControls(cdp: CDPSession, axNodes: Map<number, AXNode>): Promise<(SpeechControl & { frameKey: number })[]> {
  const candidates = [...axNodes.entries()]
    .filter(([, node]) => !node.ignored && SPEECH_CONTROL_ROLES.has(normaliseRole(text(node.role))))
    .slice(0, MAX_CONTROLS);
  const observed = await inBatches(candidates, 50, async ([backendNodeId, node]) => {
    const facts = await callOn<ControlFacts>(cdp, backendNodeId, OBSERVE_CONTROL);
    if (!facts) return null;
    const control: SpeechControl & { frameKey: number } = {
      frameKey: facts.frameKey,
      target: facts.target,
      role: text(node.role),
      name: text(node.name),
      contentText: facts.contentText,
      labelText: facts.labelText,
      ...(facts.valueText ? { valueText: facts.valueText } : {}),
      visible: facts.visible,
      disabled: isDisabled(node),
      action: facts.action,
    };
    return control;
  });
  return observed.filter((c): c is SpeechControl & { frameKey: number } => c !== null);
}

interface Listener {
  type: string;
  backendNodeId?: number;
}

async function observeClickables(cdp: CDPSession, axNodes: Map<number, AXNode>): Promise<(ClickableElement & { frameKey: number })[]> {
  const { result } = (await cdp.send('Runtime.evaluate', { expression: 'document', objectGroup: GROUP })) as { result: { objectId?: string } };
  if (!result.objectId) return [];
  // depth -1 and pierce: every node of the document, its shadow trees and its same-process frames.
  const { listeners } = (await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId, depth: -1, pierce: true })) as {
    listeners: Listener[];
  };
  const events = new Map<number, Set<string>>();
  for (const listener of listeners) {
    if (listener.backendNodeId === undefined || !CLICK_TYPES.has(listener.type)) continue;
    const set = events.get(listener.backendNodeId) ?? new Set<string>();
    set.add(listener.type);
    events.set(listener.backendNodeId, set);
  }
  const nodes = [...events.keys()].slice(0, MAX_CLICKABLES);
  const observed = await inBatches(nodes, 50, async (backendNodeId) => {
    const facts = await callOn<ClickableFacts>(cdp, backendNodeId, OBSERVE_CLICKABLE);
    if (!facts) return null;
    const ax = axNodes.get(backendNodeId);
    const axRole = ax && !ax.ignored ? text(ax.role) : '';
    const clickable: ClickableElement & { frameKey: number } = {
      frameKey: facts.frameKey,
      target: facts.target,
      role: axRole && axRole !== 'generic' && axRole !== 'none' ? axRole : facts.role,
      events: [...events.get(backendNodeId)!],
      visible: facts.visible,
      insideControl: facts.insideControl,
      containsControl: facts.containsControl,
      documentLevel: facts.documentLevel,
      backdrop: facts.backdrop,
    };
    return clickable;
  });
  return observed.filter((c): c is ClickableElement & { frameKey: number } => c !== null);
}

/*
 * In-page functions, called with the element as `this` through CDP `Runtime.callFunctionOn`.
 * They are sent as source text, so they must not use anything from this module.
 */

/** Helpers for the element's visible inner text (W3C ACT definition), pasted into OBSERVE_CONTROL. */
const VISIBLE_INNER_TEXT = `
  const ICON_FONT = /material (icons|symbols)|font ?awesome|glyphicons|icomoon|ionicons|dashicons|(^|[\\s,"'-])icons?([\\s,"'-]|$)/i;
  const BLOCK = /^(block|flex|grid|list-item|table|flow-root|table-caption|-webkit-box)$/;
  const clippedAway = (rect, from) => {
    for (let a = from; a && a !== a.ownerDocument.documentElement; a = a.parentElement || (a.getRootNode() instanceof ShadowRoot ? a.getRootNode().host : null)) {
      const s = getComputedStyle(a);
      if (s.clipPath && s.clipPath !== 'none' && /inset\\(\\s*(50|100)%/.test(s.clipPath)) return true;
      if (s.position === 'absolute' || s.position === 'fixed') {
        if (s.clip && /^rect\\(\\s*(0|1)px[\\s,]+(0|1)px[\\s,]+(0|1)px[\\s,]+(0|1)px\\s*\\)$/.test(s.clip)) return true;
      }
      const clipsX = s.overflowX === 'hidden' || s.overflowX === 'clip';
      const clipsY = s.overflowY === 'hidden' || s.overflowY === 'clip';
      if (clipsX || clipsY) {
        const r = a.getBoundingClientRect();
        const w = Math.min(rect.right, r.right) - Math.max(rect.left, r.left);
        const h = Math.min(rect.bottom, r.bottom) - Math.max(rect.top, r.top);
        if ((clipsX && w <= 1) || (clipsY && h <= 1)) return true;
      }
    }
    return false;
  };
  const textVisible = (node) => {
    const parent = node.parentElement;
    if (!parent) return false;
    const style = getComputedStyle(parent);
    if (style.visibility !== 'visible') return false;
    if (typeof parent.checkVisibility === 'function' && !parent.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    if (ICON_FONT.test(style.fontFamily)) return false; // ligature icons: the text is drawn as a picture
    if (parseFloat(style.fontSize) === 0) return false;
    const color = style.color.match(/rgba?\\(([^)]*)\\)/);
    if (color) { const parts = color[1].split(/[\\s,\\/]+/).filter(Boolean); if (parts.length === 4 && parseFloat(parts[3]) === 0) return false; }
    const range = node.ownerDocument.createRange();
    range.selectNodeContents(node);
    const rect = Array.from(range.getClientRects()).find((r) => r.width > 0 && r.height > 0);
    if (!rect) return false;
    const view = node.ownerDocument.defaultView;
    if (rect.right + view.scrollX <= 0 || rect.bottom + view.scrollY <= 0) return false; // moved off the page
    return !clippedAway(rect, parent);
  };
  const childrenOf = (el) => {
    if (el.shadowRoot) return Array.from(el.shadowRoot.childNodes);
    if (el.localName === 'slot') { const assigned = el.assignedNodes({ flatten: true }); return assigned.length ? assigned : Array.from(el.childNodes); }
    return Array.from(el.childNodes);
  };
  const SKIP = new Set(['script', 'style', 'template', 'noscript', 'head', 'title']);
  const FIELDS = new Set(['input', 'select', 'textarea', 'button', 'datalist', 'option', 'optgroup']);
  const vit = (node, skipFields) => {
    if (node.nodeType === 3) {
      if (!/\\S/.test(node.data)) return node.parentElement && node.parentElement.getClientRects().length ? ' ' : '';
      return textVisible(node) ? node.data.replace(/\\s+/g, ' ') : '';
    }
    if (node.nodeType !== 1) return node.nodeType === 11 ? Array.from(node.childNodes).map((c) => vit(c, skipFields)).join('') : '';
    const el = node;
    if (SKIP.has(el.localName) || (skipFields && FIELDS.has(el.localName))) return '';
    const style = getComputedStyle(el);
    if (style.display === 'none') return '';
    if (el.localName === 'br') return '\\n';
    const inner = childrenOf(el).map((c) => vit(c, skipFields)).join('');
    if (BLOCK.test(style.display) || style.display.startsWith('block')) return '\\n' + inner + '\\n';
    if (style.display === 'table-cell' || style.display === 'table-row') return ' ' + inner + ' ';
    return inner;
  };
  const clean = (s) => s.replace(/\\s+/g, ' ').trim();
`;

/** An expression installing `window.__atcompatVisibleText(element)` in a frame (used by the axe step). */
export const INSTALL_VISIBLE_TEXT = `(() => {
  ${VISIBLE_INNER_TEXT}
  Object.defineProperty(window, '__atcompatVisibleText', { value: (el) => clean(vit(el, false)), configurable: true, writable: true });
})()`;

const OBSERVE_CONTROL = `function () {
  const el = this;
  const win = el.ownerDocument && el.ownerDocument.defaultView;
  const agent = win && win.__atcompat;
  if (!agent || el.nodeType !== 1) return null;
  ${VISIBLE_INNER_TEXT}
  const tag = el.localName;
  const type = (el.getAttribute('type') || '').toLowerCase();
  let valueText = '';
  if (tag === 'input' && ['submit', 'button', 'reset'].includes(type)) {
    valueText = el.hasAttribute('value') ? el.value : type === 'submit' ? 'Submit' : type === 'reset' ? 'Reset' : '';
  }
  const labels = el.labels ? Array.from(el.labels) : [];
  const labelText = clean(labels.map((label) => vit(label, true)).join(' '));
  let action = 'element:' + win.location.href + ' ' + agent.selectorFor(el);
  if ((tag === 'a' || tag === 'area') && el.hasAttribute('href')) action = 'href:' + el.href;
  else if (el.form && ((tag === 'button' && (type === '' || type === 'submit')) || (tag === 'input' && (type === 'submit' || type === 'image')))) {
    action = 'submit:' + agent.selectorFor(el.form) + ':' + (el.getAttribute('name') || '') + ':' + (el.getAttribute('value') || '') + ':' + (el.getAttribute('formaction') || '');
  }
  return {
    frameKey: typeof win.__atcompatFrameKey === 'number' ? win.__atcompatFrameKey : -1,
    target: agent.describe(el),
    contentText: clean(vit(el, false)),
    labelText,
    valueText,
    visible: agent.isVisible(el),
    action,
  };
}`;

const OBSERVE_CLICKABLE = `function () {
  const el = this;
  const win = el.ownerDocument && el.ownerDocument.defaultView;
  const agent = win && win.__atcompat;
  if (!agent || el.nodeType !== 1) return null;
  const CONTROL = 'a[href],area[href],button,input:not([type="hidden"]),select,textarea,summary,label,video[controls],audio[controls],' +
    '[contenteditable]:not([contenteditable="false"]),' +
    ['button','link','checkbox','radio','menuitem','menuitemcheckbox','menuitemradio','option','tab','switch','slider','spinbutton',
     'textbox','searchbox','combobox','listbox','treeitem','gridcell'].map((r) => '[role="' + r + '"]').join(',');
  const parentOf = (n) => n.parentElement || (n.getRootNode() instanceof win.ShadowRoot ? n.getRootNode().host : null);
  let insideControl = false;
  for (let a = parentOf(el); a; a = parentOf(a)) { if (a.matches(CONTROL)) { insideControl = true; break; } }
  const containsControl = Array.from(el.querySelectorAll(CONTROL)).some((c) => agent.isVisible(c)) ||
    (el.shadowRoot ? Array.from(el.shadowRoot.querySelectorAll(CONTROL)).some((c) => agent.isVisible(c)) : false);
  const doc = el.ownerDocument;
  const rect = el.getBoundingClientRect();
  const position = win.getComputedStyle(el).position;
  const backdrop = (position === 'fixed' || position === 'absolute') && rect.width >= win.innerWidth * 0.9 && rect.height >= win.innerHeight * 0.9;
  return {
    frameKey: typeof win.__atcompatFrameKey === 'number' ? win.__atcompatFrameKey : -1,
    target: agent.describe(el),
    role: agent.roleOf(el),
    visible: agent.isVisible(el),
    insideControl,
    containsControl,
    documentLevel: el === doc.documentElement || el === doc.body,
    backdrop,
  };
}`;
