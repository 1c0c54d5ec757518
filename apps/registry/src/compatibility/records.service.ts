import { recordChange } from '../audit/changes.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import type { EvidenceKind } from '@atcompat/contracts';
import { AssistiveTechService } from '../assistive-tech/assistive-tech.service.js';
import { InvalidInputError, NotFoundError, ConflictError } from '../common/errors.js';
import { Page } from '../common/pagination.js';
import { Where } from '../common/sql.js';
import { SystemsService } from '../systems/systems.service.js';
import { CompatibilityRecord } from './compatibility-record.entity.js';
import type { CreateEvidenceDto } from './dto/create-evidence.dto.js';
import type { CreateRecordDto, UpdateRecordDto } from './dto/create-record.dto.js';
import type { ListRecordsQuery } from './dto/list-records.query.js';
import { EvidenceResponse, RecordResponse, type RecordRow } from './dto/record.response.js';
import { Evidence } from './evidence.entity.js';
import { evidenceSetsStatus } from './evidence-strength.js';

/** The records read model: a record with its system, release, AT, version and state. */
const RECORD_SELECT = `
  SELECT r.id, r.browser, r.status, r.summary, r.workaround, r.last_verified_at, r.created_at, r.updated_at,
    s.slug AS system_slug, s.name AS system_name, sr.version AS release_version,
    at.slug AS at_slug, at.name AS at_name, at.profile AS at_profile, v.version AS at_version,
    st.best_evidence_kind, st.newer_release_exists, st.newer_at_version_exists,
    (SELECT count(*) FROM evidence e WHERE e.record_id = r.id) AS evidence_count
  FROM compatibility_record r
  JOIN compatibility_record_state st ON st.record_id = r.id
  JOIN system_release sr ON sr.id = r.release_id
  JOIN system s ON s.id = sr.system_id
  JOIN at_version v ON v.id = r.at_version_id
  JOIN assistive_technology at ON at.id = v.assistive_technology_id`;

/** What addEvidenceIn did: the evidence saved, the record after it, and whether it set the status. */
export interface AddedEvidence {
  evidence: Evidence;
  record: CompatibilityRecord;
  statusSet: boolean;
  /** The best-supported evidence kind on the record before this evidence (null: none). */
  previousStrongest: EvidenceKind | null;
}

