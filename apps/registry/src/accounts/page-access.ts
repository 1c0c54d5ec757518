import { Catch, SetMetadata, createParamDecorator, type ArgumentsHost, type ExceptionFilter, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../common/errors.js';
import { safeReturnTo } from './sign-in-policy.js';
import type { Role } from './user.entity.js';
import { webUserOf, type WebUser } from './web-user.js';

export const PAGE_ACCESS_KEY = 'atcompat:page-access';

/** `public`: anyone, even for a POST (the sign-in form); a role: someone signed in with at least that role. */
export type PageAccessLevel = Role | 'public';

/**
 * Who may use a page (controller or handler). Signed out → 303 to /sign-in?returnTo=<path>;
 * signed in with too low a role → the 403 page. Without it a page GET is open and any other
 * page method needs an admin (closed by default, like the API).
 */
export const PageAccess = (level: Role) => SetMetadata(PAGE_ACCESS_KEY, level satisfies PageAccessLevel);

/** A page anyone may post to (signing in). CSRF is still checked. */
export const PublicPage = () => SetMetadata(PAGE_ACCESS_KEY, 'public' satisfies PageAccessLevel);

/** The person signed in (set by the accounts middleware); undefined on public pages when signed out. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): WebUser | undefined =>
  webUserOf(ctx.switchToHttp().getRequest<Request>()),
);

/** A page needs someone signed in: answered with a 303 to the sign-in page, coming back afterwards. */
export class SignInRequiredError extends DomainError {
  readonly location: string;
  constructor(returnTo: string) {
    super(401, 'sign-in-required', 'Sign in to see this page.');
    const path = safeReturnTo(returnTo);
    this.location = path === '/' ? '/sign-in' : `/sign-in?returnTo=${encodeURIComponent(path)}`;
  }
}

/** Sends the 303 for SignInRequiredError (registered after the general filter, so it wins for this error). */
@Catch(SignInRequiredError)
export class SignInRedirectFilter implements ExceptionFilter {
  catch(error: SignInRequiredError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    response.setHeader('Cache-Control', 'no-store');
    response.redirect(303, error.location);
  }
}
