import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { principalOf, type Principal } from './principal.js';

export const ACCESS_KEY = 'atcompat:access';

/**
 * Who may call an endpoint. `open`: anyone (the default for GET/HEAD); `admin`: the admin token
 * (the default for every other method, so a new write endpoint is closed until said otherwise);
 * `token`: any valid token, to publish; the service then checks the token's systems;
 * `read`: any valid token, to read what belongs to one system (runs, their reports, the gate);
 * the service then lets the admin token, or a token scoped to that system, see it.
 */
export type Access = 'open' | 'admin' | 'token' | 'read';

const unauthorized = ApiUnauthorizedResponse({
  description: 'No token, or not a valid one (problem+json, with WWW-Authenticate: Bearer).',
});

/** Needs the admin token (ATCOMPAT_ADMIN_TOKEN). */
export const AdminOnly = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, 'admin' satisfies Access),
    ApiBearerAuth(),
    unauthorized,
    ApiForbiddenResponse({ description: 'The token is valid but is not the admin token.' }),
  );

/** Needs a token; which systems it may touch is checked by the service. */
export const TokenRequired = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, 'token' satisfies Access),
    ApiBearerAuth(),
    unauthorized,
    ApiForbiddenResponse({ description: 'The token is not scoped to this system.' }),
  );

/**
 * A read of one system's run data: screenshots and HTML of internal systems, which the pages show
 * only to people signed in, so the API needs the admin token or a token scoped to that system.
 */
export const ScopedRead = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, 'read' satisfies Access),
    ApiBearerAuth(),
    unauthorized,
    ApiForbiddenResponse({ description: 'The token is not scoped to the system this belongs to.' }),
  );

/** Anyone, even for a method that would otherwise need the admin token. */
export const OpenAccess = () => SetMetadata(ACCESS_KEY, 'open' satisfies Access);

/** The caller the guard authenticated (only on endpoints that need a token). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined =>
  principalOf(ctx.switchToHttp().getRequest<Request>()),
);
