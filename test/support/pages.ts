import { finding, journey, makeReport } from './reports.js';
import type { TestRegistry } from './registry.js';

/** A 1×1 PNG, the smallest screenshot a report can carry. */
export const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * Publishes a run of casework 2.4.0 with a blocked keyboard journey and a finding that carries a
 * screenshot (through the API, with the admin token); returns the run id.
 */
export async function publishDemoRun(registry: TestRegistry): Promise<string> {
  const report = makeReport({
    system: 'casework',
    release: '2.4.0',
    findings: [
      finding({ fingerprint: 'save-mouse-only', screenshot: TINY_PNG }),
      finding({
        fingerprint: 'search-label',
        rule: 'speech/label-not-in-name',
        impact: 'serious',
        wcag: ['2.5.3'],
        profiles: ['speech'],
        selector: '#search',
        message: 'The visible label "Search" is not part of the accessible name "Find".',
      }),
    ],
    journeys: [
      journey('Record a note', 'keyboard', [
        { name: "fill 'Note'" },
        { name: "activate 'Save note'", blockedBecause: 'not reachable with the keyboard: "Save note" never receives focus' },
      ]),
    ],
  });
  const res = await registry
    .http()
    .post('/api/v1/runs')
    .send({ system: 'casework', release: '2.4.0', commit: '9fceb02', pipelineUrl: 'https://ci.example.gov.uk/casework/1234', report });
  if (res.status !== 201) throw new Error(`publishing the demo run answered ${res.status}: ${res.text}`);
  return res.body.id as string;
}
