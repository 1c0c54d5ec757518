import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import { InvalidInputError, NotFoundError } from '../common/errors.js';
import { Page } from '../common/pagination.js';
import { afterFailedSignIn, afterSuccessfulSignIn, isLocked, LOCKOUT_MINUTES } from './sign-in-policy.js';
import { ROLES, User, type Role } from './user.entity.js';
import { recordChange } from '../audit/changes.js';
import type { Coverage } from './web-user.js';

/** bcrypt cost: about a tenth of a second a hash here, slow enough to make guessing expensive. */
export const BCRYPT_ROUNDS = 11;
export const MIN_PASSWORD_LENGTH = 12;

/** A bcrypt hash of nothing anyone can type, compared against when the email is unknown (same time either way). */
const DUMMY_HASH = bcrypt.hashSync('atcompat: no such account', 4).replace(/^\$2b\$04\$/, `$2b$${BCRYPT_ROUNDS}$`);

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'wrong-credentials' | 'locked' | 'disabled'; user?: User };

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password?: string | null;
  oidcSubject?: string | null;
  department?: string | null;
  systemSlugs?: string[];
  departments?: string[];
}

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
  department: string | null;
  disabled: boolean;
  locked: boolean;
  lockedUntil: Date | null;
  lastSignedInAt: Date | null;
  systems: { id: string; slug: string; name: string }[];
  departments: string[];
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const MAX_DEPARTMENT_LENGTH = 200;

/** A department as typed: trimmed; empty means none. */
export function normaliseDepartment(value: string | null | undefined): string | null {
  const department = (value ?? '').trim();
  return department === '' ? null : department;
}

function departmentErrors(department: string | null): { field: string; message: string }[] {
  return department && department.length > MAX_DEPARTMENT_LENGTH
    ? [{ field: 'department', message: `The department must be ${MAX_DEPARTMENT_LENGTH} characters or fewer` }]
    : [];
}

export function isEmail(value: string): boolean {
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value) && value.length <= 254;
}

