import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompatibilityModule } from '../compatibility/compatibility.module.js';
import { SystemsModule } from '../systems/systems.module.js';
import { GateApiController } from './gate.api.controller.js';
import { GateService } from './gate.service.js';
import { Run } from './run.entity.js';
import { RunsApiController } from './runs.api.controller.js';
import { RunsPagesController } from './runs.pages.controller.js';
import { RunsService } from './runs.service.js';

/** Published atcompat runs, the automated evidence they add, history, changes and the rollout gate. */
@Module({
  imports: [TypeOrmModule.forFeature([Run]), SystemsModule, CompatibilityModule],
  controllers: [RunsApiController, GateApiController, RunsPagesController],
  providers: [RunsService, GateService],
  exports: [RunsService, GateService],
})
export class RunsModule {}
