import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AssistiveTechService } from './assistive-tech.service.js';
import { AssistiveTechnologyResponse, AtVersionResponse } from './dto/assistive-technology.response.js';
import { CreateAssistiveTechnologyDto, UpdateAssistiveTechnologyDto } from './dto/create-assistive-technology.dto.js';
import { CreateAtVersionDto, UpdateAtVersionDto } from './dto/create-at-version.dto.js';
import { ListAssistiveTechnologiesQuery } from './dto/list-assistive-technologies.query.js';
import { AdminOnly } from '../accounts/access.decorator.js';

@ApiTags('assistive technologies')
@Controller('api/v1/assistive-technologies')
export class AssistiveTechApiController {
  constructor(private readonly service: AssistiveTechService) {}

  @Get()
  @ApiOkResponse({ description: 'A page of assistive technologies, each with its versions.' })
  list(@Query() query: ListAssistiveTechnologiesQuery) {
    return this.service.list(query);
  }

  @AdminOnly()
  @Post()
  @ApiCreatedResponse({ type: AssistiveTechnologyResponse })
  create(@Body() dto: CreateAssistiveTechnologyDto) {
    return this.service.create(dto);
  }

  @Get(':slug')
  @ApiOkResponse({ type: AssistiveTechnologyResponse })
  get(@Param('slug') slug: string) {
    return this.service.get(slug);
  }

  @AdminOnly()
  @Patch(':slug')
  @ApiOkResponse({ type: AssistiveTechnologyResponse })
  update(@Param('slug') slug: string, @Body() dto: UpdateAssistiveTechnologyDto) {
    return this.service.update(slug, dto);
  }

  @AdminOnly()
  @Delete(':slug')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted. Refused with 409 while it has versions.' })
  remove(@Param('slug') slug: string) {
    return this.service.remove(slug);
  }

  @Get(':slug/versions')
  @ApiOkResponse({ type: [AtVersionResponse], description: 'Oldest first.' })
  listVersions(@Param('slug') slug: string) {
    return this.service.listVersions(slug);
  }

  @AdminOnly()
  @Post(':slug/versions')
  @ApiCreatedResponse({ type: AtVersionResponse })
  addVersion(@Param('slug') slug: string, @Body() dto: CreateAtVersionDto) {
    return this.service.addVersion(slug, dto);
  }

  @Get(':slug/versions/:version')
  @ApiOkResponse({ type: AtVersionResponse })
  getVersion(@Param('slug') slug: string, @Param('version') version: string) {
    return this.service.getVersion(slug, version);
  }

  @AdminOnly()
  @Patch(':slug/versions/:version')
  @ApiOkResponse({ type: AtVersionResponse })
  updateVersion(@Param('slug') slug: string, @Param('version') version: string, @Body() dto: UpdateAtVersionDto) {
    return this.service.updateVersion(slug, version, dto);
  }

  @AdminOnly()
  @Delete(':slug/versions/:version')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted. Refused with 409 while compatibility records use it.' })
  removeVersion(@Param('slug') slug: string, @Param('version') version: string) {
    return this.service.removeVersion(slug, version);
  }
}
