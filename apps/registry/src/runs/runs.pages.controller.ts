import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AT_PROFILES, IMPACTS, type AtcompatReport } from '@atcompat/contracts';
import { CurrentPrincipal } from '../accounts/access.decorator.js';
import { PageAccess } from '../accounts/page-access.js';
import type { Principal } from '../accounts/principal.js';
import { uuidParam } from '../compatibility/compatibility.api.controller.js';
import { ListFindingsQuery } from './dto/publish-run.dto.js';
import type { FindingResponse } from './dto/run.response.js';
import { queryOf } from '../web/forms.js';
import { renderPage } from '../web/views.js';
import { RunsService } from './runs.service.js';

/** Only pictures the page can show inline: a data: URI of a raster image (never a path or a link). */
const SCREENSHOT = /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/;

/** One published run as a web page: findings grouped by profile, journeys, screenshots. */
@ApiExcludeController()
@PageAccess('staff')
@Controller('runs')
export class RunsPagesController {
  constructor(private readonly runs: RunsService) {}

  @Get(':id')
  async show(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() reader: Principal, @Res() res: Response) {
    const run = await this.runs.get(id, reader);
    const findings = await this.allFindings(id, reader);
    const screenshots = screenshotsOf((await this.runs.report(id, reader)) as AtcompatReport);
    const byProfile = AT_PROFILES.map((profile) => ({
      profile,
      summary: run.profiles[profile],
      findings: findings
        .filter((f) => f.profiles.includes(profile))
        .sort((a, b) => IMPACTS.indexOf(a.impact) - IMPACTS.indexOf(b.impact))
        .map((f) => ({ ...f, screenshot: screenshots.get(`${f.pageUrl}\u0000${f.pageState}\u0000${f.fingerprint}`) })),
    })).filter((group) => group.summary || group.findings.length);
    const journeys = (run.journeys ?? []).map((journey) => ({
      ...journey,
      stoppedAt: journey.steps.find((step) => step.status !== 'passed' && step.status !== 'skipped'),
    }));
    return renderPage(res, 'runs/show.njk', { run, byProfile, journeys, findingCount: findings.length });
  }

  /** Every finding of the run, page by page of the API's list (a run rarely has more than a few hundred). */
  private async allFindings(id: string, reader: Principal): Promise<FindingResponse[]> {
    const all: FindingResponse[] = [];
    for (let page = 1; ; page += 1) {
      const result = await this.runs.findings(id, queryOf(ListFindingsQuery, { page, pageSize: 100 }), reader);
      all.push(...result.items);
      if (page >= result.totalPages || page >= 20) return all;
    }
  }
}

/** Screenshots carried by the report's findings, by page, state and fingerprint. */
function screenshotsOf(report: AtcompatReport | null): Map<string, string> {
  const shots = new Map<string, string>();
  for (const page of report?.pages ?? []) {
    for (const finding of page.findings ?? []) {
      if (finding.screenshot && SCREENSHOT.test(finding.screenshot)) {
        shots.set(`${page.url}\u0000${page.state}\u0000${finding.fingerprint}`, finding.screenshot);
      }
    }
  }
  return shots;
}
