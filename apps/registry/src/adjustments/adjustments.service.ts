import { recordChange } from '../audit/changes.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { WebUser } from '../accounts/web-user.js';
import { AuditService, SYSTEM_ACTOR, type Actor } from '../audit/audit.service.js';
import { InvalidInputError, NotFoundError, type FieldError } from '../common/errors.js';
import { ListRecordsQuery } from '../compatibility/dto/list-records.query.js';
import { RecordsService } from '../compatibility/records.service.js';
import { AppConfig } from '../config/app-config.js';
import { AdjustmentEvent, AdjustmentRequest } from './adjustment.entity.js';
import { NotificationsService } from './notifications.service.js';
import { accessTo, type Access } from './privacy.js';
import {
  CONTACT_METHODS,
  nextStatuses,
  notificationText,
  transition,
  URGENCIES,
  type AdjustmentStatus,
  type ContactMethod,
  type TransitionInput,
  type Urgency,
} from './workflow.js';

export const MAX_TEXT = 5000;

export interface NewAdjustment {
  system: string;
  assistiveTechnology: string;
  atVersion?: string;
  barrier: string;
  need: string;
  urgency: string;
  contactMethod: string;
  contactDetails?: string;
}

export interface Compatibility {
  system: { slug: string; name: string; department: string };
  assistiveTechnology: { slug: string; name: string };
  atVersion: string | null;
  records: { release: string; atVersion: string; status: string; summary: string; workaround: string | null; needsRetest: boolean }[];
  issues: { title: string; workaround: string | null; status: string }[];
}

export interface RequestView {
  id: string;
  access: Exclude<Access, 'none'>;
  requester: { id: string; name: string; email: string };
  system: { id: string; slug: string; name: string; department: string };
  assistiveTechnology: { slug: string; name: string };
  atVersion: string | null;
  barrier: string;
  need: string;
  urgency: Urgency;
  contactMethod: ContactMethod;
  contactDetails: string;
  status: AdjustmentStatus;
  decisionReason: string | null;
  alternative: string | null;
  reviewDueOn: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  history: { occurredAt: string; actorName: string; fromStatus: AdjustmentStatus | null; toStatus: AdjustmentStatus; note: string }[];
  /** What this viewer may move it to. */
  next: AdjustmentStatus[];
}

export interface RequestSummary {
  id: string;
  requesterName: string;
  systemName: string;
  assistiveTechnologyName: string;
  status: AdjustmentStatus;
  urgency: Urgency;
  createdAt: string;
  updatedAt: string;
  mine: boolean;
}

interface RequestRow {
  id: string;
  requester_id: string;
  requester_name: string;
  requester_email: string;
  requester_department: string | null;
  system_id: string;
  system_slug: string;
  system_name: string;
  department: string;
  at_slug: string;
  at_name: string;
  at_version: string | null;
}

