import { recordChange } from '../audit/changes.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { InvalidInputError, NotFoundError, UnauthorizedError } from '../common/errors.js';
import { Page, type PageQuery } from '../common/pagination.js';
import { AppConfig } from '../config/app-config.js';
import { ApiToken } from './api-token.entity.js';
import type { CreateTokenDto } from './dto/create-token.dto.js';
import { CreatedTokenResponse, TokenResponse } from './dto/token.response.js';
import type { Principal } from './principal.js';
import { bearerToken, generateToken, hashToken, keyIdOf, sameToken, tokenMatchesHash } from './token-secret.js';

/** last_used_at is refreshed at most this often, so a busy CI does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

interface SystemRow {
  token_id: string;
  id: string;
  slug: string;
  name: string;
}

/** API tokens: created by the admin, scoped to systems, used by CI as bearer tokens. */
@Injectable()
export class TokensService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    private readonly config: AppConfig,
  ) {}

  async create(dto: CreateTokenDto): Promise<CreatedTokenResponse> {
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new InvalidInputError([{ field: 'expiresAt', message: 'expiresAt must be in the future' }]);
    }
    const slugs = [...new Set(dto.systems)];
    const systems: { id: string; slug: string; name: string }[] = await this.dataSource.query(
      `SELECT id, slug, name FROM system WHERE slug = ANY($1::text[])`,
      [slugs],
    );
    const unknown = dto.systems
      .map((slug, index) => ({ slug, index }))
      .filter(({ slug }) => !systems.some((s) => s.slug === slug));
    if (unknown.length) {
      throw new InvalidInputError(
        unknown.map(({ slug, index }) => ({ field: `systems[${index}]`, message: `there is no system "${slug}"` })),
      );
    }
    const { token, keyId } = generateToken();
    const saved = await this.dataSource.transaction(async (em) => {
      const row = await em.save(em.create(ApiToken, { name: dto.name, keyId, secretHash: hashToken(token), expiresAt, lastUsedAt: null }));
      for (const system of systems) {
        await em.query(`INSERT INTO api_token_system (token_id, system_id) VALUES ($1, $2)`, [row.id, system.id]);
      }
      recordChange('token', row.id, null, { systems: systems.map((s) => s.slug).sort() });
      return row;
    });
    return CreatedTokenResponse.withSecret(saved, sortByName(systems), token);
  }

  async list(query: PageQuery): Promise<Page<TokenResponse>> {
    const [items, total] = await this.tokens.findAndCount({
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: query.offset,
      take: query.pageSize,
    });
    const systems = await this.systemsOf(items.map((t) => t.id));
    return Page.of(
      items.map((t) => TokenResponse.from(t, systems.get(t.id) ?? [])),
      total,
      query,
    );
  }

  async remove(id: string): Promise<void> {
    const token = await this.tokens.findOneBy({ id });
    if (!token) throw new NotFoundError('API token', id);
    await this.tokens.delete({ id });
    recordChange('token', id, token, null);
  }

  /**
   * Who an `Authorization` header belongs to. The admin token is compared in constant time; a
   * stored token is found by its public key id and its hash compared in constant time.
   */
  async authenticate(header: string | undefined): Promise<Principal> {
    const presented = bearerToken(header);
    if (presented === undefined) {
      throw new UnauthorizedError(
        'This needs a token. Send "Authorization: Bearer <token>": the admin token (ATCOMPAT_ADMIN_TOKEN) or one an admin created at POST /api/v1/tokens.',
      );
    }
    if (presented === null) {
      throw new UnauthorizedError('The Authorization header must be "Bearer <token>".', 'invalid_token');
    }
    if (this.config.adminToken && sameToken(presented, this.config.adminToken)) return { kind: 'admin', label: 'admin' };

    const keyId = keyIdOf(presented);
    const token = keyId ? await this.tokens.findOneBy({ keyId }) : null;
    if (!token || !tokenMatchesHash(presented, token.secretHash)) {
      throw new UnauthorizedError('The token is not valid: it may have been mistyped or deleted.', 'invalid_token');
    }
    const now = new Date();
    if (token.expiresAt && token.expiresAt <= now) {
      throw new UnauthorizedError(`The token "${token.name}" expired at ${token.expiresAt.toISOString()}. Ask an admin for a new one.`, 'invalid_token');
    }
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.tokens.update({ id: token.id }, { lastUsedAt: now });
    }
    const systems = (await this.systemsOf([token.id])).get(token.id) ?? [];
    return {
      kind: 'token',
      tokenId: token.id,
      label: `token "${token.name}"`,
      systemIds: new Set(systems.map((s) => s.id)),
      systemSlugs: systems.map((s) => s.slug),
    };
  }

  private async systemsOf(tokenIds: string[]): Promise<Map<string, { id: string; slug: string; name: string }[]>> {
    const out = new Map<string, { id: string; slug: string; name: string }[]>();
    if (!tokenIds.length) return out;
    const rows: SystemRow[] = await this.dataSource.query(
      `SELECT ts.token_id, s.id, s.slug, s.name FROM api_token_system ts JOIN system s ON s.id = ts.system_id
       WHERE ts.token_id = ANY($1::uuid[]) ORDER BY s.name, s.slug`,
      [tokenIds],
    );
    for (const row of rows) {
      const list = out.get(row.token_id) ?? [];
      list.push({ id: row.id, slug: row.slug, name: row.name });
      out.set(row.token_id, list);
    }
    return out;
  }
}

function sortByName<T extends { name: string; slug: string }>(systems: T[]): T[] {
  return [...systems].sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
}
