import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { DomainError } from '../common/errors.js';
import { toProblem } from '../common/problem-details.filter.js';
import type { AppConfig } from '../config/app-config.js';
import { sendErrorPage } from '../web/error-pages.js';
import { isPageRequest } from '../web/views.js';

/**
 * Security for the whole app, mounted before any route: cookies parsed, helmet's headers with a
 * Content-Security-Policy that allows scripts from the registry itself and the one inline script
 * of GOV.UK Frontend's template (by a per-request nonce, `res.locals.cspNonce`), and rate limits
 * on signing in and on the API (per client address, in this process's memory).
 */
export function applySecurity(app: NestExpressApplication, config: AppConfig): void {
  app.use(cookieParser());
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  const https = config.publicUrl?.startsWith('https:') ?? false;
  const withCsp = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        // Only where the registry is served over https: on http://localhost it would break every asset.
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https,
  });
  // The API documentation page (Swagger UI) carries inline styles and scripts of its own.
  const withoutCsp = helmet({ contentSecurityPolicy: false, strictTransportSecurity: https });
  app.use((req: Request, res: Response, next: NextFunction) => (/^\/api\/docs(\/|$)/.test(req.path) ? withoutCsp : withCsp)(req, res, next));

  const tooMany = (what: string) => (req: Request, res: Response) => {
    const problem = toProblem(new DomainError(429, 'too-many-requests', `There have been too many ${what} from your network. Wait a few minutes and try again.`), req.originalUrl);
    // Under app.use('/api', …) req.path has lost its /api prefix: decide by the full address.
    const page = isPageRequest(req);
    if (!page || !sendErrorPage(req, res, problem)) res.status(429).type('application/problem+json').send(JSON.stringify(problem));
  };
  const signInLimiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: config.signInRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: tooMany('attempts to sign in'),
  });
  app.use('/sign-in', (req: Request, res: Response, next: NextFunction) => (req.method === 'POST' && req.path === '/' ? signInLimiter(req, res, next) : next()));
  app.use(
    '/api',
    rateLimit({ windowMs: 60_000, limit: config.apiRateLimit, standardHeaders: 'draft-8', legacyHeaders: false, handler: tooMany('requests') }),
  );
}
