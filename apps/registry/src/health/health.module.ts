import { Controller, Get, Module } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors.js';

@ApiTags('health')
@Controller('api/v1/health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiOkResponse({ description: 'The service is up and its database answers.' })
  async check() {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new DomainError(503, 'database-unavailable', 'The registry is running, but its database is not answering.');
    }
    return { status: 'ok', database: 'ok' };
  }
}

@Module({ controllers: [HealthController] })
export class HealthModule {}
