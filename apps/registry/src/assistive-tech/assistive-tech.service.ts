import { recordChange } from '../audit/changes.js';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, Repository } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors.js';
import { compareReleased, groupReleased } from '../common/ordering.js';
import { Page } from '../common/pagination.js';
import { slugify } from '../common/slug.js';
import { escapeLike } from '../common/sql.js';
import { AssistiveTechnology } from './assistive-technology.entity.js';
import { AtVersion } from './at-version.entity.js';
import { AssistiveTechnologyResponse, AtVersionResponse } from './dto/assistive-technology.response.js';
import type { CreateAssistiveTechnologyDto, UpdateAssistiveTechnologyDto } from './dto/create-assistive-technology.dto.js';
import type { CreateAtVersionDto, UpdateAtVersionDto } from './dto/create-at-version.dto.js';
import type { ListAssistiveTechnologiesQuery } from './dto/list-assistive-technologies.query.js';

/** The catalogue of assistive technologies and their versions. */
@Injectable()
export class AssistiveTechService {
  constructor(
    @InjectRepository(AssistiveTechnology) private readonly ats: Repository<AssistiveTechnology>,
    @InjectRepository(AtVersion) private readonly versions: Repository<AtVersion>,
  ) {}

  async list(query: ListAssistiveTechnologiesQuery): Promise<Page<AssistiveTechnologyResponse>> {
    const qb = this.ats.createQueryBuilder('at');
    if (query.profile) qb.andWhere('at.profile = :profile', { profile: query.profile });
    if (query.platform) qb.andWhere(':platform = ANY(at.platforms)', { platform: query.platform });
    if (query.vendor) qb.andWhere('lower(at.vendor) = lower(:vendor)', { vendor: query.vendor.trim() });
    if (query.q?.trim()) {
      const like = `%${escapeLike(query.q.trim())}%`;
      qb.andWhere(
        new Brackets((w) =>
          w.where('at.name ILIKE :like', { like }).orWhere('at.vendor ILIKE :like').orWhere('at.description ILIKE :like'),
        ),
      );
    }
    qb.orderBy('at.name', 'ASC').addOrderBy('at.id', 'ASC').skip(query.offset).take(query.pageSize);
    const [items, total] = await qb.getManyAndCount();
    const versions = await this.versionsFor(items.map((at) => at.id));
    return Page.of(
      items.map((at) => AssistiveTechnologyResponse.from(at, versions.get(at.id) ?? [])),
      total,
      query,
    );
  }

  async get(slug: string): Promise<AssistiveTechnologyResponse> {
    const at = await this.find(slug);
    return AssistiveTechnologyResponse.from(at, await this.sortedVersions(at.id));
  }

  async create(dto: CreateAssistiveTechnologyDto): Promise<AssistiveTechnologyResponse> {
    const slug = dto.slug ?? slugify(dto.name);
    if (!slug) throw new InvalidInputError([{ field: 'slug', message: 'slug could not be made from the name; give one' }]);
    await this.assertSlugFree(slug);
    const at = await this.ats.save(
      this.ats.create({
        slug,
        name: dto.name,
        vendor: dto.vendor,
        profile: dto.profile,
        platforms: dedupe(dto.platforms),
        website: dto.website ?? null,
        description: dto.description ?? '',
      }),
    );
    return AssistiveTechnologyResponse.from(at, []);
  }

  async update(slug: string, dto: UpdateAssistiveTechnologyDto): Promise<AssistiveTechnologyResponse> {
    const at = await this.find(slug);
    if (dto.slug && dto.slug !== at.slug) await this.assertSlugFree(dto.slug);
    Object.assign(at, {
      ...dto,
      ...(dto.platforms ? { platforms: dedupe(dto.platforms) } : {}),
    });
    await this.ats.save(at);
    return AssistiveTechnologyResponse.from(at, await this.sortedVersions(at.id));
  }