/** Compatibility records and the evidence behind them. */
@Injectable()
export class RecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(CompatibilityRecord) private readonly records: Repository<CompatibilityRecord>,
    @InjectRepository(Evidence) private readonly evidence: Repository<Evidence>,
    private readonly systems: SystemsService,
    private readonly ats: AssistiveTechService,
  ) {}

  async list(query: ListRecordsQuery): Promise<Page<RecordResponse>> {
    if (query.release && !query.system) {
      throw new InvalidInputError([{ field: 'release', message: 'release can only be used together with system' }]);
    }
    if (query.atVersion && !query.assistiveTechnology) {
      throw new InvalidInputError([{ field: 'atVersion', message: 'atVersion can only be used together with assistiveTechnology' }]);
    }
    const where = new Where();
    if (query.system) where.add('s.slug = ?', query.system);
    if (query.release) where.add('sr.version = ?', query.release);
    if (query.assistiveTechnology) where.add('at.slug = ?', query.assistiveTechnology);
    if (query.atVersion) where.add('v.version = ?', query.atVersion);
    if (query.profile) where.add('at.profile = ?', query.profile);
    if (query.status) where.add('r.status = ?', query.status);
    if (query.needsRetest !== undefined) {
      where.add('(st.newer_release_exists OR st.newer_at_version_exists) = ?', query.needsRetest);
    }
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM (${RECORD_SELECT} ${where}) AS matching`, [
      ...where.params,
    ]);
    const limit = where.param(query.pageSize);
    const offset = where.param(query.offset);
    const rows: RecordRow[] = await this.dataSource.query(
      `${RECORD_SELECT} ${where}
       ORDER BY s.name, at.name, st.release_order_date DESC, st.release_created_at DESC,
         st.at_version_order_date DESC, st.at_version_created_at DESC, r.browser NULLS FIRST, r.id
       LIMIT ${limit} OFFSET ${offset}`,
      where.params,
    );
    return Page.of(rows.map((row) => RecordResponse.from(row)), Number(total), query);
  }

  async get(id: string): Promise<RecordResponse> {
    const row = await this.row(id);
    const evidence = await this.evidence.find({ where: { recordId: id }, order: { observedAt: 'DESC', createdAt: 'DESC' } });
    return RecordResponse.from(row, evidence);
  }

  async create(dto: CreateRecordDto): Promise<RecordResponse> {
    assertWorkaroundGiven(dto.status, dto.workaround);
    const release = await this.systems.findRelease(dto.system, dto.release);
    const atVersion = await this.ats.findVersion(dto.assistiveTechnology, dto.atVersion);
    const browser = dto.browser ?? null;
    const duplicate = await this.records
      .createQueryBuilder('r')
      .where('r.release_id = :releaseId AND r.at_version_id = :atVersionId', { releaseId: release.id, atVersionId: atVersion.id })
      .andWhere(`COALESCE(r.browser, '') = :browser`, { browser: browser ?? '' })
      .getOne();
    if (duplicate) {
      throw new ConflictError(
        'duplicate-record',
        `There is already a record for ${dto.system} ${dto.release} with ${dto.assistiveTechnology} ${dto.atVersion}` +
          `${browser ? ` in ${browser}` : ''} (${duplicate.id}). Update that one, or add evidence to it.`,
      );
    }
    const saved = await this.records.save(
      this.records.create({
        releaseId: release.id,
        atVersionId: atVersion.id,
        browser,
        status: dto.status,
        summary: dto.summary ?? '',
        workaround: dto.workaround ?? null,
        lastVerifiedAt: dto.lastVerifiedAt ? new Date(dto.lastVerifiedAt) : null,
      }),
    );
    return this.get(saved.id);
  }

  async update(id: string, dto: UpdateRecordDto): Promise<RecordResponse> {
    const record = await this.findRecord(id);
    const status = dto.status ?? record.status;
    const workaround = dto.workaround !== undefined ? dto.workaround : record.workaround;
    assertWorkaroundGiven(status, workaround);
    Object.assign(record, {
      ...dto,
      ...(dto.lastVerifiedAt !== undefined ? { lastVerifiedAt: dto.lastVerifiedAt ? new Date(dto.lastVerifiedAt) : null } : {}),
    });
    await this.records.save(record);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const record = await this.findRecord(id);
    const count = await this.evidence.countBy({ recordId: record.id });
    if (count > 0) {
      throw new ConflictError(
        'has-evidence',
        `This record has ${count} evidence entr${count === 1 ? 'y' : 'ies'}. Delete the evidence first if it really is wrong; otherwise update the record.`,
      );
    }
    await this.records.delete(record.id);
    recordChange('compatibility-record', record.id, record, null);
  }

  async listEvidence(id: string): Promise<EvidenceResponse[]> {
    await this.findRecord(id);
    const evidence = await this.evidence.find({ where: { recordId: id }, order: { observedAt: 'DESC', createdAt: 'DESC' } });
    return evidence.map((e) => EvidenceResponse.from(e));
  }

  /**
   * Adds evidence. When it states a result and is at least as well supported as the evidence
   * already there, the record takes that status (automated evidence never sets works on its own).
   */
  async addEvidence(id: string, dto: CreateEvidenceDto): Promise<EvidenceResponse> {
    const observedAt = new Date(dto.observedAt);
    if (observedAt.getTime() > Date.now() + 24 * 3600 * 1000) {
      throw new InvalidInputError([{ field: 'observedAt', message: 'observedAt must not be in the future' }]);
    }
    return this.dataSource.transaction(async (em) => EvidenceResponse.from((await this.addEvidenceIn(em, id, dto)).evidence));
  }

  /**
   * addEvidence inside the caller's transaction (run ingestion adds evidence to many records at
   * once). The record row is locked so that two writers cannot both decide the status.
   */
  async addEvidenceIn(em: EntityManager, id: string, dto: CreateEvidenceDto): Promise<AddedEvidence> {
    const observedAt = new Date(dto.observedAt);
    const record = await em.findOne(CompatibilityRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!record) throw new NotFoundError('compatibility record', id);
    const [strongest] = await em.query(`SELECT best_evidence_kind AS kind FROM compatibility_record_state WHERE record_id = $1`, [id]);
    const previousStrongest: EvidenceKind | null = strongest?.kind ?? null;
    const saved = await em.save(
      em.create(Evidence, {
        recordId: id,
        kind: dto.kind,
        result: dto.result ?? null,
        recordedBy: dto.recordedBy,
        observedAt,
        atBuild: dto.atBuild ?? null,
        browser: dto.browser ?? null,
        os: dto.os ?? null,
        notes: dto.notes ?? '',
        runId: dto.runId ?? null,
        runUrl: dto.runUrl ?? null,
      }),
    );
    const statusSet = Boolean(dto.result && evidenceSetsStatus(dto.kind, dto.result, previousStrongest));
    if (dto.result && statusSet) {
      if (dto.workaround?.trim()) record.workaround = dto.workaround.trim();
      assertWorkaroundGiven(dto.result, record.workaround, 'result');
      record.status = dto.result;
      if (!record.lastVerifiedAt || record.lastVerifiedAt < observedAt) record.lastVerifiedAt = observedAt;
      await em.save(record);
    }
    return { evidence: saved, record, statusSet, previousStrongest };
  }

  async removeEvidence(id: string, evidenceId: string): Promise<void> {
    const evidence = await this.evidence.findOneBy({ id: evidenceId, recordId: id });
    if (!evidence) throw new NotFoundError('evidence entry', evidenceId);
    await this.evidence.delete({ id: evidenceId, recordId: id });
    recordChange('evidence', evidence.id, evidence, null);
  }

  private async findRecord(id: string): Promise<CompatibilityRecord> {
    const record = await this.records.findOneBy({ id });
    if (!record) throw new NotFoundError('compatibility record', id);
    return record;
  }

  private async row(id: string): Promise<RecordRow> {
    const [row] = await this.dataSource.query(`${RECORD_SELECT} WHERE r.id = $1`, [id]);
    if (!row) throw new NotFoundError('compatibility record', id);
    return row as RecordRow;
  }
}

function assertWorkaroundGiven(status: string, workaround: string | null | undefined, statusField = 'status'): void {
  if (status === 'works-with-workaround' && !workaround?.trim()) {
    throw new InvalidInputError([
      { field: 'workaround', message: `workaround must describe the workaround when ${statusField} is works-with-workaround` },
    ]);
  }
}
