import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { uuidParam } from './compatibility.api.controller.js';
import { CreateKnownIssueDto, ListKnownIssuesQuery, UpdateKnownIssueDto } from './dto/known-issue.dto.js';
import { KnownIssueResponse } from './dto/record.response.js';
import { KnownIssuesService } from './known-issues.service.js';
import { AdminOnly } from '../accounts/access.decorator.js';

@ApiTags('known issues')
@Controller('api/v1/known-issues')
export class KnownIssuesApiController {
  constructor(private readonly issues: KnownIssuesService) {}

  @Get()
  @ApiOkResponse({ description: 'A page of known issues, open ones first.' })
  list(@Query() query: ListKnownIssuesQuery) {
    return this.issues.list(query);
  }

  @AdminOnly()
  @Post()
  @ApiCreatedResponse({ type: KnownIssueResponse })
  create(@Body() dto: CreateKnownIssueDto) {
    return this.issues.create(dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: KnownIssueResponse })
  get(@Param('id', uuidParam('id')) id: string) {
    return this.issues.get(id);
  }

  @AdminOnly()
  @Patch(':id')
  @ApiOkResponse({ type: KnownIssueResponse })
  update(@Param('id', uuidParam('id')) id: string, @Body() dto: UpdateKnownIssueDto) {
    return this.issues.update(id, dto);
  }

  @AdminOnly()
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('id', uuidParam('id')) id: string) {
    return this.issues.remove(id);
  }
}
