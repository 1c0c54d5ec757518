import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import nunjucks from 'nunjucks';
import { ALL_LABELS } from './labels.js';

/**
 * apps/registry/, found from this file: src/web/views.ts under ts-jest, dist/web/views.js when
 * built. Both are two folders below the package root, so the same relative path works.
 */
export const REGISTRY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VIEWS_DIR = path.join(REGISTRY_ROOT, 'views');
export const PUBLIC_DIR = path.join(REGISTRY_ROOT, 'public');
/** node_modules/govuk-frontend/dist: `govuk/template.njk`, `govuk/components/…`, `govuk/assets/…`. */
export const GOVUK_FRONTEND_DIST = path.join(
  path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist',
);

export const SERVICE_NAME = 'atcompat';

/**
 * Paths that are not web pages: the API answers problem+json there, never an HTML page. Exact
 * case on purpose: routing is case-sensitive (app.ts), so `/API/…` reaches no API route either.
 */
export function isPagePath(urlPath: string): boolean {
  return !/^\/(api|assets)(\/|$)/.test(urlPath);
}

/**
 * The path of the request as the router matched it, whatever middleware mount it is asked from
 * (under `app.use('/api', …)` req.path has lost its prefix): the original URL up to `?`, without
 * the scheme and host of an absolute-form request (`GET http://host/api/v1/tokens HTTP/1.1`),
 * which the router ignores too and which would otherwise make any API path look like a page.
 */
export function requestPath(req: Pick<Request, 'originalUrl' | 'url'>): string {
  const url = (req.originalUrl ?? req.url ?? '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  return url.split(/[?#]/)[0] || '/';
}

/** The one decision "web page or API?" for a request, wherever it is asked from. */
export function isPageRequest(req: Pick<Request, 'originalUrl' | 'url'>): boolean {
  return isPagePath(requestPath(req));
}

let environment: nunjucks.Environment | undefined;

/** The one Nunjucks environment (autoescape on), searching views/ then GOV.UK Frontend. */
export function viewEnvironment(): nunjucks.Environment {
  if (!environment) {
    environment = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_FRONTEND_DIST], { noCache: false }), {
      autoescape: true,
      throwOnUndefined: false,
      trimBlocks: true,
      lstripBlocks: true,
    });
    environment.addFilter('date', formatDate);
    environment.addFilter('dateTime', formatDateTime);
    environment.addFilter('speakable', speakable);
    environment.addGlobal('serviceName', SERVICE_NAME);
    for (const [name, labels] of Object.entries(ALL_LABELS)) environment.addGlobal(name, labels);
    // Champions and admins change the registry; staff only browse, so they are not shown buttons they cannot use.
    environment.addGlobal('canEdit', (user: { role?: string } | undefined) => user?.role === 'champion' || user?.role === 'admin');
  }
  return environment;
}

/** "2025-03-31" or an ISO date-time → "31 March 2025" (GOV.UK style). */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/**
 * "VoiceOver (macOS)" → "VoiceOver, macOS" for link text: speech software does not hear words in
 * brackets, so "VoiceOver (macOS)" and "VoiceOver (iOS)" would both be "click VoiceOver".
 */
export function speakable(name: string | null | undefined): string {
  return String(name ?? '').replace(/\s*\(([^()]*)\)/g, ', $1');
}

/** "31 March 2025 at 14:05" (UTC). */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${formatDate(date)} at ${time} UTC`;
}

/**
 * Wires the web UI into the Express app: Nunjucks as the view engine (so `res.render` and Nest's
 * `@Render()` work), GOV.UK Frontend's CSS, JS, fonts and images under /assets from the installed
 * package (no CDN), and `res.locals.currentPath` for the navigation.
 */
export function configureWeb(app: NestExpressApplication): void {
  const env = viewEnvironment();
  const expressApp = app.getHttpAdapter().getInstance() as express.Express;
  env.express(expressApp);
  expressApp.set('view engine', 'njk');

  const govuk = path.join(GOVUK_FRONTEND_DIST, 'govuk');
  const cache = { maxAge: '1h', fallthrough: true, index: false } as const;
  app.use('/assets/govuk-frontend.min.css', sendFile(path.join(govuk, 'govuk-frontend.min.css')));
  app.use('/assets/govuk-frontend.min.js', sendFile(path.join(govuk, 'govuk-frontend.min.js')));
  app.use('/assets', express.static(path.join(govuk, 'assets'), cache));
  app.use('/assets', express.static(PUBLIC_DIR, cache));

  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isPageRequest(req)) {
      res.locals.currentPath = req.path;
      // Pages may change with every record added: never serve a stale copy from a cache.
      res.setHeader('Cache-Control', 'no-store');
    }
    next();
  });
}

function sendFile(file: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.sendFile(file, { maxAge: '1h' }, (error) => (error ? next(error) : undefined));
  };
}

/**
 * Renders `view` (a path under apps/registry/views) in the layout with `locals` and sends it with
 * `status`. `res.locals` (user, csrfToken, currentPath) are merged in by Express.
 */
export function renderPage(res: Response, view: string, locals: Record<string, unknown> = {}, status = 200): Promise<void> {
  return new Promise((resolve, reject) => {
    res.status(status).render(view, locals, (error: Error | null, html?: string) => {
      if (error) return reject(error);
      res.type('html').send(html);
      resolve();
    });
  });
}

/** Renders a view to a string (for the error filter, which cannot rely on res.render's callback order). */
export function renderToString(view: string, locals: Record<string, unknown>): string {
  return viewEnvironment().render(view, locals);
}
