import { applyBaseline, createBaseline } from '../baseline.js';
import { finding, journey, page, report, sampleReport } from './__fixtures__/reports.js';
import { evaluateGate } from './gate.js';
import { formatMarkdown, mdCode, mdText } from './markdown.js';

describe(formatMarkdown.name, () => {
  it('leads with the outcome and a verdict table per profile', () => {
    const r = sampleReport();
    const md = formatMarkdown(r, evaluateGate(r));
    expect(md).toMatch(/^## atcompat: failed\n\n\*\*Failed: 6 findings at or above "serious" for all AT profiles, and 1 journey did not pass\.\*\*/);
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

  it('gives each journey a heading and a table of its steps, with why a step did not pass and the keys pressed', () => {
    const r = sampleReport();
    const md = formatMarkdown(r, evaluateGate(r));
    expect(md).toContain('### Journeys\n\n#### Journey 1: record a note (keyboard only)\n\nResult: **blocked at step 3 of 4**.\n\n| Step | What | Result | Why | Keys pressed |\n| ---: | --- | --- | --- | --- |\n');
    expect(md).toContain('| 1 | open case 1042 | passed |  | Tab 3 times, Enter |');
    expect(md).toContain("| 3 | activate 'Save case' | **blocked** | not reachable with the keyboard: \"Save case\" (\\#save) never receives focus after 40 Tab presses |  |");
    expect(md).toContain('| 4 | see the confirmation | skipped | an earlier step was blocked |  |');
    expect(md).toContain('#### Journey 2: find a case (speech input)\n\nResult: passed (3 steps).');
    expect(md.indexOf('### Journeys')).toBeLessThan(md.indexOf('### Top findings'));
  });

  it('keeps journey tables intact whatever the step names hold', () => {
    const r = report([page([])], [journey([{ name: 'type | into *notes*', status: 'blocked', reason: 'a <b>|</b> c' }], { name: 'x | y', mode: 'speech' })]);
    const md = formatMarkdown(r, evaluateGate(r, { failOn: 'serious', profiles: ['keyboard'] }));
    const row = md.split('\n').find((l) => l.startsWith('| 1 |'))!;
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(7);
    expect(md).toContain('Result: blocked at step 1 of 1, not in the selected profiles.');
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
