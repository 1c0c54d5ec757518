import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SystemRelease } from './system-release.entity.js';
import { System } from './system.entity.js';
import { SystemsApiController } from './systems.api.controller.js';
import { SystemsPagesController } from './systems.pages.controller.js';
import { SystemsService } from './systems.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([System, SystemRelease])],
  controllers: [SystemsApiController, SystemsPagesController],
  providers: [SystemsService],
  exports: [SystemsService],
})
export class SystemsModule {}
