import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEvent } from './audit-event.entity.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditPagesController } from './audit.pages.controller.js';
import { AuditService } from './audit.service.js';

/** The audit log: who changed what in the registry, and who looked at or changed an adjustment request. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent])],
  controllers: [AuditPagesController],
  providers: [AuditService, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditService],
})
export class AuditModule {}
