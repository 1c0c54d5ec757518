import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtraModels, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, ScopedRead, TokenRequired } from '../accounts/access.decorator.js';
import type { Principal } from '../accounts/principal.js';
import { uuidParam } from '../compatibility/compatibility.api.controller.js';
import { ListFindingsQuery, ListRunsQuery, PublishRunDto } from './dto/publish-run.dto.js';
import { ApiPageResponse } from '../common/api-page.js';
import { ChangesResponse, FindingResponse, HistoryEntryResponse, ProfileVerdictResponse, RunResponse } from './dto/run.response.js';
import { RunsService } from './runs.service.js';

@ApiTags('runs')
@ApiExtraModels(ProfileVerdictResponse)
@Controller('api/v1')
export class RunsApiController {
  constructor(private readonly runs: RunsService) {}

  @Post('runs')
  @TokenRequired()
  @ApiCreatedResponse({ type: RunResponse, description: 'Stored; the evidence it added is in `evidence`. Location: the run.' })
  @ApiOkResponse({ type: RunResponse, description: 'This report (same run.id) was already published: the stored run, nothing added.' })
  @ApiBadRequestResponse({ description: 'Invalid body or report; `errors` names each bad field, e.g. report.run.id.' })
  @ApiNotFoundResponse({ description: 'No such system.' })
  @ApiConflictResponse({ description: 'A different report was already published under this run.id (code run-id-reused).' })
  @ApiPayloadTooLargeResponse({ description: 'The body is larger than ATCOMPAT_MAX_REPORT_BYTES (default 10 MB).' })
  async publish(@Body() dto: PublishRunDto, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const { created, run } = await this.runs.publish(dto, principal);
    res.status(created ? 201 : 200).location(run.links.self);
    return run;
  }

  @Get('runs/:id')
  @ScopedRead()
  @ApiOkResponse({ type: RunResponse })
  get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.runs.get(id, principal);
  }

  @Get('runs/:id/findings')
  @ScopedRead()
  @ApiPageResponse(FindingResponse, "A page of the run's findings, in report order; filter by profile, impact, rule.")
  findings(@Param('id', uuidParam('id')) id: string, @Query() query: ListFindingsQuery, @CurrentPrincipal() principal: Principal) {
    return this.runs.findings(id, query, principal);
  }

  @Get('runs/:id/report')
  @ScopedRead()
  @ApiOkResponse({ description: 'The report exactly as published (contract v1).' })
  report(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.runs.report(id, principal);
  }

  @Get('systems/:slug/runs')
  @ScopedRead()
  @ApiPageResponse(RunResponse, "A page of the system's runs (without journeys and evidence), newest first; ?release= filters.")
  listForSystem(@Param('slug') slug: string, @Query() query: ListRunsQuery, @CurrentPrincipal() principal: Principal) {
    return this.runs.listForSystem(slug, query, principal);
  }

  @Get('systems/:slug/history')
  @ScopedRead()
  @ApiPageResponse(HistoryEntryResponse, 'A page of runs over time, newest first: verdict and findings per profile.')
  history(@Param('slug') slug: string, @Query() query: ListRunsQuery, @CurrentPrincipal() principal: Principal) {
    return this.runs.history(slug, query, principal);
  }

  @Get('systems/:slug/releases/:version/changes')
  @ScopedRead()
  @ApiOkResponse({ type: ChangesResponse })
  @ApiNotFoundResponse({ description: 'No such system or release, or no run of it yet (code no-runs).' })
  changes(@Param('slug') slug: string, @Param('version') version: string, @CurrentPrincipal() principal: Principal) {
    return this.runs.changes(slug, version, principal);
  }
}
