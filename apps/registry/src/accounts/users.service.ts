import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import { InvalidInputError, NotFoundError } from '../common/errors.js';
import { Page } from '../common/pagination.js';
import { afterFailedSignIn, afterSuccessfulSignIn, isLocked, LOCKOUT_MINUTES } from './sign-in-policy.js';
import { ROLES, User, type Role } from './user.entity.js';
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
  systemSlugs?: string[];
  departments?: string[];
}

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
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
    if (errors.length) throw new InvalidInputError(errors);
    if (await this.users.findOneBy({ email })) {
      throw new InvalidInputError([{ field: 'email', message: `There is already an account for ${email}` }]);
    }
    const passwordHash = input.password != null ? await bcrypt.hash(input.password, BCRYPT_ROUNDS) : null;
    return this.dataSource.transaction(async (em) => {
      const user = await em.save(
        em.create(User, { email, name: input.name.trim(), role: input.role, passwordHash, oidcSubject: input.oidcSubject ?? null }),
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

  /** Single sign-on: the account with this email (linking the provider's subject), or a new staff account. */
  async findOrCreateForSso(rawEmail: string, name: string, subject: string): Promise<User> {
    const email = normaliseEmail(rawEmail);
    const bySubject = await this.users.findOneBy({ oidcSubject: subject });
    if (bySubject) return bySubject;
    const byEmail = await this.users.findOneBy({ email });
    if (byEmail) {
      if (!byEmail.oidcSubject) await this.users.update({ id: byEmail.id }, { oidcSubject: subject });
      return byEmail;
    }
    return this.create({ email, name: name || email, role: 'staff', oidcSubject: subject });
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

  /** An admin changes someone's role and what they cover (coverage only matters for champions). */
  async updateAccess(id: string, role: Role, systemSlugs: string[], departments: string[]): Promise<void> {
    if (!ROLES.includes(role)) throw new InvalidInputError([{ field: 'role', message: 'Choose a role' }]);
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundError('account', id);
    await this.dataSource.transaction(async (em) => {
      await em.update(User, { id }, { role });
      await em.query(`DELETE FROM app_user_system WHERE user_id = $1`, [id]);
      await em.query(`DELETE FROM app_user_department WHERE user_id = $1`, [id]);
      await this.writeCoverage(em, id, systemSlugs, departments);
    });
  }

  async unlock(id: string): Promise<void> {
    const result = await this.users.update({ id }, afterSuccessfulSignIn());
    if (!result.affected) throw new NotFoundError('account', id);
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    const result = await this.users.update({ id }, { disabled });
    if (!result.affected) throw new NotFoundError('account', id);
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
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      disabled: user.disabled,
      locked: isLocked(user, now),
      lockedUntil: user.lockedUntil,
      lastSignedInAt: user.lastSignedInAt,
      systems,
      departments: [...departments],
    };
  }
}

export const LOCKOUT_MESSAGE = `There have been too many wrong passwords for this account. It is locked for ${LOCKOUT_MINUTES} minutes; try again later, or ask an administrator to unlock it.`;
