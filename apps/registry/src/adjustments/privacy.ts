import type { Role } from '../accounts/user.entity.js';

/** Who is looking. */
export interface Viewer {
  id: string;
  role: Role;
  coverage: { systemIds: readonly string[]; departments: readonly string[] };
}

/** What decides who may see a request: whose it is and which system (and so department) it is about. */
export interface RequestScope {
  requesterId: string;
  systemId: string;
  department: string;
}

export type Access = 'requester' | 'triager' | 'none';

/**
 * The privacy rule for adjustment requests. Staff see their own; champions see requests about
 * the systems or departments they cover (and their own); admins see all. Everyone else gets
 * 'none', which pages answer with 404, so they cannot even tell that the request exists.
 */
export function accessTo(viewer: Viewer, request: RequestScope): Access {
  if (viewer.role === 'admin') return viewer.id === request.requesterId ? 'requester' : 'triager';
  if (viewer.role === 'champion' && covers(viewer, request)) return viewer.id === request.requesterId ? 'requester' : 'triager';
  if (viewer.id === request.requesterId) return 'requester';
  return 'none';
}

/** Whether a champion covers the request's system, directly or by its department. */
export function covers(viewer: Viewer, request: Pick<RequestScope, 'systemId' | 'department'>): boolean {
  return viewer.coverage.systemIds.includes(request.systemId) || viewer.coverage.departments.includes(request.department);
}
