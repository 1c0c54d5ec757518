import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bootstrapApp } from '../../apps/registry/src/app.js';
import { seedDemoData } from '../../apps/registry/src/demo/seed-demo.js';
import { createTestDatabase, testConfig, type TestDatabase } from './database.js';

/** A running registry on its own database, served over real HTTP by supertest. */
export interface TestRegistry {
  app: NestExpressApplication;
  dataSource: DataSource;
  db: TestDatabase;
  /** supertest bound to the app's HTTP server: `registry.http().get('/api/v1/…')`. */
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Starts the whole registry (migrations applied) on a fresh database; optionally with the demo catalogue. */
export async function startRegistry(options: { demo?: boolean } = {}): Promise<TestRegistry> {
  const db = await createTestDatabase();
  const { app, dataSource } = await bootstrapApp(testConfig(db.database));
  await app.init();
  if (options.demo) await seedDemoData(app);
  const server = app.getHttpServer();
  return {
    app,
    dataSource,
    db,
    http: () => request(server),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
