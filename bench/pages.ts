/**
 * Deterministic benchmark pages: realistic public-sector pages of varied size (forms, tables,
 * navigation, some barriers), and pages with a set number of focusable elements for the growth
 * benchmark. The same seed always writes the same files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** mulberry32: a small seeded PRNG, so every run scans the same pages. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'case note claim benefit payment appeal review address record officer team district account report request decision letter evidence hearing schedule'.split(' ');

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { font-family: Arial, sans-serif; margin: 0; line-height: 1.4; }
  header, footer { background: #0b0c0c; color: #fff; padding: 8px 16px; }
  header a, footer a { color: #fff; margin-right: 12px; }
  main { padding: 16px; max-width: 960px; }
  table { border-collapse: collapse; width: 100%; }
  td, th { border: 1px solid #b1b4b6; padding: 4px 8px; text-align: left; }
  .btn { display: inline-block; background: #00703c; color: #fff; padding: 6px 12px; cursor: pointer; }
  .faint { color: #bbb; }
  label { display: block; margin-top: 8px; }
</style></head>
<body>${body}</body></html>
`;
}

/** Writes `count` varied pages into `dir` (page-01.html …); returns their file names. */
export function writeVariedPages(dir: string, count = 50, seed = 20261201): string[] {
  mkdirSync(dir, { recursive: true });
  const random = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    // Sizes from small to large: a few sections up to forty.
    const sections = 2 + Math.floor(random() ** 2 * 38);
    const barriers = random() < 0.4;
    const parts: string[] = [];
    const navLinks = 4 + Math.floor(random() * 12);
    parts.push(`<header><a href="#main" class="skip">Skip to main content</a><nav aria-label="Main">${Array.from({ length: navLinks }, (_, n) => `<a href="page-${String(((i + n) % count) + 1).padStart(2, '0')}.html">${words(2)}</a>`).join('')}</nav></header>`);
    parts.push(`<main id="main"><h1>${words(3)} ${i}</h1>`);
    for (let s = 0; s < sections; s++) {
      const kind = pick(['text', 'form', 'table', 'list', 'details'] as const);
      parts.push(`<h2>${words(3)}</h2>`);
      if (kind === 'text') parts.push(`<p>${words(30 + Math.floor(random() * 60))}</p>`);
      if (kind === 'form') {
        const fields = 2 + Math.floor(random() * 8);
        const inputs = Array.from({ length: fields }, (_, f) => {
          const id = `f${s}-${f}`;
          // Some barriers: a field without a label, a button only a mouse can press.
          if (barriers && f === 0) return `<input id="${id}" placeholder="${words(2)}">`;
          return pick([
            `<label for="${id}">${words(2)}</label><input id="${id}" name="${id}">`,
            `<label for="${id}">${words(2)}</label><select id="${id}"><option>${words(1)}</option><option>${words(1)}</option></select>`,
            `<fieldset><legend>${words(2)}</legend><label><input type="radio" name="${id}"> Yes</label><label><input type="radio" name="${id}"> No</label></fieldset>`,
            `<label for="${id}">${words(2)}</label><textarea id="${id}"></textarea>`,
          ]);
        }).join('');
        const submit = barriers && random() < 0.5 ? `<div class="btn" onclick="this.textContent='Saved'">Save ${words(1)}</div>` : `<button type="submit">Save ${words(1)}</button>`;
        parts.push(`<form onsubmit="return false">${inputs}${submit}</form>`);
      }
      if (kind === 'table') {
        const rows = 3 + Math.floor(random() * 30);
        parts.push(`<table><caption>${words(3)}</caption><thead><tr><th scope="col">Reference</th><th scope="col">${words(1)}</th><th scope="col">${words(1)}</th><th scope="col">Action</th></tr></thead><tbody>${Array.from({ length: rows }, (_, r) => `<tr><td>${i}-${s}-${r}</td><td>${words(2)}</td><td${barriers && r === 0 ? ' class="faint"' : ''}>${words(3)}</td><td><a href="#r${s}-${r}">View<span class="visually-hidden"> ${i}-${s}-${r}</span></a></td></tr>`).join('')}</tbody></table>`);
      }
      if (kind === 'list') parts.push(`<ul>${Array.from({ length: 3 + Math.floor(random() * 12) }, () => `<li><a href="#${pick(WORDS)}">${words(3)}</a></li>`).join('')}</ul>`);
      if (kind === 'details') parts.push(`<details><summary>${words(3)}</summary><p>${words(25)}</p></details>`);
    }
    if (barriers) parts.push(`<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40">`);
    parts.push(`</main><footer><a href="#">Accessibility statement</a><a href="#">Cookies</a></footer>`);
    const file = `page-${String(i).padStart(2, '0')}.html`;
    writeFileSync(path.join(dir, file), page(`${words(3)} ${i}`, parts.join('\n')));
    files.push(file);
  }
  return files;
}

/** A page with exactly `n` focusable elements (links, buttons and fields in turn), laid out as a long form. */
export function writeFocusablePage(dir: string, n: number): string {
  mkdirSync(dir, { recursive: true });
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 3;
    if (kind === 0) items.push(`<li><a href="#item-${i}">Item ${i}</a></li>`);
    else if (kind === 1) items.push(`<li><button type="button">Action ${i}</button></li>`);
    else items.push(`<li><label for="field-${i}">Field ${i}</label> <input id="field-${i}"></li>`);
  }
  const file = `focusable-${n}.html`;
  writeFileSync(
    path.join(dir, file),
    page(`${n} focusable elements`, `<main><h1>${n} focusable elements</h1><ul style="list-style:none;padding:0">${items.join('\n')}</ul></main>`),
  );
  return file;
}
