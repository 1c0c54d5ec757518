import type { Request } from 'express';
import type { Role } from './user.entity.js';

/** What a champion covers: systems by id, and whole departments by name. */
export interface Coverage {
  systemIds: readonly string[];
  departments: readonly string[];
}

/** The person signed in to this browser, as pages and services see them. */
export interface WebUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** The department they work in (decides which champions see their adjustment requests). */
  department: string | null;
  coverage: Coverage;
  /** The session row, for signing out. */
  sessionId: string;
}

/** What templates get as `res.locals.user`: nothing about coverage or the session. */
export interface LocalsUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

const users = new WeakMap<Request, WebUser>();

export function setWebUser(req: Request, user: WebUser): void {
  users.set(req, user);
}

/** The signed-in person of a page request (set by the accounts middleware), or undefined. */
export function webUserOf(req: Request): WebUser | undefined {
  return users.get(req);
}

/** How roles rank: an admin may do what a champion may, a champion what staff may. */
export const ROLE_RANK: Record<Role, number> = { staff: 1, champion: 2, admin: 3 };

export function hasRole(user: Pick<WebUser, 'role'>, needed: Role): boolean {
  return ROLE_RANK[user.role] >= ROLE_RANK[needed];
}
