import { Global, Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ForbiddenError } from '../common/errors.js';
import { mayEdit, mayPlaceIn, type SystemScope } from './coverage.js';
import type { WebUser } from './web-user.js';

/**
 * The one place pages ask whether a champion may change a system or what belongs to it
 * (coverage.ts has the rule). A record that does not exist passes, so the service answers 404.
 * The API needs no such check: it takes only tokens, never a session.
 */
@Injectable()
export class CoverageService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** 403 unless `user` may change this system (by slug, or already loaded). */
  async assertMayEdit(user: WebUser, system: string | SystemScope): Promise<void> {
    const scope = typeof system === 'string' ? await this.system(`SELECT id, name, department FROM system WHERE slug = $1`, system) : system;
    if (scope && !mayEdit(user, scope)) throw notCovered(scope);
  }

  /** 403 unless `user` may change the system this compatibility record is about. */
  async assertMayEditRecord(user: WebUser, recordId: string): Promise<void> {
    const scope = await this.system(
      `SELECT s.id, s.name, s.department FROM compatibility_record r
       JOIN system_release sr ON sr.id = r.release_id JOIN system s ON s.id = sr.system_id WHERE r.id = $1`,
      recordId,
    );
    if (scope && !mayEdit(user, scope)) throw notCovered(scope);
  }

  /** 403 unless `user` may change the system this known issue is about. */
  async assertMayEditIssue(user: WebUser, issueId: string): Promise<void> {
    const scope = await this.system(`SELECT s.id, s.name, s.department FROM known_issue k JOIN system s ON s.id = k.system_id WHERE k.id = $1`, issueId);
    if (scope && !mayEdit(user, scope)) throw notCovered(scope);
  }

  /** 403 unless `user` may put a system in this department (creating it there, or moving it there). */
  assertMayPlaceIn(user: WebUser, department: string): void {
    if (mayPlaceIn(user, department)) return;
    const covered = user.coverage.departments;
    throw new ForbiddenError(
      covered.length
        ? `You can only put systems in a department you cover (${covered.join(', ')}). Ask an administrator if ${department} should be added to what you cover.`
        : `You do not cover any department, so you cannot put a system in ${department}. Ask an administrator to add the department to what you cover.`,
    );
  }

  private async system(sql: string, key: string): Promise<SystemScope | null> {
    const [row]: SystemScope[] = await this.dataSource.query(sql, [key]);
    return row ?? null;
  }
}

function notCovered(system: SystemScope): ForbiddenError {
  return new ForbiddenError(
    `You can only change systems you cover. ${system.name} is in ${system.department}, which you do not cover. Ask an administrator if you should cover it.`,
  );
}

/** Global, so every module's pages can ask without importing the accounts module (which would be circular). */
@Global()
@Module({ providers: [CoverageService], exports: [CoverageService] })
export class CoverageModule {}
