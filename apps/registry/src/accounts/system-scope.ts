import { ForbiddenError, UnauthorizedError } from '../common/errors.js';
import type { Principal } from './principal.js';

/**
 * Whether `principal` may see a system's runs (reports carry screenshots and HTML of internal
 * systems): the admin token, a token scoped to the system, or someone signed in to the pages (the
 * page guard has already required an account). Nobody else: the API never shows more than the
 * pages do.
 */
export function assertMayReadRuns(principal: Principal | undefined, system: { id: string; slug: string }): void {
  if (!principal) {
    throw new UnauthorizedError(
      `The runs of ${system.slug} need a token: the admin token or one scoped to ${system.slug}, sent as "Authorization: Bearer <token>".`,
    );
  }
  if (principal.kind === 'token' && !principal.systemIds.has(system.id)) {
    throw new ForbiddenError(
      `The ${principal.label} may read the runs of ${principal.systemSlugs.join(', ') || 'no system'} only, not of ${system.slug}. Ask an admin for a token scoped to ${system.slug}.`,
    );
  }
}
