import type { Request } from 'express';

/** Who is calling: the administrator, or a token scoped to some systems. */
export type Principal =
  | { kind: 'admin'; label: 'admin' }
  | { kind: 'token'; tokenId: string; label: string; systemIds: ReadonlySet<string>; systemSlugs: readonly string[] };

const principals = new WeakMap<Request, Principal>();

export function setPrincipal(req: Request, principal: Principal): void {
  principals.set(req, principal);
}

export function principalOf(req: Request): Principal | undefined {
  return principals.get(req);
}
