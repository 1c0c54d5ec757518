import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InvalidInputError } from '../common/errors.js';
import { CreateEvidenceDto } from './dto/create-evidence.dto.js';
import { CreateRecordDto, UpdateRecordDto } from './dto/create-record.dto.js';
import { ListRecordsQuery } from './dto/list-records.query.js';
import { EvidenceResponse, RecordResponse } from './dto/record.response.js';
import { RecordsService } from './records.service.js';
import { AdminOnly } from '../accounts/access.decorator.js';

/** Route ids are UUIDs; anything else is a 400 that says which parameter is wrong. */
export const uuidParam = (name: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () => new InvalidInputError([{ field: name, message: `${name} must be a UUID` }], `The ${name} in the address is not valid.`),
  });

@ApiTags('compatibility records')
@Controller('api/v1/compatibility-records')
export class CompatibilityApiController {
  constructor(private readonly records: RecordsService) {}

  @Get()
  @ApiOkResponse({ description: 'A page of compatibility records.' })
  list(@Query() query: ListRecordsQuery) {
    return this.records.list(query);
  }

  @AdminOnly()
  @Post()
  @ApiCreatedResponse({ type: RecordResponse })
  create(@Body() dto: CreateRecordDto) {
    return this.records.create(dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: RecordResponse })
  get(@Param('id', uuidParam('id')) id: string) {
    return this.records.get(id);
  }

  @AdminOnly()
  @Patch(':id')
  @ApiOkResponse({ type: RecordResponse })
  update(@Param('id', uuidParam('id')) id: string, @Body() dto: UpdateRecordDto) {
    return this.records.update(id, dto);
  }

  @AdminOnly()
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted. Refused with 409 while it has evidence.' })
  remove(@Param('id', uuidParam('id')) id: string) {
    return this.records.remove(id);
  }

  @Get(':id/evidence')
  @ApiOkResponse({ type: [EvidenceResponse], description: 'Newest first.' })
  listEvidence(@Param('id', uuidParam('id')) id: string) {
    return this.records.listEvidence(id);
  }

  @AdminOnly()
  @Post(':id/evidence')
  @ApiCreatedResponse({ type: EvidenceResponse })
  addEvidence(@Param('id', uuidParam('id')) id: string, @Body() dto: CreateEvidenceDto) {
    return this.records.addEvidence(id, dto);
  }

  @AdminOnly()
  @Delete(':id/evidence/:evidenceId')
  @HttpCode(204)
  removeEvidence(@Param('id', uuidParam('id')) id: string, @Param('evidenceId', uuidParam('evidenceId')) evidenceId: string) {
    return this.records.removeEvidence(id, evidenceId);
  }
}