  async remove(slug: string): Promise<void> {
    const at = await this.find(slug);
    const versionCount = await this.versions.countBy({ assistiveTechnologyId: at.id });
    if (versionCount > 0) {
      throw new ConflictError(
        'has-versions',
        `${at.name} still has ${versionCount} version(s). Delete them first; a version with compatibility records cannot be deleted, so no evidence is lost.`,
      );
    }
    await this.ats.delete(at.id);
    recordChange('assistive-technology', at.id, at, null);
  }

  async listVersions(slug: string): Promise<AtVersionResponse[]> {
    const at = await this.find(slug);
    return (await this.sortedVersions(at.id)).map((v) => AtVersionResponse.from(v));
  }

  async getVersion(slug: string, version: string): Promise<AtVersionResponse> {
    return AtVersionResponse.from(await this.findVersion(slug, version));
  }

  async addVersion(slug: string, dto: CreateAtVersionDto): Promise<AtVersionResponse> {
    const at = await this.find(slug);
    assertSupportAfterRelease(dto.releasedOn ?? null, dto.endOfSupport ?? null);
    if (await this.versions.existsBy({ assistiveTechnologyId: at.id, version: dto.version })) {
      throw new ConflictError('duplicate-version', `${at.name} already has a version "${dto.version}".`);
    }
    const saved = await this.versions.save(
      this.versions.create({
        assistiveTechnologyId: at.id,
        version: dto.version,
        releasedOn: dto.releasedOn ?? null,
        endOfSupport: dto.endOfSupport ?? null,
        notes: dto.notes ?? '',
      }),
    );
    return AtVersionResponse.from(saved);
  }

  async updateVersion(slug: string, version: string, dto: UpdateAtVersionDto): Promise<AtVersionResponse> {
    const existing = await this.findVersion(slug, version);
    if (dto.version && dto.version !== existing.version) {
      if (await this.versions.existsBy({ assistiveTechnologyId: existing.assistiveTechnologyId, version: dto.version })) {
        throw new ConflictError('duplicate-version', `There is already a version "${dto.version}".`);
      }
    }
    Object.assign(existing, dto);
    assertSupportAfterRelease(existing.releasedOn, existing.endOfSupport);
    await this.versions.save(existing);
    return AtVersionResponse.from(existing);
  }

  async removeVersion(slug: string, version: string): Promise<void> {
    const existing = await this.findVersion(slug, version);
    // The foreign key refuses while compatibility records point here; the error filter says so.
    await this.versions.delete(existing.id);
    recordChange('at-version', existing.id, existing, null);
  }

  /** The AT with this slug, or a 404 naming it. */
  async find(slug: string): Promise<AssistiveTechnology> {
    const at = await this.ats.findOneBy({ slug });
    if (!at) throw new NotFoundError('assistive technology', slug);
    return at;
  }

  async findVersion(slug: string, version: string): Promise<AtVersion> {
    const at = await this.find(slug);
    const found = await this.versions.findOneBy({ assistiveTechnologyId: at.id, version });
    if (!found) throw new NotFoundError(`version of ${at.name}`, version);
    return found;
  }

  private async assertSlugFree(slug: string): Promise<void> {
    if (await this.ats.existsBy({ slug })) {
      throw new ConflictError('duplicate-slug', `An assistive technology with the slug "${slug}" already exists.`);
    }
  }

  private async sortedVersions(atId: string): Promise<AtVersion[]> {
    return (await this.versions.findBy({ assistiveTechnologyId: atId })).sort(compareReleased);
  }

  private async versionsFor(atIds: string[]): Promise<Map<string, AtVersion[]>> {
    const all = atIds.length ? await this.versions.findBy({ assistiveTechnologyId: In(atIds) }) : [];
    return groupReleased(all, (v) => v.assistiveTechnologyId);
  }
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

function assertSupportAfterRelease(releasedOn: string | null, endOfSupport: string | null): void {
  if (releasedOn && endOfSupport && endOfSupport < releasedOn) {
    throw new InvalidInputError([{ field: 'endOfSupport', message: 'endOfSupport must not be before releasedOn' }]);
  }
}
