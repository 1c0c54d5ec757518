import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompatibilityModule } from '../compatibility/compatibility.module.js';
import { SystemsModule } from '../systems/systems.module.js';
import { AdjustmentEvent, AdjustmentRequest, Notification } from './adjustment.entity.js';
import { AdjustmentsPagesController } from './adjustments.pages.controller.js';
import { AdjustmentsService } from './adjustments.service.js';
import { NotificationsPagesController } from './notifications.pages.controller.js';
import { NotificationsService } from './notifications.service.js';
import { RegistryEntryPagesController } from './registry-entry.pages.controller.js';
import { AdjustmentRetention } from './retention.js';

/** Private workplace-adjustment requests from staff, triaged by the champions who cover the system. */
@Module({
  imports: [TypeOrmModule.forFeature([AdjustmentRequest, AdjustmentEvent, Notification]), CompatibilityModule, SystemsModule],
  controllers: [AdjustmentsPagesController, NotificationsPagesController, RegistryEntryPagesController],
  providers: [AdjustmentsService, NotificationsService, AdjustmentRetention],
  exports: [AdjustmentsService],
})
export class AdjustmentsModule {}
