import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SystemsService } from './systems.service.js';
import { SystemResponse, ReleaseResponse } from './dto/system.response.js';
import { CreateSystemDto, UpdateSystemDto } from './dto/create-system.dto.js';
import { CreateReleaseDto, UpdateReleaseDto } from './dto/create-release.dto.js';
import { ListSystemsQuery } from './dto/list-systems.query.js';
import { AdminOnly } from '../accounts/access.decorator.js';

@ApiTags('systems')
@Controller('api/v1/systems')
export class SystemsApiController {
  constructor(private readonly service: SystemsService) {}

  @Get()
  @ApiOkResponse({ description: 'A page of systems, each with its releases.' })
  list(@Query() query: ListSystemsQuery) {
    return this.service.list(query);
  }

  @AdminOnly()
  @Post()
  @ApiCreatedResponse({ type: SystemResponse })
  create(@Body() dto: CreateSystemDto) {
    return this.service.create(dto);
  }

  @Get(':slug')
  @ApiOkResponse({ type: SystemResponse })
  get(@Param('slug') slug: string) {
    return this.service.get(slug);
  }

  @AdminOnly()
  @Patch(':slug')
  @ApiOkResponse({ type: SystemResponse })
  update(@Param('slug') slug: string, @Body() dto: UpdateSystemDto) {
    return this.service.update(slug, dto);
  }

  @AdminOnly()
  @Delete(':slug')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted. Refused with 409 while it has releases.' })
  remove(@Param('slug') slug: string) {
    return this.service.remove(slug);
  }

  @Get(':slug/releases')
  @ApiOkResponse({ type: [ReleaseResponse], description: 'Oldest first.' })
  listReleases(@Param('slug') slug: string) {
    return this.service.listReleases(slug);
  }

  @AdminOnly()
  @Post(':slug/releases')
  @ApiCreatedResponse({ type: ReleaseResponse })
  addRelease(@Param('slug') slug: string, @Body() dto: CreateReleaseDto) {
    return this.service.addRelease(slug, dto);
  }

  @Get(':slug/releases/:version')
  @ApiOkResponse({ type: ReleaseResponse })
  getRelease(@Param('slug') slug: string, @Param('version') version: string) {
    return this.service.getRelease(slug, version);
  }

  @AdminOnly()
  @Patch(':slug/releases/:version')
  @ApiOkResponse({ type: ReleaseResponse })
  updateRelease(@Param('slug') slug: string, @Param('version') version: string, @Body() dto: UpdateReleaseDto) {
    return this.service.updateRelease(slug, version, dto);
  }

  @AdminOnly()
  @Delete(':slug/releases/:version')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted. Refused with 409 while compatibility records use it.' })
  removeRelease(@Param('slug') slug: string, @Param('version') version: string) {
    return this.service.removeRelease(slug, version);
  }
}
