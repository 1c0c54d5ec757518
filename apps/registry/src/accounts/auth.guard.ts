import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError } from '../common/errors.js';
import { isPageRequest } from '../web/views.js';
import { ACCESS_KEY, type Access } from './access.decorator.js';
import { PAGE_ACCESS_KEY, SignInRequiredError, type PageAccessLevel } from './page-access.js';
import { principalOf, setPrincipal } from './principal.js';
import { TokensService } from './tokens.service.js';
import { hasRole, webUserOf } from './web-user.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The API's access rule: reads are open, except endpoints marked @ScopedRead() (runs, reports,
 * the gate), which take the admin token or a system-scoped token; every change needs the admin
 * token, except endpoints marked @TokenRequired() (publishing a run), which take a system-scoped
 * token. Closed by default: a new write endpoint without a decorator needs the admin token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (isPageRequest(request)) return this.canUsePage(context, request);
    const declared = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    const access: Access = declared ?? (READ_METHODS.has(request.method) ? 'open' : 'admin');
    if (access === 'open') return true;

    // Requests under /api/v1/runs are authenticated before any body is read (app.ts); that answer stands.
    const principal = principalOf(request) ?? (await this.tokens.authenticate(request.headers.authorization));
    if (access === 'admin' && principal.kind !== 'admin') {
      const scope = principal.kind === 'token' ? principal.systemSlugs.join(', ') || 'no system any more' : '';
      throw new ForbiddenError(
        `This needs the admin token (ATCOMPAT_ADMIN_TOKEN). The ${principal.label} may only publish and read the runs of: ${scope}.`,
      );
    }
    setPrincipal(request, principal);
    return true;
  }

  /**
   * Pages go by the session (the accounts middleware found the user), never by a bearer token:
   * @PageAccess(role) or @PublicPage(); undeclared, a GET is open and anything else needs an admin.
   */
  private canUsePage(context: ExecutionContext, request: Request): boolean {
    const declared = this.reflector.getAllAndOverride<PageAccessLevel | undefined>(PAGE_ACCESS_KEY, [context.getHandler(), context.getClass()]);
    const level: PageAccessLevel = declared ?? (READ_METHODS.has(request.method) ? 'public' : 'admin');
    const user = webUserOf(request);
    if (user) setPrincipal(request, { kind: 'user', userId: user.id, label: `${user.name} <${user.email}>`, role: user.role });
    if (level === 'public') return true;
    if (!user) throw new SignInRequiredError(READ_METHODS.has(request.method) ? request.originalUrl : (request.get('referer') ? refererPath(request) : '/'));
    if (!hasRole(user, level)) throw new ForbiddenError(`This page is for ${level === 'admin' ? 'administrators' : 'accessibility champions'}.`);
    return true;
  }
}

/** After a POST from a signed-out browser, come back to the page the form was on (same site only). */
function refererPath(request: Request): string {
  try {
    const referer = new URL(request.get('referer') ?? '');
    return referer.host === request.get('host') ? `${referer.pathname}${referer.search}` : '/';
  } catch {
    return '/';
  }
}
