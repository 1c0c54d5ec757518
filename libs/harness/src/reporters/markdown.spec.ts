import { applyBaseline, createBaseline } from '../baseline.js';
import { finding, page, report, sampleReport } from './__fixtures__/reports.js';
import { evaluateGate } from './gate.js';
import { formatMarkdown, mdCode, mdText } from './markdown.js';

describe(formatMarkdown.name, () => {
  it('leads with the outcome and a verdict table per profile', () => {
    const r = sampleReport();
    const md = formatMarkdown(r, evaluateGate(r));
    expect(md).toMatch(/^## atcompat: failed\n\n\*\*Failed: 6 findings at or above "serious" for all AT profiles\.\*\*/);
    expect(md).toContain('| Assistive-technology profile | Verdict | Findings |');
    expect(md).toContain('| Speech recognition (`speech`) | **blocked** | 3 |');
    expect(md).toContain('| Reading and literacy support (`literacy`) | pass | 0 |');
  });

  it('lists the top findings, failing ones first, and the counts by rule and impact', () => {
    const r = sampleReport();
    const md = formatMarkdown(r, evaluateGate(r), { topFindings: 3 });
    expect(md).toContain('### Top findings (3 of 7)');
    const rows = md.split('\n').filter((l) => /^\| (critical|serious|moderate|minor) \|/.test(l));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^\| critical \| Control only works with a mouse \(`keyboard\/mouse-only-control`\) \| 1\. Case 1042 – Casework \| `#save` \|/);
    expect(md).toContain('| Content does not reflow (`zoom/reflow`) | 1 |');
    expect(md).toContain('By impact: critical 1, serious 5, moderate 0, minor 1.');
  });

  it('reports a baseline and pages that could not be audited', () => {
    const original = report([page([finding()]), page([], { url: 'http://127.0.0.1:9/', error: 'The server answered 503 Service Unavailable.' })]);
    const r = applyBaseline(original, createBaseline(original), 'b.json');
    const md = formatMarkdown(r, evaluateGate(r));
    expect(md).toMatch(/^## atcompat: passed/);
    expect(md).toContain('1 accepted in the baseline (b.json)');
    expect(md).toContain('### Pages that could not be audited\n\n- `http://127.0.0.1:9/`: The server answered 503 Service Unavailable.');
  });

  it('cannot be broken by what pages contain', () => {
    const r = report([page([finding({ selector: 'td:nth-child(2) | a`x`', message: 'Click <b>here</b> | *now*\nplease' })])]);
    const row = formatMarkdown(r, evaluateGate(r)).split('\n').find((l) => l.startsWith('| critical'))!;
    // Seven cell borders: six columns, none added by the content.
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(8);
    expect(row).toContain("`td:nth-child(2) \\| a'x'`");
    expect(row).toContain('Click &lt;b&gt;here&lt;/b&gt; \\| \\*now\\* please');
  });
});

describe(mdText.name, () => {
  it('escapes HTML and Markdown specials', () => {
    expect(mdText('<img> & [link](x) _a_')).toBe('&lt;img&gt; &amp; \\[link\\](x) \\_a\\_');
    expect(mdCode('a|b')).toBe('`a\\|b`');
  });
});