const REQUEST_SELECT = `
  SELECT r.id, r.requester_id, u.name AS requester_name, u.email AS requester_email, u.department AS requester_department,
         s.id AS system_id, s.slug AS system_slug, s.name AS system_name, s.department,
         a.slug AS at_slug, a.name AS at_name, v.version AS at_version
  FROM adjustment_request r
  JOIN app_user u ON u.id = r.requester_id
  JOIN system s ON s.id = r.system_id
  JOIN assistive_technology a ON a.id = r.assistive_technology_id
  LEFT JOIN at_version v ON v.id = r.at_version_id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function actorFor(user: Pick<WebUser, 'id' | 'name' | 'email'>): Actor {
  return { kind: 'user', id: user.id, label: `${user.name} <${user.email}>` };
}

/**
 * Workplace-adjustment requests: private to the requester, the champions who cover the
 * requester's department and admins (privacy.ts); everyone else is told there is no such request
 * (404). Every read and change is audited by id, field names and statuses only.
 */
@Injectable()
export class AdjustmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(AdjustmentRequest) private readonly requests: Repository<AdjustmentRequest>,
    private readonly records: RecordsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Systems and assistive technologies (with versions) to choose from. */
  async choices(): Promise<{ systems: { slug: string; name: string }[]; ats: { slug: string; name: string; versions: string[] }[] }> {
    const systems: { slug: string; name: string }[] = await this.dataSource.query(`SELECT slug, name FROM system ORDER BY name`);
    const ats: { slug: string; name: string; versions: string[] | null }[] = await this.dataSource.query(
      `SELECT a.slug, a.name, array_remove(array_agg(v.version ORDER BY v.released_on DESC NULLS LAST, v.created_at DESC), NULL) AS versions
       FROM assistive_technology a LEFT JOIN at_version v ON v.assistive_technology_id = a.id
       GROUP BY a.id ORDER BY a.name`,
    );
    return { systems, ats: ats.map((a) => ({ ...a, versions: a.versions ?? [] })) };
  }

  /** What the registry knows about this pair: records (newest release first), their workarounds, open known issues. */
  async compatibility(systemSlug: string, atSlug: string, atVersion?: string): Promise<Compatibility | null> {
    const [system] = await this.dataSource.query(`SELECT id, slug, name, department FROM system WHERE slug = $1`, [systemSlug]);
    const [at] = await this.dataSource.query(`SELECT id, slug, name FROM assistive_technology WHERE slug = $1`, [atSlug]);
    if (!system || !at) return null;
    let version: string | null = null;
    if (atVersion) {
      const [v] = await this.dataSource.query(`SELECT version FROM at_version WHERE assistive_technology_id = $1 AND version = $2`, [at.id, atVersion]);
      version = v?.version ?? null;
    }
    const query = Object.assign(new ListRecordsQuery(), { system: systemSlug, assistiveTechnology: atSlug, pageSize: 5, page: 1 });
    if (version) query.atVersion = version;
    const page = await this.records.list(query);
    const issues: { title: string; workaround: string | null; status: string }[] = await this.dataSource.query(
      `SELECT title, workaround, status FROM known_issue WHERE system_id = $1 AND assistive_technology_id = $2 AND status = 'open' ORDER BY created_at DESC`,
      [system.id, at.id],
    );
    return {
      system: { slug: system.slug, name: system.name, department: system.department },
      assistiveTechnology: { slug: at.slug, name: at.name },
      atVersion: version,
      records: page.items.map((r) => ({
        release: r.release,
        atVersion: r.atVersion,
        status: r.status,
        summary: r.summary,
        workaround: r.workaround,
        needsRetest: r.needsRetest,
      })),
      issues,
    };
  }

  async create(user: WebUser, input: NewAdjustment): Promise<string> {
    const errors: FieldError[] = [];
    const [system] = await this.dataSource.query(`SELECT id FROM system WHERE slug = $1`, [input.system ?? '']);
    const [at] = await this.dataSource.query(`SELECT id FROM assistive_technology WHERE slug = $1`, [input.assistiveTechnology ?? '']);
    if (!system) errors.push({ field: 'system', message: 'Select the system you need for your job' });
    if (!at) errors.push({ field: 'assistiveTechnology', message: 'Select the assistive technology you use' });
    let atVersionId: string | null = null;
    if (at && input.atVersion) {
      const [v] = await this.dataSource.query(`SELECT id FROM at_version WHERE assistive_technology_id = $1 AND version = $2`, [at.id, input.atVersion]);
      if (!v) errors.push({ field: 'atVersion', message: 'Select a version from the list, or “I do not know”' });
      atVersionId = v?.id ?? null;
    }
    const barrier = (input.barrier ?? '').trim();
    const need = (input.need ?? '').trim();
    if (!barrier) errors.push({ field: 'barrier', message: 'Describe what gets in the way of doing your job' });
    else if (barrier.length > MAX_TEXT) errors.push({ field: 'barrier', message: `What gets in the way must be ${MAX_TEXT} characters or fewer` });
    if (!need) errors.push({ field: 'need', message: 'Describe what you need' });
    else if (need.length > MAX_TEXT) errors.push({ field: 'need', message: `What you need must be ${MAX_TEXT} characters or fewer` });
    if (!URGENCIES.includes(input.urgency as Urgency)) errors.push({ field: 'urgency', message: 'Select how urgent this is' });
    if (!CONTACT_METHODS.includes(input.contactMethod as ContactMethod)) errors.push({ field: 'contactMethod', message: 'Select how you would like to be contacted' });
    const contactDetails = (input.contactDetails ?? '').trim();
    if (contactDetails.length > 300) errors.push({ field: 'contactDetails', message: 'Contact details must be 300 characters or fewer' });
    if (errors.length) throw new InvalidInputError(errors);

    return this.dataSource.transaction(async (em) => {
      const saved = await em.save(
        em.create(AdjustmentRequest, {
          requesterId: user.id,
          systemId: system.id,
          assistiveTechnologyId: at.id,
          atVersionId,
          barrier,
          need,
          urgency: input.urgency as Urgency,
          contactMethod: input.contactMethod as ContactMethod,
          contactDetails,
          status: 'submitted',
        }),
      );
      await em.insert(AdjustmentEvent, { requestId: saved.id, actorId: user.id, actorName: user.name, fromStatus: null, toStatus: 'submitted', note: '' });
      await this.audit.record({ actor: actorFor(user), kind: 'adjustment.created', recordType: 'adjustment', recordId: saved.id }, em);
      return saved.id;
    });
  }

  /** One request, if this person may see it; otherwise NotFoundError, whether it exists or not. The look is audited. */
  async view(user: WebUser, id: string, audited = true): Promise<RequestView> {
    const { row, access } = await this.find(user, id);
    const request = (await this.requests.findOneBy({ id }))!;
    const history: { occurred_at: Date; actor_name: string; from_status: AdjustmentStatus | null; to_status: AdjustmentStatus; note: string }[] =
      await this.dataSource.query(
        `SELECT occurred_at, actor_name, from_status, to_status, note FROM adjustment_event WHERE request_id = $1 ORDER BY occurred_at, id`,
        [id],
      );
    // The data download audits once for all of a person's requests (exportFor).
    if (audited) await this.audit.record({ actor: actorFor(user), kind: 'adjustment.viewed', recordType: 'adjustment', recordId: id, detail: { as: access } });
    return {
      id,
      access,
      requester: { id: row.requester_id, name: row.requester_name, email: row.requester_email },
      system: { id: row.system_id, slug: row.system_slug, name: row.system_name, department: row.department },
      assistiveTechnology: { slug: row.at_slug, name: row.at_name },
      atVersion: row.at_version,
      barrier: request.barrier,
      need: request.need,
      urgency: request.urgency,
      contactMethod: request.contactMethod,
      contactDetails: request.contactDetails,
      status: request.status,
      decisionReason: request.decisionReason,
      alternative: request.alternative,
      reviewDueOn: request.reviewDueOn,
      closedAt: request.closedAt?.toISOString() ?? null,
      createdAt: request.createdAt.toISOString(),
      updatedAt: request.updatedAt.toISOString(),
      history: history.map((h) => ({
        occurredAt: new Date(h.occurred_at).toISOString(),
        actorName: h.actor_name,
        fromStatus: h.from_status,
        toStatus: h.to_status,
        note: h.note,
      })),
      next: nextStatuses(request.status, access),
    };
  }

  /** Moves a request on; the requester may only withdraw, triagers do the rest (workflow.ts). */
  async move(user: WebUser, id: string, input: TransitionInput, now = new Date()): Promise<AdjustmentStatus> {
    const { row, access } = await this.find(user, id);
    const request = (await this.requests.findOneBy({ id }))!;
    const outcome = transition(request, access, input, now.toISOString().slice(0, 10));
    if (!outcome.ok) throw new InvalidInputError(outcome.errors);
    const { result } = outcome;
    const from = request.status;
    await this.dataSource.transaction(async (em) => {
      const changed = {
        status: result.status,
        decisionReason: result.decisionReason,
        alternative: result.alternative,
        reviewDueOn: result.reviewDueOn,
        closedAt: result.closed ? now : null,
      };
      await em.update(AdjustmentRequest, { id }, changed);
      // Statuses and dates go in the log; the reasons and alternatives are named, not copied (changes.ts).
      const before = { status: request.status, decisionReason: request.decisionReason, alternative: request.alternative, reviewDueOn: request.reviewDueOn, closedAt: request.closedAt };
      recordChange('adjustment', id, before, changed);
      const note = result.status === 'declined' ? result.decisionReason ?? '' : result.status === 'partially-agreed' ? `Offered instead: ${result.alternative}` : (input.reason?.trim() ?? '');
      await em.insert(AdjustmentEvent, { requestId: id, actorId: user.id, actorName: user.name, fromStatus: from, toStatus: result.status, note: note.slice(0, MAX_TEXT) });
      await this.audit.record({ actor: actorFor(user), kind: 'adjustment.status-changed', recordType: 'adjustment', recordId: id, detail: { from, to: result.status } }, em);
    });
    if (row.requester_id !== user.id || result.status === 'withdrawn') {
      await this.notifications.notify({ id: row.requester_id, email: row.requester_email }, id, notificationText(result.status));
    }
    return result.status;
  }

  /** The requests this person made, and (for champions and admins) those they look after. */
  async listFor(user: WebUser): Promise<{ mine: RequestSummary[]; toTriage: RequestSummary[] }> {
    const rows: (RequestRow & { status: AdjustmentStatus; urgency: Urgency; created_at: Date; updated_at: Date })[] = await this.dataSource.query(
      `SELECT q.*, r.status, r.urgency, r.created_at, r.updated_at FROM (${REQUEST_SELECT}) q JOIN adjustment_request r ON r.id = q.id
       WHERE q.requester_id = $1
          OR ($2 = 'admin')
          OR ($2 = 'champion' AND q.requester_department = ANY($3::text[]))
       ORDER BY r.updated_at DESC`,
      [user.id, user.role, [...user.coverage.departments]],
    );
    const summaries = rows
      .filter((r) => accessTo(user, { requesterId: r.requester_id, requesterDepartment: r.requester_department }) !== 'none')
      .map((r) => ({
        id: r.id,
        requesterName: r.requester_name,
        systemName: r.system_name,
        assistiveTechnologyName: r.at_name,
        status: r.status,
        urgency: r.urgency,
        createdAt: new Date(r.created_at).toISOString(),
        updatedAt: new Date(r.updated_at).toISOString(),
        mine: r.requester_id === user.id,
      }));
    await this.audit.record({ actor: actorFor(user), kind: 'adjustment.listed', recordType: 'adjustment', detail: { count: summaries.length } });
    return { mine: summaries.filter((s) => s.mine), toTriage: summaries.filter((s) => !s.mine) };
  }

  /** Everything atcompat holds about this person's own requests (UK GDPR right of access). */
  async exportFor(user: WebUser): Promise<Record<string, unknown>> {
    const ids: { id: string }[] = await this.dataSource.query(`SELECT id FROM adjustment_request WHERE requester_id = $1 ORDER BY created_at`, [user.id]);
    const requests = [];
    for (const { id } of ids) {
      const { access: _access, next: _next, requester: _requester, system, ...rest } = await this.view(user, id, false);
      requests.push({ ...rest, system: { slug: system.slug, name: system.name, department: system.department } });
    }
    const notifications = (await this.notifications.allFor(user.id)).map((n) => ({
      message: n.message,
      requestId: n.requestId,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    }));
    await this.audit.record({ actor: actorFor(user), kind: 'adjustment.exported', recordType: 'adjustment', detail: { count: requests.length } });
    return {
      exportedAt: new Date().toISOString(),
      account: { name: user.name, email: user.email, role: user.role },
      adjustmentRequests: requests,
      notifications,
      retention: `Requests that are declined or withdrawn are deleted ${this.config.adjustmentRetentionDays} days after they close.`,
    };
  }

  /** For the champion's "record what we learned" form: system and AT only, nothing private. */
  async pairFor(user: WebUser, id: string): Promise<{ system: { slug: string; name: string }; assistiveTechnology: { slug: string; name: string }; atVersion: string | null }> {
    const { row, access } = await this.find(user, id);
    if (access !== 'triager') throw new NotFoundError('adjustment request', id);
    await this.audit.record({ actor: actorFor(user), kind: 'adjustment.viewed', recordType: 'adjustment', recordId: id, detail: { as: 'triager', for: 'registry-entry' } });
    return { system: { slug: row.system_slug, name: row.system_name }, assistiveTechnology: { slug: row.at_slug, name: row.at_name }, atVersion: row.at_version };
  }

  /**
   * Deletes requests closed longer ago than the retention period (with their history and
   * notifications), and marks adjustments whose review date has come as review due.
   */
  async sweep(now = new Date()): Promise<{ deleted: number; reviewDue: number }> {
    const cutoff = new Date(now.getTime() - this.config.adjustmentRetentionDays * 86_400_000);
    // TypeORM answers UPDATE and DELETE with [rows, affected count].
    const [deleted]: [{ id: string }[], number] = await this.dataSource.query(
      `DELETE FROM adjustment_request WHERE closed_at IS NOT NULL AND closed_at <= $1 RETURNING id`,
      [cutoff],
    );
    for (const { id } of deleted) {
      await this.audit.record({ actor: SYSTEM_ACTOR, kind: 'adjustment.deleted-after-retention', recordType: 'adjustment', recordId: id, detail: { retentionDays: this.config.adjustmentRetentionDays } });
    }
    const [due]: [{ id: string; requester_id: string; email: string }[], number] = await this.dataSource.query(
      `UPDATE adjustment_request r SET status = 'review-due', updated_at = now()
       FROM app_user u WHERE u.id = r.requester_id AND r.status = 'in-place' AND r.review_due_on <= $1::date
       RETURNING r.id, r.requester_id, u.email`,
      [now.toISOString().slice(0, 10)],
    );
    for (const request of due) {
      await this.dataSource.query(
        `INSERT INTO adjustment_event (request_id, actor_id, actor_name, from_status, to_status) VALUES ($1, NULL, 'atcompat', 'in-place', 'review-due')`,
        [request.id],
      );
      await this.audit.record({ actor: SYSTEM_ACTOR, kind: 'adjustment.status-changed', recordType: 'adjustment', recordId: request.id, detail: { from: 'in-place', to: 'review-due' } });
      await this.notifications.notify({ id: request.requester_id, email: request.email }, request.id, notificationText('review-due'));
    }
    return { deleted: deleted.length, reviewDue: due.length };
  }

  /** The privacy gate: 404 for a malformed id, a missing request, or one this person may not see. */
  private async find(user: WebUser, id: string): Promise<{ row: RequestRow; access: Exclude<Access, 'none'> }> {
    if (!UUID.test(id)) throw new NotFoundError('adjustment request', id);
    const [row]: RequestRow[] = await this.dataSource.query(`${REQUEST_SELECT} WHERE r.id = $1`, [id]);
    const access = row ? accessTo(user, { requesterId: row.requester_id, requesterDepartment: row.requester_department }) : 'none';
    if (!row || access === 'none') throw new NotFoundError('adjustment request', id);
    return { row, access };
  }
}
