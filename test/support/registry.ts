import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bootstrapApp } from '../../apps/registry/src/app.js';
import { seedDemoData } from '../../apps/registry/src/demo/seed-demo.js';
import type { AppConfig } from '../../apps/registry/src/config/app-config.js';
import { createTestDatabase, TEST_ADMIN_TOKEN, testConfig, type TestDatabase } from './database.js';

/** A running registry on its own database, served over real HTTP by supertest. */
export interface TestRegistry {
  app: NestExpressApplication;
  dataSource: DataSource;
  db: TestDatabase;
  /**
   * supertest bound to the app's HTTP server, sending the admin token on every request:
   * `registry.http().post('/api/v1/…')`. Reads would work without it; changes need it.
   */
  http(): ReturnType<typeof request.agent>;
  /** The same without any Authorization header. */
  anonymous(): ReturnType<typeof request>;
  /** The same with `Authorization: Bearer <token>`. */
  as(token: string): ReturnType<typeof request.agent>;
  close(): Promise<void>;
}

/**
 * Starts the whole registry (migrations applied) on a fresh database (or the given one); optionally
 * with the demo catalogue.
 */
export async function startRegistry(
  options: { demo?: boolean; config?: Parameters<typeof testConfig>[1]; db?: TestDatabase } = {},
): Promise<TestRegistry> {
  const db = options.db ?? (await createTestDatabase());
  const config: AppConfig = testConfig(db.database, options.config);
  const { app, dataSource } = await bootstrapApp(config);
  await app.init();
  if (options.demo) await seedDemoData(app);
  const server = app.getHttpServer();
  return {
    app,
    dataSource,
    db,
    http: () => request.agent(server).set('Authorization', `Bearer ${config.adminToken ?? TEST_ADMIN_TOKEN}`),
    anonymous: () => request(server),
    as: (token: string) => request.agent(server).set('Authorization', `Bearer ${token}`),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
