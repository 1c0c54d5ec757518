import { recordChange } from '../audit/changes.js';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AssistiveTechService } from '../assistive-tech/assistive-tech.service.js';
import { NotFoundError } from '../common/errors.js';
import { Page } from '../common/pagination.js';
import { SystemsService } from '../systems/systems.service.js';
import type { CreateKnownIssueDto, ListKnownIssuesQuery, UpdateKnownIssueDto } from './dto/known-issue.dto.js';
import { KnownIssueResponse } from './dto/record.response.js';
import { KnownIssue } from './known-issue.entity.js';

/** Problems people meet with one AT in one system, and their workarounds. */
@Injectable()
export class KnownIssuesService {
  constructor(
    @InjectRepository(KnownIssue) private readonly issues: Repository<KnownIssue>,
    private readonly systems: SystemsService,
    private readonly ats: AssistiveTechService,
  ) {}

  async list(query: ListKnownIssuesQuery): Promise<Page<KnownIssueResponse>> {
    const qb = this.issues
      .createQueryBuilder('k')
      .innerJoinAndSelect('k.system', 's')
      .innerJoinAndSelect('k.assistiveTechnology', 'at');
    if (query.system) qb.andWhere('s.slug = :system', { system: query.system });
    if (query.assistiveTechnology) qb.andWhere('at.slug = :at', { at: query.assistiveTechnology });
    if (query.status) qb.andWhere('k.status = :status', { status: query.status });
    qb.orderBy('k.status', 'ASC').addOrderBy('k.updated_at', 'DESC').addOrderBy('k.id').skip(query.offset).take(query.pageSize);
    const [items, total] = await qb.getManyAndCount();
    return Page.of(items.map((i) => KnownIssueResponse.from(i)), total, query);
  }

  async get(id: string): Promise<KnownIssueResponse> {
    return KnownIssueResponse.from(await this.find(id));
  }

  async create(dto: CreateKnownIssueDto): Promise<KnownIssueResponse> {
    const system = await this.systems.find(dto.system);
    const at = await this.ats.find(dto.assistiveTechnology);
    const saved = await this.issues.save(
      this.issues.create({
        systemId: system.id,
        assistiveTechnologyId: at.id,
        title: dto.title,
        description: dto.description ?? '',
        workaround: dto.workaround ?? null,
        vendorBugUrl: dto.vendorBugUrl ?? null,
        affects: dto.affects ?? '',
        status: dto.status ?? 'open',
      }),
    );
    return this.get(saved.id);
  }

  async update(id: string, dto: UpdateKnownIssueDto): Promise<KnownIssueResponse> {
    const issue = await this.find(id);
    const { system: _s, assistiveTechnology: _a, ...columns } = issue;
    await this.issues.save({ ...columns, ...dto });
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const issue = await this.issues.findOneBy({ id });
    if (!issue) throw new NotFoundError('known issue', id);
    await this.issues.delete({ id });
    recordChange('known-issue', id, issue, null);
  }

  private async find(id: string): Promise<KnownIssue> {
    const issue = await this.issues.findOne({ where: { id }, relations: { system: true, assistiveTechnology: true } });
    if (!issue) throw new NotFoundError('known issue', id);
    return issue;
  }
}
