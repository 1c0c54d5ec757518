import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import { DomainError, InvalidInputError, NotFoundError } from '../common/errors.js';
import { Page } from '../common/pagination.js';
import { afterFailedSignIn, afterSuccessfulSignIn, isLocked, LOCKOUT_MINUTES, type LockoutState } from './sign-in-policy.js';
import { ROLES, User, type Role } from './user.entity.js';
import { recordChange } from '../audit/changes.js';
import type { Coverage } from './web-user.js';

/** Longest department a champion may cover: the limit of a system's department. */
export const MAX_DEPARTMENT_LENGTH = 200;

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

/** Rows for failures are forgotten this long after the last one (a lock lasts far less). */
const FAILURE_MEMORY_MS = 24 * 3_600_000;

/** The email failures are counted under: normalised, and cut to the longest an address can be, so a huge guess stores little. */
function failureKey(email: string): string {
  return normaliseEmail(email).slice(0, 320);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

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
   * Checks a password from one client address. Wrong passwords are counted per email and client
   * (sign_in_failure), for emails with and without an account alike, so a stranger elsewhere
   * cannot lock the real person out and every answer — wrong, locked — is the same whether the
   * email has an account or not: same path, same bcrypt comparison (against a dummy hash when
   * there is no account). Only the right password learns that an account is turned off.
   */
  async signIn(rawEmail: string, password: string, client: string, now = new Date()): Promise<SignInResult> {
    const email = failureKey(rawEmail);
    const user = email ? await this.users.findOneBy({ email }) : null;
    const found = user ?? undefined;
    if (isLocked(await this.failuresOf(email, client), now)) return { ok: false, reason: 'locked', user: found };
    const matches = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user?.passwordHash || !matches) {
      const next = await this.recordFailure(email, client, now);
      return { ok: false, reason: isLocked(next, now) ? 'locked' : 'wrong-credentials', user: found };
    }
    if (user.disabled) return { ok: false, reason: 'disabled', user };
    await this.dataSource.query(`DELETE FROM sign_in_failure WHERE email = $1 AND client_address = $2`, [email, client]);
    await this.users.update({ id: user.id }, { lastSignedInAt: now });
    return { ok: true, user };
  }

  private async failuresOf(email: string, client: string): Promise<LockoutState> {
    const [row] = await this.dataSource.query(
      `SELECT failed_count AS "failedSignIns", locked_until AS "lockedUntil" FROM sign_in_failure WHERE email = $1 AND client_address = $2`,
      [email, client],
    );
    return row ? { failedSignIns: row.failedSignIns, lockedUntil: row.lockedUntil ? new Date(row.lockedUntil) : null } : afterSuccessfulSignIn();
  }

  /** One more wrong password from `client` for `email`; the row is locked so parallel guesses all count. */
  private async recordFailure(email: string, client: string, now: Date): Promise<LockoutState> {
    return this.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO sign_in_failure (email, client_address, last_failed_at) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT uq_sign_in_failure_email_client DO NOTHING`,
        [email, client, now],
      );
      const [row] = await em.query(
        `SELECT failed_count AS "failedSignIns", locked_until AS "lockedUntil" FROM sign_in_failure WHERE email = $1 AND client_address = $2 FOR UPDATE`,
        [email, client],
      );
      const next = afterFailedSignIn({ failedSignIns: row.failedSignIns, lockedUntil: row.lockedUntil ? new Date(row.lockedUntil) : null }, now);
      await em.query(`UPDATE sign_in_failure SET failed_count = $3, locked_until = $4, last_failed_at = $5 WHERE email = $1 AND client_address = $2`, [
        email,
        client,
        next.failedSignIns,
        next.lockedUntil,
        now,
      ]);
      // Guesses at made-up emails leave rows behind: a day after the last one (and any lock), they go.
      await em.query(`DELETE FROM sign_in_failure WHERE last_failed_at < $1 AND (locked_until IS NULL OR locked_until < $1)`, [
        new Date(now.getTime() - FAILURE_MEMORY_MS),
      ]);
      return next;
    });
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
   * matters for champions). `department` undefined leaves it as it is. The last administrator
   * who can sign in cannot be made anything else (LastAdminError).
   */
  async updateAccess(id: string, role: Role, systemSlugs: string[], departments: string[], rawDepartment?: string | null): Promise<void> {
    const department = rawDepartment === undefined ? undefined : normaliseDepartment(rawDepartment);
    const errors = [...(ROLES.includes(role) ? [] : [{ field: 'role', message: 'Choose a role' }]), ...departmentErrors(department ?? null)];
    if (errors.length) throw new InvalidInputError(errors);
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundError('account', id);
    const before = await this.accessOf(user);
    await this.dataSource.transaction(async (em) => {
      if (role !== 'admin') await this.assertAnotherAdmin(em, id, 'role');
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

  /** Clears the account's wrong passwords from every client address. */
  async unlock(id: string): Promise<void> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundError('account', id);
    const [held] = await this.dataSource.query(`SELECT COALESCE(SUM(failed_count), 0)::int AS n FROM sign_in_failure WHERE email = $1`, [user.email]);
    await this.dataSource.query(`DELETE FROM sign_in_failure WHERE email = $1`, [user.email]);
    recordChange('account', id, { failedSignIns: Number(held?.n ?? 0) }, { failedSignIns: 0 });
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      if (disabled) await this.assertAnotherAdmin(em, id, 'disabled');
      const user = await em.findOneBy(User, { id });
      if (!user) throw new NotFoundError('account', id);
      await em.update(User, { id }, { disabled });
      recordChange('account', id, { disabled: user.disabled }, { disabled });
    });
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

  /**
   * Refuses to take `id` out of the administrators when no other enabled administrator remains.
   * Every administrator row is locked first (FOR UPDATE), so two admins demoting each other at the
   * same moment are taken one after the other: the second sees the first's change and is refused.
   */
  private async assertAnotherAdmin(em: EntityManager, id: string, field: 'role' | 'disabled'): Promise<void> {
    const admins: { id: string }[] = await em.query(`SELECT id FROM app_user WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`);
    if (admins.some((a) => a.id === id) && admins.length === 1) throw new LastAdminError(field);
  }

  async setPassword(id: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new InvalidInputError([{ field: 'password', message: `The password must be at least ${MIN_PASSWORD_LENGTH} characters long` }]);
    }
    await this.users.update({ id }, { passwordHash: await bcrypt.hash(password, BCRYPT_ROUNDS) });
    await this.dataSource.query(`DELETE FROM sign_in_failure WHERE email = (SELECT email FROM app_user WHERE id = $1)`, [id]);
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
    const named = [...new Set(departments.map((d) => d.trim()).filter(Boolean))];
    // A department is the text systems carry (at most 200 characters); a longer one overflowed the primary key's index (a 500).
    if (named.some((d) => d.length > MAX_DEPARTMENT_LENGTH)) {
      throw new InvalidInputError([{ field: 'departments', message: `Each department must be ${MAX_DEPARTMENT_LENGTH} characters or fewer` }]);
    }
    for (const department of named) {
      await em.query(`INSERT INTO app_user_department (user_id, department) VALUES ($1, $2)`, [userId, department]);
    }
  }

  private async summary(user: User, now: Date): Promise<UserSummary> {
    const systems: { id: string; slug: string; name: string }[] = await this.dataSource.query(
      `SELECT s.id, s.slug, s.name FROM app_user_system us JOIN system s ON s.id = us.system_id WHERE us.user_id = $1 ORDER BY s.name`,
      [user.id],
    );
    const { departments } = await this.coverageOf(user.id);
    // Locked from any client address: what an admin can clear with "Unlock".
    const [lock]: { lockedUntil: Date | null }[] = await this.dataSource.query(
      `SELECT max(locked_until) AS "lockedUntil" FROM sign_in_failure WHERE email = $1 AND locked_until > $2`,
      [user.email, now],
    );
    const lockedUntil = lock?.lockedUntil ? new Date(lock.lockedUntil) : null;
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      department: user.department,
      disabled: user.disabled,
      locked: lockedUntil !== null,
      lockedUntil,
      lastSignedInAt: user.lastSignedInAt,
      systems,
      departments: [...departments],
    };
  }
}

/** Said the same way whether the email has an account or not, so it does not tell which emails exist. */
export const LOCKOUT_MESSAGE = `There have been too many wrong passwords for this email address. Signing in with it from your network is locked for ${LOCKOUT_MINUTES} minutes; try again later, or ask an administrator to unlock it.`;

/** Taking away the last administrator would leave nobody able to manage accounts. */
export class LastAdminError extends DomainError {
  constructor(field: 'role' | 'disabled') {
    const message =
      field === 'role'
        ? 'This is the only administrator, so their role cannot be changed. Make someone else an administrator first.'
        : 'This is the only administrator, so their account cannot be turned off. Make someone else an administrator first.';
    super(409, 'last-admin', message, [{ field, message }]);
  }
}
