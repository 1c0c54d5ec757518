import { Injectable, Logger, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import { principalOf } from '../accounts/principal.js';
import { actorOf, AuditService, type AuditDetail } from './audit.service.js';
import { takeChanges } from './changes.js';

export const SKIP_AUDIT_KEY = 'atcompat:skip-audit';

/** The handler writes its own audit events (adjustment requests, signing in), so the interceptor leaves it alone. */
export const SkipAudit = () => SetMetadata(SKIP_AUDIT_KEY, true);

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ID_PARAMS = ['id', 'evidenceId', 'version', 'slug'];

/**
 * Every successful change (any method but GET/HEAD/OPTIONS, API or page) is one audit event:
 * who (the token or the person), the route ("PATCH /api/v1/systems/:slug"), the record id, the
 * route's parameters (slugs, versions), and what changed field by field (before and after, as
 * the services and the TypeORM subscriber noted it during the request, in the change log the
 * audit module's middleware opened for it; see changes.ts). Never
 * the body itself: it may hold what a person wrote.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    if (READ_METHODS.has(request.method)) return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(SKIP_AUDIT_KEY, [context.getHandler(), context.getClass()])) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      mergeMap(async (value: unknown) => {
        if (response.statusCode < 400) await this.write(request, response, value);
        return value;
      }),
    );
  }

  private async write(request: Request, response: Response, value: unknown): Promise<void> {
    const route = (request.route as { path?: string } | undefined)?.path ?? request.path;
    const params = (request.params ?? {}) as Record<string, string>;
    const body = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    const location = response.getHeader('location');
    const fromLocation = typeof location === 'string' ? location.split('?')[0]!.split('/').filter(Boolean).at(-1) : undefined;
    const recordId =
      (typeof body.id === 'string' ? body.id : undefined) ??
      ID_PARAMS.map((p) => params[p]).find((v) => typeof v === 'string') ??
      fromLocation ??
      null;
    const detail: AuditDetail = {};
    for (const [name, param] of Object.entries(params)) if (typeof param === 'string') detail[name] = param.slice(0, 200);
    detail.status = response.statusCode;
    const segments = route.replace(/^\/api\/v1/, '').split('/').filter(Boolean);
    const changes = takeChanges();
    // A write that noted no change is a write the log cannot explain: the audit test looks for these.
    if (!changes.length) this.logger.warn(`${request.method} ${route} changed nothing the audit log could see`);
    await this.audit.record({
      actor: actorOf(principalOf(request)),
      kind: `${request.method} ${route}`,
      recordType: segments[0] ?? 'home',
      recordId,
      detail,
      changes,
    });
  }
}
