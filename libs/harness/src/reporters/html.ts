/**
 * A self-contained HTML report: one file, inline CSS, no JavaScript, screenshots as data: URIs.
 * It is read by the people atcompat serves, so it must itself pass atcompat: a language, a title,
 * landmarks, one heading hierarchy, tables with captions and header cells, strong contrast and a
 * visible focus style, words next to every colour, content that reflows at 320 CSS px, and every
 * link with a name unique in the document (so that "click <name>" in speech software is never
 * ambiguous).
 */
import {
  AT_PROFILES,
  IMPACTS,
  PROFILE_INFO,
  WCAG_CRITERIA,
  getRule,
  summarise,
  type AtcompatReport,
  type Finding,
  type PageResult,
  type ProfileSummary,
  type AtProfile,
} from '@atcompat/contracts';
import type { FindingStatus, GateResult, GatedFinding, GatedJourney } from './gate.js';
import {
  AUTOMATED_CAVEAT,
  JOURNEY_MODE_WORDS,
  journeyOutcome,
  journeyWord,
  keysPhrase,
  notCountedPhrase,
  outcomeSentence,
  plural,
  profilesPhrase,
  ruleTitle,
  stepReason,
} from './text.js';

/** Escapes text for HTML content and attribute values. */
export function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const e = htmlEscape;

// Colours meet WCAG AA (most AAA) on white; every coloured tag also says its meaning in words.
const CSS = `
*,*::before,*::after{box-sizing:border-box}
html{color-scheme:light;-webkit-text-size-adjust:100%}
body{margin:0;background:#fff;color:#0b0c0c;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1rem;line-height:1.5;overflow-wrap:anywhere}
.wrap{max-width:64rem;margin:0 auto;padding:0 1rem}
.site-header{background:#0b0c0c;color:#fff}
.site-header p{margin:0;padding:.75rem 0;font-weight:700;font-size:1.125rem}
main{padding:1.5rem 0 2rem}
h1{font-size:2rem;line-height:1.2;margin:0 0 1rem}
h2{font-size:1.5rem;line-height:1.25;margin:2.5rem 0 1rem;padding-top:1rem;border-top:2px solid #0b0c0c}
h3{font-size:1.25rem;line-height:1.3;margin:2rem 0 .5rem}
h4{font-size:1.0625rem;margin:0 0 .25rem}
p{margin:0 0 1rem}
a{color:#1d70b8;text-decoration:underline;text-underline-offset:.15em}
a:visited{color:#4c2c92}
a:hover{color:#003078;text-decoration-thickness:3px}
a:focus{outline:3px solid transparent;color:#0b0c0c;background-color:#ffdd00;box-shadow:0 -2px #ffdd00,0 4px #0b0c0c;text-decoration:none}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9375rem}
code{background:#f3f2f1;padding:0 .2em}
pre{white-space:pre-wrap;background:#f3f2f1;border-left:4px solid #505a5f;padding:.5rem .75rem;margin:0 0 1rem}
pre code{background:none;padding:0}
table{border-collapse:collapse;margin:0 0 2rem;width:100%;overflow-wrap:normal}
caption{text-align:left;font-weight:700;font-size:1.125rem;padding-bottom:.5rem}
th,td{text-align:left;vertical-align:top;padding:.5rem 1rem .5rem 0;border-bottom:1px solid #b1b4b6}
thead th{border-bottom:2px solid #0b0c0c}
td.num,th.num{text-align:right}
dl.facts{display:grid;grid-template-columns:minmax(6rem,max-content) 1fr;gap:.25rem 1rem;margin:0 0 1.5rem}
dl.facts dt{font-weight:700}
dl.facts dd{margin:0}
.outcome{border:4px solid #0b0c0c;padding:1rem;font-size:1.1875rem}
.outcome-failed,.outcome-error{border-color:#942514}
.outcome-passed{border-color:#00703c}
.caveat{color:#484949;border-left:4px solid #505a5f;padding-left:.75rem}
.tag{display:inline-block;padding:0 .4rem;border:2px solid transparent;font-weight:700;line-height:1.5}
.tag-blocked,.tag-fails,.tag-critical{background:#942514;color:#fff}
.tag-barriers,.tag-serious{background:#ffdd00;color:#0b0c0c;border-color:#0b0c0c}
.tag-pass{background:#00703c;color:#fff}
.tag-moderate,.tag-minor,.tag-accepted,.tag-below-threshold,.tag-other-profile{background:#f3f2f1;color:#0b0c0c;border-color:#505a5f}
.tag-step-blocked,.tag-step-failed,.tag-journey-fails{background:#942514;color:#fff}
.tag-step-passed,.tag-journey-passed{background:#00703c;color:#fff}
.tag-step-ambiguous{background:#ffdd00;color:#0b0c0c;border-color:#0b0c0c}
.tag-step-skipped,.tag-journey-other-profile{background:#f3f2f1;color:#0b0c0c;border-color:#505a5f}
.journey{margin-bottom:2rem}
.steps{margin:0 0 1rem;padding-left:2rem}
.step{border-left:5px solid #b1b4b6;padding:.25rem 0 .25rem .75rem;margin:0 0 1rem}
.step-blocked,.step-failed{border-left-color:#942514}
.step p{margin:0 0 .25rem}
.rule{margin-bottom:2rem}
.findings{list-style:none;margin:0;padding:0}
.finding{border-left:5px solid #b1b4b6;padding:.5rem 0 .5rem 1rem;margin:0 0 1.5rem}
.finding-fails{border-left-color:#942514}
.finding dl{margin:0 0 .5rem}
.finding dt{font-weight:700}
.finding dd{margin:0 0 .5rem}
figure{margin:0 0 .5rem}
img{max-width:100%;height:auto;border:1px solid #505a5f}
.muted{color:#484949}
.site-footer{border-top:1px solid #b1b4b6;color:#484949;padding:1rem 0 2rem}
@media (max-width:30em){th,td{padding-right:.5rem}.tag{padding:0 .25rem}h1{font-size:1.75rem}}
@media (forced-colors:active){.tag{border-color:CanvasText}.outcome{border-color:CanvasText}}
`;

