import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssistiveTechApiController } from './assistive-tech.api.controller.js';
import { AssistiveTechPagesController } from './assistive-tech.pages.controller.js';
import { AssistiveTechService } from './assistive-tech.service.js';
import { AssistiveTechnology } from './assistive-technology.entity.js';
import { AtVersion } from './at-version.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([AssistiveTechnology, AtVersion])],
  controllers: [AssistiveTechApiController, AssistiveTechPagesController],
  providers: [AssistiveTechService],
  exports: [AssistiveTechService],
})
export class AssistiveTechModule {}
