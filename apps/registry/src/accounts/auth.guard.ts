import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError } from '../common/errors.js';
import { ACCESS_KEY, type Access } from './access.decorator.js';
import { setPrincipal } from './principal.js';
import { TokensService } from './tokens.service.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one access rule until accounts exist: reads are open; every change needs the admin token,
 * except endpoints marked @TokenRequired() (publishing a run), which take a system-scoped token.
 * Closed by default: a new write endpoint without a decorator needs the admin token.
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
    const declared = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    const access: Access = declared ?? (READ_METHODS.has(request.method) ? 'open' : 'admin');
    if (access === 'open') return true;

    const principal = await this.tokens.authenticate(request.headers.authorization);
    if (access === 'admin' && principal.kind !== 'admin') {
      const scope = principal.kind === 'token' ? principal.systemSlugs.join(', ') || 'no system any more' : '';
      throw new ForbiddenError(
        `This needs the admin token (ATCOMPAT_ADMIN_TOKEN). The ${principal.label} may only publish runs (POST /api/v1/runs) for: ${scope}.`,
      );
    }
    setPrincipal(request, principal);
    return true;
  }
}