const STATUS_LABEL: Record<FindingStatus, string> = {
  fails: 'Fails the check',
  accepted: 'Accepted in the baseline',
  'other-profile': 'Not in the selected profiles',
  'below-threshold': 'Below the threshold',
};

const VERDICT_LABEL = { pass: 'Pass', barriers: 'Barriers', blocked: 'Blocked' } as const;

function verdictTable(caption: string, profiles: Partial<Record<AtProfile, ProfileSummary>>): string {
  const rows = AT_PROFILES.filter((p) => profiles[p]).map((p) => {
    const entry = profiles[p]!;
    return (
      `<tr><th scope="row">${e(PROFILE_INFO[p].title)}</th>` +
      `<td><span class="tag tag-${entry.verdict}">${VERDICT_LABEL[entry.verdict]}</span></td>` +
      `<td class="num">${entry.findings}</td></tr>`
    );
  });
  return (
    `<table><caption>${e(caption)}</caption>` +
    '<thead><tr><th scope="col">Assistive-technology profile</th><th scope="col">Verdict</th><th scope="col" class="num">Findings</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

/** "Title (rule/id)", or just the id when the rule has no title of its own. */
function ruleName(rule: string, title: string): string {
  return title === rule ? e(rule) : `${e(title)} <span class="muted">(${e(rule)})</span>`;
}

function wcagText(criteria: readonly string[]): string {
  if (!criteria.length) return 'advisory: no WCAG success criterion requires it';
  return criteria
    .map((c) => {
      const sc = WCAG_CRITERIA[c];
      return sc ? `${c} ${sc.title} (level ${sc.level})` : c;
    })
    .join('; ');
}

function profilesText(profiles: readonly AtProfile[]): string {
  return profiles.map((p) => PROFILE_INFO[p]?.title ?? p).join(', ');
}

function screenshot(finding: Finding): string {
  if (!finding.screenshot) return '';
  if (/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/.test(finding.screenshot)) {
    return (
      `<figure><img src="${e(finding.screenshot)}" alt="Screenshot of the element ${e(finding.selector)} as it appeared on the page">` +
      '<figcaption class="muted">Screenshot taken during the audit.</figcaption></figure>'
    );
  }
  // A path relative to the report: not embeddable without reading files; name it instead.
  return `<p class="muted">Screenshot file: <code>${e(finding.screenshot)}</code></p>`;
}

function findingItem(pageNumber: number, n: number, { finding, status }: GatedFinding): string {
  return (
    `<li class="finding finding-${status}">` +
    `<h4>${pageNumber}.${n} Element <code>${e(finding.selector)}</code></h4>` +
    `<p><span class="tag tag-${status}">${STATUS_LABEL[status]}</span> <span class="tag tag-${finding.impact}">Impact: ${finding.impact}</span></p>` +
    `<p>${e(finding.message)}</p>` +
    '<dl>' +
    `<dt>HTML</dt><dd><pre><code>${e(finding.html || '(none)')}</code></pre></dd>` +
    `<dt>Affects</dt><dd>${e(profilesText(finding.profiles))}</dd>` +
    `<dt>Fingerprint</dt><dd><code>${e(finding.fingerprint)}</code></dd>` +
    '</dl>' +
    screenshot(finding) +
    '</li>'
  );
}

function pageSection(page: PageResult, index: number, findings: GatedFinding[]): string {
  const number = index + 1;
  const heading = `Page ${number}: ${page.title || page.url}`;
  const out: string[] = [`<section><h2 id="page-${number}">${e(heading)}</h2>`];
  out.push(
    '<dl class="facts">' +
      `<dt>Address</dt><dd><code>${e(page.url)}</code></dd>` +
      `<dt>State</dt><dd>${e(page.state)}</dd>` +
      `<dt>Findings</dt><dd>${page.error !== undefined ? 'none: the page could not be audited' : findings.length}</dd>` +
      '</dl>',
  );
  if (page.error !== undefined) {
    out.push(`<p><strong>This page could not be audited.</strong> ${e(page.error)}</p></section>`);
    return out.join('');
  }
  if (!findings.length) {
    out.push('<p>The automated checks found no barriers on this page.</p></section>');
    return out.join('');
  }
  out.push(verdictTable(`Verdicts for page ${number}`, summarise([page], []).profiles));

  // Group by rule; groups with failing findings first, then by their most severe finding.
  const groups = new Map<string, GatedFinding[]>();
  for (const f of findings) groups.set(f.finding.rule, [...(groups.get(f.finding.rule) ?? []), f]);
  const rank = (list: GatedFinding[]) =>
    (list.some((f) => f.status === 'fails') ? 0 : 10) + Math.min(...list.map((f) => IMPACTS.indexOf(f.finding.impact)));
  const ordered = [...groups.entries()].sort((a, b) => rank(a[1]) - rank(b[1]));
  let n = 0;
  for (const [rule, list] of ordered) {
    const first = list[0]!.finding;
    const known = getRule(rule);
    const title = ruleTitle(rule, first);
    const help = known?.help ?? first.help;
    out.push(
      '<div class="rule">' +
        `<h3>${ruleName(rule, title)}</h3>` +
        `<p>${e(plural(list.length, 'element'))}. WCAG: ${e(wcagText(known?.wcag ?? first.wcag))}.</p>` +
        (help && help !== title ? `<p>${e(help)}</p>` : '') +
        `<ol class="findings">${list.map((f) => findingItem(number, ++n, f)).join('')}</ol>` +
        '</div>',
    );
  }
  out.push('</section>');
  return out.join('');
}

const STEP_LABEL = { passed: 'Passed', blocked: 'Blocked', failed: 'Failed', skipped: 'Skipped', ambiguous: 'Ambiguous' } as const;

const JOURNEY_GATE_LABEL: Record<GatedJourney['status'], string> = {
  passed: 'Passed',
  fails: 'Fails the check',
  'other-profile': 'Not in the selected profiles',
};

function journeyTitle({ journey, journeyIndex }: GatedJourney): string {
  return `Journey ${journeyIndex + 1}: ${journey.name}`;
}

/** One journey: a heading, what happened, and its steps as an ordered list with each status in words. */
function journeyBlock(gated: GatedJourney): string {
  const { journey, journeyIndex, status } = gated;
  const number = journeyIndex + 1;
  const steps = journey.steps.map((step, i) => {
    const label = STEP_LABEL[step.status] ?? step.status;
    return (
      `<li class="step step-${e(step.status)}">` +
      `<p><span class="tag tag-step-${e(step.status)}">${e(label)}</span> ${e(step.name)}</p>` +
      (step.status !== 'passed' ? `<p>${e(stepReason(step))}</p>` : '') +
      (step.keys?.length ? `<p>Keys pressed: ${e(keysPhrase(step.keys))}</p>` : '') +
      (i === gated.stoppedAt?.stepIndex ? '<p class="muted">This is the step that stopped the journey.</p>' : '') +
      '</li>'
    );
  });
  return (
    `<div class="journey"><h3 id="journey-${number}">${e(journeyTitle(gated))}</h3>` +
    '<dl class="facts">' +
    `<dt>Done with</dt><dd>${e(JOURNEY_MODE_WORDS[journey.mode] ?? journey.mode)}</dd>` +
    `<dt>Result</dt><dd><span class="tag tag-journey-${status}">${JOURNEY_GATE_LABEL[status]}</span> ${e(journeyOutcome(gated))}</dd>` +
    '</dl>' +
    (journey.steps.length
      ? `<h4>Steps of journey ${number}</h4><ol class="steps">${steps.join('')}</ol>`
      : '<p>This journey has no steps.</p>') +
    '</div>'
  );
}

function journeysSection(gate: GateResult): string {
  const journeys = gate.journeys ?? [];
  if (!journeys.length) return '';
  return (
    '<section><h2 id="journeys">Journeys</h2>' +
    '<p>Each journey is a task atcompat did the way a person using the keyboard alone, or speech input, would do it.</p>' +
    `${journeys.map(journeyBlock).join('')}</section>`
  );
}

/** The rules used in the report, each with one link (its name is unique: it carries the rule's title). */
function rulesSection(report: AtcompatReport): string {
  const seen = new Map<string, Finding>();
  for (const page of report.pages) for (const f of page.findings) if (!seen.has(f.rule)) seen.set(f.rule, f);
  if (!seen.size) return '';
  const names = new Set<string>();
  const items = [...seen.entries()].map(([rule, f]) => {
    const known = getRule(rule);
    const title = ruleTitle(rule, f);
    const url = known?.helpUrl ?? f.helpUrl;
    let linkText = `More about “${title}”`;
    if (names.has(linkText)) linkText = `More about “${title}” (${rule})`;
    names.add(linkText);
    return (
      `<dt>${ruleName(rule, title)}</dt>` +
      `<dd><p>${e(known?.description ?? f.help ?? rule)}</p>` +
      `<p>WCAG: ${e(wcagText(known?.wcag ?? f.wcag))}. Affects: ${e(profilesText(known?.profiles ?? f.profiles))}.</p>` +
      (url && /^https?:\/\//.test(url) ? `<p><a href="${e(url)}">${e(linkText)}</a></p>` : '') +
      '</dd>'
    );
  });
  return `<section><h2 id="rules">Rules in this report</h2><dl>${items.join('')}</dl></section>`;
}

/** The self-contained HTML report for a report under a gate. */
export function formatHtml(report: AtcompatReport, gate: GateResult): string {
  const system = [report.run.target?.system, report.run.target?.release].filter(Boolean).join(' ');
  const outcomeClass = gate.allPagesErrored ? 'error' : gate.passed ? 'passed' : 'failed';
  const outcomeWord = gate.allPagesErrored ? 'Error' : gate.passed ? 'Passed' : 'Failed';
  const title = `${outcomeWord}: atcompat accessibility report${system ? ` for ${system}` : ''}`;
  const byPage = new Map<number, GatedFinding[]>();
  for (const f of gate.findings) byPage.set(f.pageIndex, [...(byPage.get(f.pageIndex) ?? []), f]);
  const notCounted = notCountedPhrase(gate);

  const facts: [string, string][] = [
    ['Pages', `${report.pages.length} scanned${gate.erroredPages.length ? `, ${gate.erroredPages.length} could not be audited` : ''}`],
    ...(report.journeys?.length
      ? [['Journeys', `${report.journeys.length} run, ${gate.journeys.filter((j) => j.status === 'passed').length} passed`] as [string, string]]
      : []),
    ['Findings', `${report.summary.findings} (${IMPACTS.map((i) => `${i} ${report.summary.byImpact[i] ?? 0}`).join(', ')})`],
    ['Fails on', `impact “${gate.options.failOn}” or worse, for ${profilesPhrase(gate.options.profiles)}`],
    ...(gate.baseline ? [['Baseline', `${gate.baseline.file ? `${gate.baseline.file}: ` : ''}${plural(gate.baseline.accepted, 'accepted finding')}, ${gate.baseline.suppressed.length} of them found in this run`] as [string, string]] : []),
    ...(system ? [['System', system] as [string, string]] : []),
    ['Started', report.run.startedAt],
    ...(report.run.finishedAt ? [['Finished', report.run.finishedAt] as [string, string]] : []),
    ...(report.run.browser ? [['Browser', report.run.browser] as [string, string]] : []),
    ['Tool', `${report.tool.name} ${report.tool.version}`],
    ['Run', report.run.id],
  ];

  const journeys = gate.journeys ?? [];
  const journeyContents = journeys
    .map((j) => `<li><a href="#journey-${j.journeyIndex + 1}">${e(journeyTitle(j))}</a> (${e(JOURNEY_MODE_WORDS[j.journey.mode] ?? j.journey.mode)}: ${e(journeyWord(j))})</li>`)
    .join('');

  const contents = report.pages
    .map((page, i) => {
      const count = page.error !== undefined ? 'could not be audited' : plural(page.findings.length, 'finding');
      return `<li><a href="#page-${i + 1}">Page ${i + 1}: ${e(page.title || page.url)}</a> (${count})</li>`;
    })
    .join('');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="site-header"><div class="wrap"><p>atcompat</p></div></header>
<main class="wrap">
<h1>Accessibility report${system ? ` for ${e(system)}` : ''}</h1>
<p class="outcome outcome-${outcomeClass}"><strong>${e(outcomeSentence(gate))}</strong>${notCounted ? ` ${e(notCounted)}` : ''}</p>
<p class="caveat">${e(AUTOMATED_CAVEAT)}</p>
<section><h2 id="summary">Summary</h2>
${verdictTable('Verdict for each assistive-technology profile, all pages', report.profiles)}
<dl class="facts">${facts.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>
${journeys.length ? `<h3>Journeys</h3>\n<ol>${journeyContents}</ol>\n` : ''}<h3>Pages</h3>
<ol>${contents}</ol>
</section>
${journeysSection(gate)}
${report.pages.map((page, i) => pageSection(page, i, byPage.get(i) ?? [])).join('\n')}
${rulesSection(report)}
</main>
<footer class="site-footer"><div class="wrap"><p>Made by atcompat ${e(report.tool.version)}. Blocked: a barrier that stops people using the page (or doing a step of a journey). Barriers: problems that slow people down or need a workaround. Pass: nothing found by automated checks.</p></div></footer>
</body>
</html>
`;
}
