import { applyBaseline, createBaseline } from '../baseline.js';
import { finding, journey, page, report, sampleReport } from './__fixtures__/reports.js';
import { evaluateGate } from './gate.js';
import { formatHtml, htmlEscape } from './html.js';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function htmlOf(r = sampleReport()) {
  return formatHtml(r, evaluateGate(r));
}

describe(formatHtml.name, () => {
  it('is one self-contained document: language, title, inline CSS, no scripts, no external resources', () => {
    const html = htmlOf();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toMatch(/<title>Failed: atcompat accessibility report for casework 2\.3\.0<\/title>/);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link |@import|url\(/i);
    expect(html).not.toMatch(/<img[^>]+src="(?!data:)/);
  });

  it('has landmarks and a heading hierarchy without skipped levels', () => {
    const html = htmlOf();
    expect(html.match(/<main[ >]/g)).toHaveLength(1);
    expect(html).toMatch(/<header[ >]/);
    expect(html).toMatch(/<footer[ >]/);
    const levels = [...html.matchAll(/<h([1-6])[ >]/g)].map((m) => Number(m[1]));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => i > 0 && expect(level).toBeLessThanOrEqual(levels[i - 1]! + 1));
  });

  it('gives every table a caption and header cells', () => {
    const html = htmlOf();
    const tables = html.match(/<table>[\s\S]*?<\/table>/g)!;
    expect(tables.length).toBe(3); // the summary and one per page
    for (const table of tables) {
      expect(table).toMatch(/^<table><caption>[^<]+<\/caption><thead><tr><th scope="col">/);
      expect(table).toMatch(/<th scope="row">/);
    }
  });

  it('shows the verdict per profile in words, not only colour', () => {
    const html = htmlOf();
    expect(html).toContain('<tr><th scope="row">Speech recognition</th><td><span class="tag tag-blocked">Blocked</span></td><td class="num">3</td></tr>');
    expect(html).toContain('<span class="tag tag-fails">Fails the check</span> <span class="tag tag-critical">Impact: critical</span>');
  });

  it('groups findings by page, then rule, with the plain-English message, selector and escaped HTML', () => {
    const html = htmlOf();
    const page1 = html.indexOf('<h2 id="page-1">Page 1: Case 1042 – Casework</h2>');
    const page2 = html.indexOf('<h2 id="page-2">');
    const rule = html.indexOf('<h3>Control only works with a mouse <span class="muted">(keyboard/mouse-only-control)</span></h3>');
    expect(page1).toBeGreaterThan(0);
    expect(rule).toBeGreaterThan(page1);
    expect(rule).toBeLessThan(page2);
    expect(html).toContain('<h4>1.1 Element <code>#save</code></h4>');
    expect(html).toContain('<p>&quot;Save case&quot; responds to click but can never receive keyboard focus.</p>');
    expect(html).toContain('<pre><code>&lt;div class=&quot;btn btn-primary&quot; id=&quot;save&quot;&gt;Save case&lt;/div&gt;</code></pre>');
    expect(html).toContain('WCAG: 2.1.1 Keyboard (level A).');
  });

  it('links each rule once, with a link text unique in the document', () => {
    const html = htmlOf();
    const links = [...html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => ({ href: m[1]!, text: m[2]! }));
    const texts = links.map((l) => l.text);
    expect(new Set(texts).size).toBe(texts.length);
    expect(links).toContainEqual({ href: 'https://www.w3.org/WAI/WCAG22/Understanding/keyboard.html', text: 'More about “Control only works with a mouse”' });
    expect(links).toContainEqual({ href: '#page-2', text: 'Page 2: Record a note – Case 1042 – Casework' });
  });

  it('embeds data: screenshots with a text alternative and never loads anything else', () => {
    const r = report([page([finding({ selector: '#save', screenshot: PNG }), finding({ screenshot: 'screenshots/x.png' }), finding({ screenshot: 'javascript:alert(1)' })])]);
    const html = htmlOf(r);
    expect(html).toContain(`<img src="${PNG}" alt="Screenshot of the element #save as it appeared on the page">`);
    expect(html.match(/<img /g)).toHaveLength(1);
    expect(html).toContain('Screenshot file: <code>screenshots/x.png</code>');
    expect(html).not.toContain('src="javascript:');
  });

  it('escapes everything that comes from the page', () => {
    const evil = '<script>alert("x")</script>';
    const r = report([page([finding({ selector: `a[title='${evil}']`, html: evil, message: evil })], { title: evil, url: 'http://127.0.0.1/?q=<x>' })]);
    const html = htmlOf(r);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('reports a baseline, a clean page and a page that could not be audited', () => {
    const original = report([page([finding()]), page([]), page([], { error: 'The server answered 500 Internal Server Error.' })]);
    const r = applyBaseline(original, createBaseline(original), 'b.json');
    const html = htmlOf(r);
    expect(html).toContain('<span class="tag tag-accepted">Accepted in the baseline</span>');
    expect(html).toContain('b.json: 1 accepted finding, 1 of them found in this run');
    expect(html).toContain('<p>The automated checks found no barriers on this page.</p>');
    expect(html).toContain('<p><strong>This page could not be audited.</strong> The server answered 500 Internal Server Error.</p>');
    expect(html).toMatch(/<title>Passed: /);
  });
});

describe(`${formatHtml.name} with journeys`, () => {
  it('gives each journey a section heading and its steps as an ordered list, every status in words', () => {
    const html = htmlOf();
    const section = html.slice(html.indexOf('<h2 id="journeys">Journeys</h2>'), html.indexOf('<h2 id="page-1">'));
    expect(section.length).toBeGreaterThan(0);
    expect(section).toContain('<h3 id="journey-1">Journey 1: record a note</h3>');
    expect(section).toContain('<dt>Done with</dt><dd>keyboard only</dd>');
    expect(section).toContain('<dt>Result</dt><dd><span class="tag tag-journey-fails">Fails the check</span> blocked at step 3 of 4</dd>');
    expect(section).toContain('<h4>Steps of journey 1</h4><ol class="steps">');
    expect(section.match(/<li class="step /g)).toHaveLength(7);
    expect(section).toContain('<p><span class="tag tag-step-passed">Passed</span> open case 1042</p><p>Keys pressed: Tab 3 times, Enter</p>');
    expect(section).toContain(
      '<li class="step step-blocked"><p><span class="tag tag-step-blocked">Blocked</span> activate &#39;Save case&#39;</p>' +
        '<p>not reachable with the keyboard: &quot;Save case&quot; (#save) never receives focus after 40 Tab presses</p>' +
        '<p class="muted">This is the step that stopped the journey.</p></li>',
    );
    expect(section).toContain('<span class="tag tag-step-skipped">Skipped</span> see the confirmation</p><p>an earlier step was blocked</p>');
    expect(section).toContain('<h3 id="journey-2">Journey 2: find a case</h3>');
    expect(section).toContain('<span class="tag tag-journey-passed">Passed</span> passed (3 steps)');
  });

  it('lists the journeys in the summary with links whose names are unique, and counts them', () => {
    const html = htmlOf();
    expect(html).toContain('<h3>Journeys</h3>\n<ol><li><a href="#journey-1">Journey 1: record a note</a> (keyboard only: blocked)</li><li><a href="#journey-2">Journey 2: find a case</a> (speech input: passed)</li></ol>');
    expect(html).toContain('<dt>Journeys</dt><dd>2 run, 1 passed</dd>');
    const texts = [...html.matchAll(/<a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('fails the report for a blocked journey alone, and escapes step names and reasons', () => {
    const evil = '<script>alert(1)</script>';
    const r = report([page([])], [journey([{ name: evil, status: 'blocked', reason: evil }], { name: evil })]);
    const html = htmlOf(r);
    expect(html).toMatch(/<title>Failed: /);
    expect(html).toContain('Failed: 1 journey did not pass (no findings at or above');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<h3 id="journey-1">Journey 1: &lt;script&gt;alert(1)&lt;/script&gt;</h3>');
  });

  it('has no journey section when there are no journeys', () => {
    const html = htmlOf(report([page([])]));
    expect(html).not.toContain('id="journeys"');
    expect(html).not.toContain('<h3>Journeys</h3>');
  });
});

describe(htmlEscape.name, () => {
  it('escapes the HTML specials', () => {
    expect(htmlEscape(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
