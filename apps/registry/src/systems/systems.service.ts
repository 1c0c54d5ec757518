import { recordChange } from '../audit/changes.js';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, Repository } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors.js';
import { compareReleased, groupReleased } from '../common/ordering.js';
import { Page } from '../common/pagination.js';
import { slugify } from '../common/slug.js';
import { escapeLike } from '../common/sql.js';
import type { CreateReleaseDto, UpdateReleaseDto } from './dto/create-release.dto.js';
import type { CreateSystemDto, UpdateSystemDto } from './dto/create-system.dto.js';
import type { ListSystemsQuery } from './dto/list-systems.query.js';
import { ReleaseResponse, SystemResponse } from './dto/system.response.js';
import { SystemRelease } from './system-release.entity.js';
import { System } from './system.entity.js';

/** Internal systems and their releases. */
@Injectable()
export class SystemsService {
  constructor(
    @InjectRepository(System) private readonly systems: Repository<System>,
    @InjectRepository(SystemRelease) private readonly releases: Repository<SystemRelease>,
  ) {}

  async list(query: ListSystemsQuery): Promise<Page<SystemResponse>> {
    const qb = this.systems.createQueryBuilder('s');
    if (query.department) qb.andWhere('lower(s.department) = lower(:department)', { department: query.department.trim() });
    if (query.lifecycle) qb.andWhere('s.lifecycle = :lifecycle', { lifecycle: query.lifecycle });
    if (query.platform) qb.andWhere('s.platform = :platform', { platform: query.platform });
    if (query.q?.trim()) {
      const like = `%${escapeLike(query.q.trim())}%`;
      qb.andWhere(
        new Brackets((w) =>
          w.where('s.name ILIKE :like', { like }).orWhere('s.owner ILIKE :like').orWhere('s.description ILIKE :like'),
        ),
      );
    }
    qb.orderBy('s.name', 'ASC').addOrderBy('s.id', 'ASC').skip(query.offset).take(query.pageSize);
    const [items, total] = await qb.getManyAndCount();
    const ids = items.map((s) => s.id);
    const releases = groupReleased(ids.length ? await this.releases.findBy({ systemId: In(ids) }) : [], (r) => r.systemId);
    return Page.of(
      items.map((s) => SystemResponse.from(s, releases.get(s.id) ?? [])),
      total,
      query,
    );
  }

  async get(slug: string): Promise<SystemResponse> {
    const system = await this.find(slug);
    return SystemResponse.from(system, await this.sortedReleases(system.id));
  }

  async create(dto: CreateSystemDto): Promise<SystemResponse> {
    const slug = dto.slug ?? slugify(dto.name);
    if (!slug) throw new InvalidInputError([{ field: 'slug', message: 'slug could not be made from the name; give one' }]);
    await this.assertSlugFree(slug);
    const system = await this.systems.save(
      this.systems.create({
        slug,
        name: dto.name,
        owner: dto.owner,
        department: dto.department,
        platform: dto.platform,
        lifecycle: dto.lifecycle,
        urls: [...new Set(dto.urls ?? [])],
        description: dto.description ?? '',
      }),
    );
    return SystemResponse.from(system, []);
  }

  async update(slug: string, dto: UpdateSystemDto): Promise<SystemResponse> {
    const system = await this.find(slug);
    if (dto.slug && dto.slug !== system.slug) await this.assertSlugFree(dto.slug);
    // A field given as undefined is a field left out: it must not blank the entity's value.
    const given = Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined));
    Object.assign(system, { ...given, ...(dto.urls ? { urls: [...new Set(dto.urls)] } : {}) });
    await this.systems.save(system);
    return SystemResponse.from(system, await this.sortedReleases(system.id));
  }

  async remove(slug: string): Promise<void> {
    const system = await this.find(slug);
    const releaseCount = await this.releases.countBy({ systemId: system.id });
    if (releaseCount > 0) {
      throw new ConflictError(
        'has-releases',
        `${system.name} still has ${releaseCount} release(s). Delete them first; a release with compatibility records cannot be deleted, so no evidence is lost.`,
      );
    }
    await this.systems.delete(system.id);
    recordChange('system', system.id, system, null);
  }

  async listReleases(slug: string): Promise<ReleaseResponse[]> {
    const system = await this.find(slug);
    return (await this.sortedReleases(system.id)).map((r) => ReleaseResponse.from(r));
  }

  async getRelease(slug: string, version: string): Promise<ReleaseResponse> {
    return ReleaseResponse.from(await this.findRelease(slug, version));
  }

  async addRelease(slug: string, dto: CreateReleaseDto): Promise<ReleaseResponse> {
    const system = await this.find(slug);
    if (await this.releases.existsBy({ systemId: system.id, version: dto.version })) {
      throw new ConflictError('duplicate-release', `${system.name} already has a release "${dto.version}".`);
    }
    const saved = await this.releases.save(
      this.releases.create({
        systemId: system.id,
        version: dto.version,
        releasedOn: dto.releasedOn ?? null,
        notes: dto.notes ?? '',
      }),
    );
    return ReleaseResponse.from(saved);
  }

  async updateRelease(slug: string, version: string, dto: UpdateReleaseDto): Promise<ReleaseResponse> {
    const release = await this.findRelease(slug, version);
    if (dto.version && dto.version !== release.version) {
      if (await this.releases.existsBy({ systemId: release.systemId, version: dto.version })) {
        throw new ConflictError('duplicate-release', `There is already a release "${dto.version}".`);
      }
    }
    Object.assign(release, dto);
    await this.releases.save(release);
    return ReleaseResponse.from(release);
  }

  async removeRelease(slug: string, version: string): Promise<void> {
    const release = await this.findRelease(slug, version);
    // The foreign key refuses while compatibility records point here; the error filter says so.
    await this.releases.delete(release.id);
    recordChange('release', release.id, release, null);
  }

  /** The system with this slug, or a 404 naming it. */
  async find(slug: string): Promise<System> {
    const system = await this.systems.findOneBy({ slug });
    if (!system) throw new NotFoundError('system', slug);
    return system;
  }

  async findRelease(slug: string, version: string): Promise<SystemRelease> {
    const system = await this.find(slug);
    const release = await this.releases.findOneBy({ systemId: system.id, version });
    if (!release) throw new NotFoundError(`release of ${system.name}`, version);
    return release;
  }

  private async assertSlugFree(slug: string): Promise<void> {
    if (await this.systems.existsBy({ slug })) {
      throw new ConflictError('duplicate-slug', `A system with the slug "${slug}" already exists.`);
    }
  }

  private async sortedReleases(systemId: string): Promise<SystemRelease[]> {
    return (await this.releases.findBy({ systemId })).sort(compareReleased);
  }
}