/** People who sign in: accounts, passwords, lockout, roles and what champions cover. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  async create(input: NewUser): Promise<User> {
    const email = normaliseEmail(input.email);
    const errors = [];
    if (!isEmail(email)) errors.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.gov.uk' });
    if (!input.name.trim()) errors.push({ field: 'name', message: 'Enter a name' });
    if (!ROLES.includes(input.role)) errors.push({ field: 'role', message: `Role must be one of: ${ROLES.join(', ')}` });
    if (input.password != null && input.password.length < MIN_PASSWORD_LENGTH) {
      errors.push({ field: 'password', message: `The password must be at least ${MIN_PASSWORD_LENGTH} characters long` });
    }
    const department = normaliseDepartment(input.department);
    errors.push(...departmentErrors(department));
    if (errors.length) throw new InvalidInputError(errors);
    if (await this.users.findOneBy({ email })) {
      throw new InvalidInputError([{ field: 'email', message: `There is already an account for ${email}` }]);
    }
    const passwordHash = input.password != null ? await bcrypt.hash(input.password, BCRYPT_ROUNDS) : null;
    return this.dataSource.transaction(async (em) => {
      const user = await em.save(
        em.create(User, { email, name: input.name.trim(), role: input.role, department, passwordHash, oidcSubject: input.oidcSubject ?? null }),
      );
      await this.writeCoverage(em, user.id, input.systemSlugs ?? [], input.departments ?? []);
      return user;
    });
  }

  /**
   * Checks a password. An unknown email costs the same bcrypt time as a known one; a locked or
   * disabled account is refused before the password is compared (and a lock is not extended).
   */
  async signIn(rawEmail: string, password: string, now = new Date()): Promise<SignInResult> {
    const email = normaliseEmail(rawEmail);
    const user = email ? await this.users.findOneBy({ email }) : null;
    if (!user || !user.passwordHash) {
      await bcrypt.compare(password, DUMMY_HASH);
      return { ok: false, reason: 'wrong-credentials' };
    }
    if (user.disabled) return { ok: false, reason: 'disabled', user };
    if (isLocked(user, now)) return { ok: false, reason: 'locked', user };
    if (!(await bcrypt.compare(password, user.passwordHash))) {
      const next = afterFailedSignIn(user, now);
      await this.users.update({ id: user.id }, next);
      Object.assign(user, next);
      return { ok: false, reason: isLocked(next, now) ? 'locked' : 'wrong-credentials', user };
    }
    await this.users.update({ id: user.id }, { ...afterSuccessfulSignIn(), lastSignedInAt: now });
    return { ok: true, user };
  }

  /**
   * Single sign-on: the account with this email (linking the provider's subject), or a new staff
   * account. A department the provider states replaces the stored one (the organisation's
   * directory knows best who works where); when it states none, an admin's choice stays.
   */
  async findOrCreateForSso(rawEmail: string, name: string, subject: string, rawDepartment?: string | null): Promise<User> {
    const email = normaliseEmail(rawEmail);
    const department = normaliseDepartment(rawDepartment)?.slice(0, MAX_DEPARTMENT_LENGTH) ?? null;
    const existing = (await this.users.findOneBy({ oidcSubject: subject })) ?? (await this.users.findOneBy({ email }));
    if (!existing) return this.create({ email, name: name || email, role: 'staff', oidcSubject: subject, department });
    const before = { oidcSubject: existing.oidcSubject, department: existing.department };
    if (!existing.oidcSubject) existing.oidcSubject = subject;
    if (department !== null) existing.department = department;
    if (before.oidcSubject !== existing.oidcSubject || before.department !== existing.department) {
      await this.users.update({ id: existing.id }, { oidcSubject: existing.oidcSubject, department: existing.department });
      recordChange('account', existing.id, before, { oidcSubject: existing.oidcSubject, department: existing.department });
    }
    return existing;
  }

  async markSignedIn(id: string, now = new Date()): Promise<void> {
    await this.users.update({ id }, { lastSignedInAt: now });
  }

  async find(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: normaliseEmail(email) });
  }

  async coverageOf(userId: string): Promise<Coverage> {
    const systems: { system_id: string }[] = await this.dataSource.query(`SELECT system_id FROM app_user_system WHERE user_id = $1`, [userId]);
    const departments: { department: string }[] = await this.dataSource.query(
      `SELECT department FROM app_user_department WHERE user_id = $1 ORDER BY department`,
      [userId],
    );
    return { systemIds: systems.map((s) => s.system_id), departments: departments.map((d) => d.department) };
  }

  async list(page: number, pageSize: number, now = new Date()): Promise<Page<UserSummary>> {
    const [items, total] = await this.users.findAndCount({ order: { name: 'ASC', email: 'ASC' }, skip: (page - 1) * pageSize, take: pageSize });
    return Page.of(await Promise.all(items.map((u) => this.summary(u, now))), total, { page, pageSize });
  }

  async get(id: string, now = new Date()): Promise<UserSummary> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundError('account', id);
    return this.summary(user, now);
  }

  /**
   * An admin changes someone's role, their own department, and what they cover (coverage only
   * matters for champions). `department` undefined leaves it as it is.
   */
  async updateAccess(id: string, role: Role, systemSlugs: string[], departments: string[], rawDepartment?: string | null): Promise<void> {
    const department = rawDepartment === undefined ? undefined : normaliseDepartment(rawDepartment);
    const errors = [...(ROLES.includes(role) ? [] : [{ field: 'role', message: 'Choose a role' }]), ...departmentErrors(department ?? null)];
    if (errors.length) throw new InvalidInputError(errors);
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundError('account', id);
    const before = await this.accessOf(user);
    await this.dataSource.transaction(async (em) => {
      await em.update(User, { id }, { role, ...(department !== undefined ? { department } : {}) });
      await em.query(`DELETE FROM app_user_system WHERE user_id = $1`, [id]);
      await em.query(`DELETE FROM app_user_department WHERE user_id = $1`, [id]);
      await this.writeCoverage(em, id, systemSlugs, departments);
    });
    recordChange('account', id, before, await this.accessOf((await this.users.findOneBy({ id }))!));
  }

  /** Role, department and coverage as the audit log shows them (coverage by slug and name). */
  private async accessOf(user: User): Promise<Record<string, unknown>> {
    const systems: { slug: string }[] = await this.dataSource.query(
      `SELECT s.slug FROM app_user_system us JOIN system s ON s.id = us.system_id WHERE us.user_id = $1 ORDER BY s.slug`,
      [user.id],
    );
    const { departments } = await this.coverageOf(user.id);
    return { role: user.role, department: user.department, coveredSystems: systems.map((s) => s.slug), coveredDepartments: [...departments] };
  }

  async unlock(id: string): Promise<void> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundError('account', id);
    const after = afterSuccessfulSignIn();
    await this.users.update({ id }, after);
    recordChange('account', id, pick(user, Object.keys(after)), after);
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundError('account', id);
    await this.users.update({ id }, { disabled });
    recordChange('account', id, { disabled: user.disabled }, { disabled });
  }

  async setDepartment(id: string, rawDepartment: string | null): Promise<void> {
    const department = normaliseDepartment(rawDepartment);
    const errors = departmentErrors(department);
    if (errors.length) throw new InvalidInputError(errors);
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundError('account', id);
    await this.users.update({ id }, { department });
    recordChange('account', id, { department: user.department }, { department });
  }

  async setPassword(id: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new InvalidInputError([{ field: 'password', message: `The password must be at least ${MIN_PASSWORD_LENGTH} characters long` }]);
    }
    await this.users.update({ id }, { passwordHash: await bcrypt.hash(password, BCRYPT_ROUNDS), ...afterSuccessfulSignIn() });
  }

  /** Departments that have systems, for the coverage form. */
  async departments(): Promise<string[]> {
    const rows: { department: string }[] = await this.dataSource.query(`SELECT DISTINCT department FROM system ORDER BY department`);
    return rows.map((r) => r.department);
  }

  private async writeCoverage(em: EntityManager, userId: string, systemSlugs: string[], departments: string[]): Promise<void> {
    const slugs = [...new Set(systemSlugs)];
    if (slugs.length) {
      const systems: { id: string; slug: string }[] = await em.query(`SELECT id, slug FROM system WHERE slug = ANY($1::text[])`, [slugs]);
      const unknown = slugs.filter((s) => !systems.some((x) => x.slug === s));
      if (unknown.length) throw new InvalidInputError([{ field: 'systems', message: `There is no system ${unknown.map((u) => `"${u}"`).join(', ')}` }]);
      for (const system of systems) await em.query(`INSERT INTO app_user_system (user_id, system_id) VALUES ($1, $2)`, [userId, system.id]);
    }
    for (const department of [...new Set(departments.map((d) => d.trim()).filter(Boolean))]) {
      await em.query(`INSERT INTO app_user_department (user_id, department) VALUES ($1, $2)`, [userId, department]);
    }
  }

  private async summary(user: User, now: Date): Promise<UserSummary> {
    const systems: { id: string; slug: string; name: string }[] = await this.dataSource.query(
      `SELECT s.id, s.slug, s.name FROM app_user_system us JOIN system s ON s.id = us.system_id WHERE us.user_id = $1 ORDER BY s.name`,
      [user.id],
    );
    const { departments } = await this.coverageOf(user.id);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      department: user.department,
      disabled: user.disabled,
      locked: isLocked(user, now),
      lockedUntil: user.lockedUntil,
      lastSignedInAt: user.lastSignedInAt,
      systems,
      departments: [...departments],
    };
  }
}

function pick(source: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (source as Record<string, unknown>)[k]]));
}

export const LOCKOUT_MESSAGE = `There have been too many wrong passwords for this account. It is locked for ${LOCKOUT_MINUTES} minutes; try again later, or ask an administrator to unlock it.`;
