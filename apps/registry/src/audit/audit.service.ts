import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import type { Principal } from '../accounts/principal.js';
import { Page } from '../common/pagination.js';
import { AuditEvent, type ActorKind } from './audit-event.entity.js';
import { takeChanges, type RecordChange } from './changes.js';

export interface Actor {
  kind: ActorKind;
  id: string | null;
  label: string;
}

export type AuditDetail = Record<string, string | number | boolean | null>;

export interface AuditEntry {
  actor: Actor;
  kind: string;
  recordType: string;
  recordId?: string | null;
  detail?: AuditDetail;
  /** Field-level changes; by default those the request has noted so far (changes.ts), which are then taken. */
  changes?: RecordChange[];
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, label: 'atcompat' };

export function actorOf(principal: Principal | undefined): Actor {
  if (!principal) return { kind: 'system', id: null, label: 'anonymous' };
  switch (principal.kind) {
    case 'admin':
      return { kind: 'admin-token', id: null, label: 'admin token' };
    case 'token':
      return { kind: 'api-token', id: principal.tokenId, label: principal.label };
    case 'user':
      return { kind: 'user', id: principal.userId, label: principal.label };
  }
}

export interface AuditFilter {
  actor?: string;
  kind?: string;
  page: number;
  pageSize: number;
}

/** The audit log: written by the interceptor (registry changes) and by the adjustments service. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  async record(entry: AuditEntry, em?: EntityManager): Promise<void> {
    const row = {
      actorKind: entry.actor.kind,
      actorId: entry.actor.id,
      actorLabel: entry.actor.label,
      kind: entry.kind,
      recordType: entry.recordType,
      recordId: entry.recordId ?? null,
      detail: entry.detail ?? {},
      changes: entry.changes ?? takeChanges(),
    };
    if (em) await em.insert(AuditEvent, row);
    else await this.events.insert(row);
  }

  /** Newest first; `actor` matches part of the actor's name or email, `kind` the start of the kind. */
  async list(filter: AuditFilter): Promise<Page<AuditEvent>> {
    const qb = this.events.createQueryBuilder('e').orderBy('e.occurred_at', 'DESC').addOrderBy('e.id', 'DESC');
    if (filter.actor) qb.andWhere('e.actor_label ILIKE :actor', { actor: `%${escapeLike(filter.actor)}%` });
    if (filter.kind) qb.andWhere('e.kind LIKE :kind', { kind: `${escapeLike(filter.kind)}%` });
    const [items, total] = await qb.skip((filter.page - 1) * filter.pageSize).take(filter.pageSize).getManyAndCount();
    return Page.of(items, total, filter);
  }

  async kinds(): Promise<string[]> {
    const rows: { kind: string }[] = await this.events.query(`SELECT DISTINCT kind FROM audit_event ORDER BY kind`);
    return rows.map((r) => r.kind);
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
