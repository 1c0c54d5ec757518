import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { applySecurity } from './accounts/security.js';
import { setPrincipal } from './accounts/principal.js';
import { TokensService } from './accounts/tokens.service.js';
import { SignInRedirectFilter } from './accounts/page-access.js';
import { AppModule } from './app.module.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { RefuseControlCharactersInterceptor } from './common/control-characters.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { openDatabase } from './database/data-source.js';
import { sendErrorPage } from './web/error-pages.js';
import { refuseDeclaredOversize, refuseDeepJson, refuseNonJsonBody } from './common/body-guards.js';
import { configureWeb, requestPath } from './web/views.js';

export const API_BODY_LIMIT = '1mb';
const API_BODY_BYTES = 1024 * 1024;
const JSON_TYPES = ['application/json', 'application/*+json'];
const RUNS_PATH = '/api/v1/runs';
/** The path that app.use(RUNS_PATH) matched: exactly it, or below it, case and all. */
const isRunsPath = (path: string) => path === RUNS_PATH || path.startsWith(`${RUNS_PATH}/`);
/** application/json or any application/…+json, with or without parameters (charset). */
const isJsonType = (contentType: string) => /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType.trim());

/**
 * Every request under /api/v1/runs needs a token (publishing, and reading reports), so it is
 * checked from the headers alone, before any body is read: no token, or an unknown, expired or
 * deleted one, is answered 401 at once and the connection closed rather than the upload read.
 * The guard then uses the principal found here.
 */
function authenticateBeforeBody(tokens: TokensService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    tokens.authenticate(req.headers.authorization).then(
      (principal) => {
        setPrincipal(req, principal);
        next();
      },
      (error: unknown) => {
        res.setHeader('Connection', 'close');
        next(error);
      },
    );
  };
}

/** Builds the registry's HTTP application on an open database; does not listen. */
export async function createApp(config: AppConfig, dataSource: DataSource): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, dataSource), new ExpressAdapter(caseSensitiveExpress()), {
    bodyParser: false,
    // Nest's own start-up chatter (every route mapped) hides the one line a person needs.
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  // Headers (helmet, CSP), cookies and rate limits come before any body is read or route runs.
  applySecurity(app, config);
  // The API reads JSON only; web forms (outside /api) are urlencoded.
  app.use('/api', refuseNonJsonBody(isJsonType));
  // Reports are bigger than anything else the API takes: only POST /api/v1/runs gets the larger
  // limit (ATCOMPAT_MAX_REPORT_BYTES). The general parser below then sees the body already read.
  // The token is checked first, so a client without a valid one cannot make us read 10 MB of JSON.
  app.use(RUNS_PATH, authenticateBeforeBody(app.get(TokensService)), refuseDeclaredOversize(config.maxReportBytes), express.json({ limit: config.maxReportBytes, type: JSON_TYPES }));
  const apiGuard = refuseDeclaredOversize(API_BODY_BYTES);
  app.use((req: Request, res: Response, next: NextFunction) => (isRunsPath(requestPath(req)) ? next() : apiGuard(req, res, next)));
  app.useBodyParser('json', { limit: API_BODY_LIMIT, type: JSON_TYPES });
  app.useBodyParser('urlencoded', { limit: API_BODY_LIMIT, extended: false });
  app.use(refuseDeepJson());
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new RefuseControlCharactersInterceptor());
  // Web pages (not /api) get their errors as GOV.UK pages; the API keeps problem+json.
  // The later filter wins for its own error: a page that needs signing in answers 303 to /sign-in.
  app.useGlobalFilters(new ProblemDetailsFilter(sendErrorPage), new SignInRedirectFilter());
  configureWeb(app);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('atcompat registry')
      .setDescription(
        'Which assistive technologies (and versions) work with which internal systems, and the evidence for it. ' +
          'Errors are application/problem+json (RFC 9457) and name every invalid field. ' +
          'Reads are open, except runs, their reports and the gate; those and changes need `Authorization: Bearer <token>`: ' +
          'the admin token (ATCOMPAT_ADMIN_TOKEN), or, to publish and read runs, a token scoped to the system (POST /api/v1/tokens).',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The admin token, or an API token (atc_…) for publishing and reading runs.' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/**
 * Express matches routes without regard to case by default, so `/API/v1/tokens` reached the API
 * while every check that asks "is this the API?" (`isPagePath`, the body guards, the rate limit)
 * compares the path as written and took it for a web page, authorised by the browser session.
 * Routing by the exact path makes the two agree: `/API/…` and `/Assets/…` are no route (404).
 * The router takes its settings when it is created, which the adapter's constructor does, so they
 * are set on an instance of our own before Nest sees it.
 */
function caseSensitiveExpress(): express.Express {
  const server = express();
  server.set('case sensitive routing', true);
  return server;
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
