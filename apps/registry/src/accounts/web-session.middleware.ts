import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { isPageRequest } from '../web/views.js';
import { SessionsService } from './sessions.service.js';
import { CSRF_FIELD, csrfTokenFor, csrfTokenMatches, isWellFormedSessionId, newSessionId, PRESESSION_COOKIE, SESSION_COOKIE } from './session-secret.js';
import { setWebUser, type LocalsUser } from './web-user.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A page form posted without the right token: another site's form, or one left open across sign-in/out. */
export class CsrfError extends DomainError {
  constructor() {
    super(403, 'csrf-failed', 'This form has expired or did not come from atcompat. Go back, reload the page and try again.');
  }
}

export interface CookieSettings {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
}

/** HttpOnly, SameSite=Lax, and Secure whenever the registry is reached over https. */
export function cookieSettings(req: Request, config: AppConfig): CookieSettings {
  return { httpOnly: true, sameSite: 'lax', secure: req.secure || (config.publicUrl?.startsWith('https:') ?? false), path: '/' };
}

/**
 * For every page request (not /api, not /assets): finds who is signed in from the session cookie,
 * sets `res.locals.user` and `res.locals.csrfToken` for the templates, and refuses any POST (or
 * other unsafe method) whose `_csrf` field is not this browser's token.
 */
@Injectable()
export class WebSessionMiddleware implements NestMiddleware {
  constructor(
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    // Mounted by Nest for every route, req.path is relative to the mount point; the full path decides.
    if (!isPageRequest(req)) return next();
    const cookies = (req.cookies ?? {}) as Record<string, unknown>;
    const user = await this.sessions.resolve(cookies[SESSION_COOKIE]);
    let secret: string;
    if (user) {
      setWebUser(req, user);
      res.locals.user = { id: user.id, name: user.name, email: user.email, role: user.role } satisfies LocalsUser;
      secret = cookies[SESSION_COOKIE] as string;
    } else {
      res.locals.user = undefined;
      if (cookies[SESSION_COOKIE] !== undefined) res.clearCookie(SESSION_COOKIE, cookieSettings(req, this.config));
      const presession = cookies[PRESESSION_COOKIE];
      if (isWellFormedSessionId(presession)) {
        secret = presession;
      } else {
        secret = newSessionId();
        res.cookie(PRESESSION_COOKIE, secret, cookieSettings(req, this.config));
      }
    }
    res.locals.csrfToken = csrfTokenFor(secret);
    if (!SAFE_METHODS.has(req.method)) {
      const presented = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      if (!csrfTokenMatches(secret, presented)) throw new CsrfError();
    }
    next();
  }
}
