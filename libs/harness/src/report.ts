import { REPORT_SCHEMA_VERSION, summarise, type AtcompatReport, type JourneyResult, type PageResult } from '@atcompat/contracts';

export interface ReportInput {
  runId: string;
  startedAt: string;
  finishedAt: string;
  browser: string;
  toolVersion: string;
  target?: { system?: string; release?: string };
  pages: PageResult[];
  journeys: JourneyResult[];
}

/** Assembles report contract v1 from audited pages and journeys, with verdicts per profile. */
export function buildReport(input: ReportInput): AtcompatReport {
  const { summary, profiles } = summarise(input.pages, input.journeys);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'atcompat', version: input.toolVersion },
    run: {
      id: input.runId,
      startedAt: input.startedAt,
      finishedAt: input.finishedAt,
      ...(input.target && (input.target.system || input.target.release) ? { target: input.target } : {}),
      browser: input.browser,
    },
    pages: input.pages,
    journeys: input.journeys,
    profiles,
    summary,
  };
}
