import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { UserSession } from './session.entity.js';
import { hashSessionId, isWellFormedSessionId, newSessionId } from './session-secret.js';
import { sessionExpiry, sessionIsLive, shouldTouchSession } from './sign-in-policy.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';
import type { WebUser } from './web-user.js';

/** Sign-in sessions kept in the database; the browser holds the only copy of the id. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(UserSession) private readonly sessions: Repository<UserSession>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly accounts: UsersService,
    private readonly config: AppConfig,
  ) {}

  private get limits() {
    return { idleMinutes: this.config.sessionIdleMinutes, maxHours: this.config.sessionMaxHours };
  }

  /** Starts a session for a user; returns the id for the cookie (never stored). */
  async start(userId: string, now = new Date()): Promise<{ id: string; expiresAt: Date }> {
    const id = newSessionId();
    const expiresAt = sessionExpiry(now, this.limits);
    await this.sessions.insert({ tokenHash: hashSessionId(id), userId, createdAt: now, lastSeenAt: now, expiresAt });
    return { id, expiresAt };
  }

  /** The signed-in person for a cookie value, or null (unknown, expired, idle too long, or disabled). */
  async resolve(cookie: unknown, now = new Date()): Promise<WebUser | null> {
    if (!isWellFormedSessionId(cookie)) return null;
    const session = await this.sessions.findOneBy({ tokenHash: hashSessionId(cookie) });
    if (!session) return null;
    if (!sessionIsLive(session, this.limits, now)) {
      await this.sessions.delete({ id: session.id });
      return null;
    }
    const user = await this.users.findOneBy({ id: session.userId });
    if (!user || user.disabled) return null;
    if (shouldTouchSession(session, now)) await this.sessions.update({ id: session.id }, { lastSeenAt: now });
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      department: user.department,
      coverage: await this.accounts.coverageOf(user.id),
      sessionId: session.id,
    };
  }

  async end(sessionId: string): Promise<void> {
    await this.sessions.delete({ id: sessionId });
  }

  /** Signs someone out everywhere (role changed, account disabled). */
  async endAllFor(userId: string): Promise<void> {
    await this.sessions.delete({ userId });
  }

  /** Removes sessions past their absolute expiry (idle ones go when next presented). */
  async sweep(now = new Date()): Promise<number> {
    const result = await this.sessions.delete({ expiresAt: LessThan(now) });
    return result.affected ?? 0;
  }
}
