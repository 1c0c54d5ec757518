import type { WebUser } from './web-user.js';

/** The facts about a system that decide who may change it. */
export interface SystemScope {
  id: string;
  name: string;
  department: string;
}

type Editor = Pick<WebUser, 'role' | 'coverage'>;

/**
 * Whether this person may change a system and what hangs off it (releases, compatibility
 * records, evidence, known issues): admins always; champions for the systems they cover,
 * directly or by the system's department; staff never.
 */
export function mayEdit(user: Editor, system: Pick<SystemScope, 'id' | 'department'>): boolean {
  if (user.role === 'admin') return true;
  if (user.role !== 'champion') return false;
  return user.coverage.systemIds.includes(system.id) || user.coverage.departments.includes(system.department);
}

/**
 * Whether this person may put a system in `department` (making one, or moving one there): only
 * into a department they cover, so that no one can hand a system to a department to get at
 * what its champions see, nor take one out of another champion's hands.
 */
export function mayPlaceIn(user: Editor, department: string): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'champion' && user.coverage.departments.includes(department);
}
