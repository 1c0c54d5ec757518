import { Global, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEvent } from './audit-event.entity.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditPagesController } from './audit.pages.controller.js';
import { AuditService } from './audit.service.js';
import { withChangeLog } from './changes.js';

/** The audit log: who changed what in the registry, and who looked at or changed an adjustment request. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent])],
  controllers: [AuditPagesController],
  providers: [AuditService, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditService],
})
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Opened before Nest routes the request, so guards, interceptors and the handler (which Nest
    // binds to the async context it has when routing) all note their changes into this request's log.
    consumer.apply((_req: unknown, _res: unknown, next: () => void) => withChangeLog(next)).forRoutes('{*path}');
  }
}
