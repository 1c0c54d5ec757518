import type { Role } from '../accounts/user.entity.js';

/** Who is looking. */
export interface Viewer {
  id: string;
  role: Role;
  coverage: { systemIds: readonly string[]; departments: readonly string[] };
}

/** What decides who may see a request: whose it is and the department that person works in. */
export interface RequestScope {
  requesterId: string;
  /** The requester's department (null: not known, so no champion sees it). */
  requesterDepartment: string | null;
}

export type Access = 'requester' | 'triager' | 'none';

/**
 * The privacy rule for adjustment requests. Staff see their own; champions see requests made by
 * people in the departments they cover (and their own); admins see all. Everyone else gets
 * 'none', which pages answer with 404, so they cannot even tell that the request exists.
 *
 * It goes by the requester's department, never by the system's: any champion may edit a system,
 * so a rule based on the system would let one move a system into their own department and read
 * other departments' health information. A request whose requester has no department is seen
 * only by the requester and admins.
 */
export function accessTo(viewer: Viewer, request: RequestScope): Access {
  if (viewer.id === request.requesterId) return 'requester';
  if (viewer.role === 'admin') return 'triager';
  if (viewer.role === 'champion' && covers(viewer, request)) return 'triager';
  return 'none';
}

/** Whether a champion covers the requester's department. */
export function covers(viewer: Viewer, request: Pick<RequestScope, 'requesterDepartment'>): boolean {
  return request.requesterDepartment !== null && viewer.coverage.departments.includes(request.requesterDepartment);
}
