import type { Request } from 'express';
import type { Role } from './user.entity.js';

/**
 * Who is calling: the administrator (admin token), a token scoped to some systems (both on the
 * API), or a person signed in to the pages (a session cookie; never accepted by the API).
 */
export type Principal =
  | { kind: 'admin'; label: 'admin' }
  | { kind: 'token'; tokenId: string; label: string; systemIds: ReadonlySet<string>; systemSlugs: readonly string[] }
  | { kind: 'user'; userId: string; label: string; role: Role };

const principals = new WeakMap<Request, Principal>();

export function setPrincipal(req: Request, principal: Principal): void {
  principals.set(req, principal);
}

export function principalOf(req: Request): Principal | undefined {
  return principals.get(req);
}
