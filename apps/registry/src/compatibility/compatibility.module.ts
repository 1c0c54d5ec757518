import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssistiveTechModule } from '../assistive-tech/assistive-tech.module.js';
import { SystemsModule } from '../systems/systems.module.js';
import { CompatibilityRecord } from './compatibility-record.entity.js';
import { CompatibilityApiController } from './compatibility.api.controller.js';
import { CompatibilityPagesController } from './compatibility.pages.controller.js';
import { Evidence } from './evidence.entity.js';
import { KnownIssue } from './known-issue.entity.js';
import { KnownIssuesApiController } from './known-issues.api.controller.js';
import { KnownIssuesService } from './known-issues.service.js';
import { MatrixApiController } from './matrix.api.controller.js';
import { MatrixService } from './matrix.service.js';
import { RecordsService } from './records.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([CompatibilityRecord, Evidence, KnownIssue]), SystemsModule, AssistiveTechModule],
  controllers: [CompatibilityApiController, KnownIssuesApiController, MatrixApiController, CompatibilityPagesController],
  providers: [RecordsService, KnownIssuesService, MatrixService],
  exports: [RecordsService, MatrixService, KnownIssuesService],
})
export class CompatibilityModule {}
