import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../src/driver/browser.js';
import { ensureAgent } from '../src/driver/context.js';

/** The in-page agent, in a real Chromium. */
describe('installAgent', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    page = await browser.newPage();
  });

  afterEach(async () => {
    await page.close();
  });

  const load = async (body: string) => {
    await page.setContent(`<!doctype html><html lang="en"><head><title>t</title></head><body>${body}</body></html>`);
    await ensureAgent(page);
  };

  it('gives every element a selector that finds exactly that element', async () => {
    await load(`
      <div id="a"><p>one</p><p>two <span>x</span></p></div>
      <ul><li><a href="#1">A</a></li><li><a href="#2">B</a></li></ul>
      <input name="q"><div id="dup"></div><div id="dup"></div><div id="1weird:id"></div>`);
    const results = await page.evaluate(() =>
      Array.from(document.querySelectorAll('body *')).map((el) => {
        const selector = window.__atcompat!.selectorFor(el);
        const found = document.querySelectorAll(selector);
        return { selector, unique: found.length === 1 && found[0] === el };
      }),
    );
    expect(results.filter((r) => !r.unique)).toEqual([]);
    expect(results.map((r) => r.selector)).toEqual(expect.arrayContaining(['#a', 'input[name="q"]']));
  });

  it('lists tabbable elements by their semantics', async () => {
    await load(`
      <a id="link" href="#x">link</a>
      <a id="no-href">no href</a>
      <button id="btn">b</button>
      <button id="disabled" disabled>d</button>
      <fieldset disabled><legend><button id="in-legend">l</button></legend><input id="in-fieldset"></fieldset>
      <input id="hidden-input" type="hidden">
      <div id="div0" tabindex="0">div</div>
      <div id="div-1" tabindex="-1">div</div>
      <span id="display-none" style="display:none"><button>x</button></span>
      <div inert><button id="inert">i</button></div>
      <details><summary id="summary">more</summary><button id="in-details">x</button></details>
      <div id="editable" contenteditable>edit</div>`);
    const ids = await page.evaluate(() => window.__atcompat!.tabbables().map((el) => el.id || el.localName));
    expect(ids).toEqual(['link', 'btn', 'in-legend', 'div0', 'summary', 'editable']);
    const focusable = await page.evaluate(() => window.__atcompat!.isFocusable(document.getElementById('div-1')!));
    expect(focusable).toBe(true);
  });

  it('describes an element for reports: role, text, snippet and box', async () => {
    await load(`<div style="margin: 20px"><div id="save" class="btn" onclick="void 0" style="width:100px;height:30px">Save note</div></div>`);
    const ref = await page.evaluate(() => window.__atcompat!.describe(document.getElementById('save')!));
    expect(ref).toMatchObject({ selector: '#save', tag: 'div', role: null, text: 'Save note' });
    expect(ref.html).toBe('<div id="save" class="btn" onclick="void 0" style="width:100px;height:30px">Save note</div>');
    expect(ref.box).toEqual({ x: 28, y: 20, width: 100, height: 30 });
    const role = await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'checkbox';
      document.body.append(input);
      return window.__atcompat!.roleOf(input);
    });
    expect(role).toBe('checkbox');
  });
});
