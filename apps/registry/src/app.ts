import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { openDatabase } from './database/data-source.js';

export const API_BODY_LIMIT = '1mb';

/** Builds the registry's HTTP application on an open database; does not listen. */
export async function createApp(config: AppConfig, dataSource: DataSource): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, dataSource), {
    bodyParser: false,
    // Nest's own start-up chatter (every route mapped) hides the one line a person needs.
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  app.useBodyParser('json', { limit: API_BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  app.useBodyParser('urlencoded', { limit: API_BODY_LIMIT, extended: false });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('atcompat registry')
      .setDescription(
        'Which assistive technologies (and versions) work with which internal systems, and the evidence for it. ' +
          'Errors are application/problem+json (RFC 9457) and name every invalid field.',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/** Opens the configured database (migrating it) and builds the app on it. */
export async function bootstrapApp(config: AppConfig): Promise<{ app: NestExpressApplication; dataSource: DataSource }> {
  const dataSource = await openDatabase(config);
  try {
    const app = await createApp(config, dataSource);
    return { app, dataSource };
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}
