import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AdjustmentsService } from './adjustments.service.js';

const DAY_MS = 86_400_000;

/** Runs the adjustments sweep (retention, review dates) once at start and then once a day. */
@Injectable()
export class AdjustmentRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Adjustments');
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly adjustments: AdjustmentsService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
    this.timer = setInterval(() => void this.run(), DAY_MS);
    // The sweep must never keep the process (or a test) alive on its own.
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async run(): Promise<void> {
    try {
      const { deleted, reviewDue } = await this.adjustments.sweep();
      if (deleted) this.logger.log(`deleted ${deleted} closed adjustment request(s) past the retention period`);
      if (reviewDue) this.logger.log(`${reviewDue} adjustment(s) are now due for review`);
    } catch (error) {
      this.logger.warn(`the adjustments sweep failed and will run again tomorrow: ${(error as Error)?.message ?? 'unknown error'}`);
    }
  }
}
