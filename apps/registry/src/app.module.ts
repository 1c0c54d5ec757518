import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccountsModule } from './accounts/accounts.module.js';
import { CoverageModule } from './accounts/coverage.service.js';
import { AdjustmentsModule } from './adjustments/adjustments.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AssistiveTechModule } from './assistive-tech/assistive-tech.module.js';
import { CompatibilityModule } from './compatibility/compatibility.module.js';
import { AppConfig } from './config/app-config.js';
import { HealthModule } from './health/health.module.js';
import { RunsModule } from './runs/runs.module.js';
import { SystemsModule } from './systems/systems.module.js';
import { WebModule } from './web/web.module.js';

@Module({})
export class AppModule {
  /** The whole registry on an already opened (and migrated) database. */
  static register(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSource.options,
          dataSourceFactory: async () => dataSource,
        }),
        AssistiveTechModule,
        SystemsModule,
        CompatibilityModule,
        AuditModule,
        AccountsModule,
        CoverageModule,
        AdjustmentsModule,
        RunsModule,
        HealthModule,
        WebModule,
      ],
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
