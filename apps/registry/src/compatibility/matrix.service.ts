import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AT_PROFILES } from '@atcompat/contracts';
import { Where } from '../common/sql.js';
import type { MatrixQuery } from './dto/matrix.query.js';
import { buildMatrix, pairKey, type Matrix, type MatrixAtColumn, type MatrixCellRecord, type MatrixSystemRow } from './matrix.js';

/**
 * The compatibility matrix: systems × assistive technologies, one status per cell.
 *
 * How a cell's record is chosen, when a system × AT pair has several records:
 *  1. the newest system release that has any record for that AT (a newer release with no record
 *     yet makes the cell "needs retest");
 *  2. within that release, the record with the best-supported evidence: manual test, then user
 *     report, then vendor statement, then automated run, then none;
 *  3. then the newest AT version; 4. then the most recently verified; 5. then the most recently updated.
 * "Newest" orders by release date, then by when it was entered.
 */
/**
 * The record chosen for every cell, in one pass over each table. It computes what the
 * `compatibility_record_state` view says of each record (best evidence, newer release, newer AT
 * version) set-wise: the view's per-record LATERAL subquery and EXISTS cost about a second on
 * 66,000 records (BENCHMARKS.md), while a record-at-a-time lookup (ingestion) still uses the view.
 * The spec checks that both agree on every record.
 */
export const CELL_RECORDS_SQL = `
  WITH best AS (
    SELECT DISTINCT ON (e.record_id) e.record_id, e.kind,
      CASE e.kind WHEN 'manual' THEN 4 WHEN 'user-report' THEN 3 WHEN 'vendor' THEN 2 ELSE 1 END AS strength
    FROM evidence e
    ORDER BY e.record_id, strength DESC, e.observed_at DESC
  ), rel AS (
    SELECT sr.id, sr.system_id, sr.version, sr.created_at,
      COALESCE(sr.released_on, (sr.created_at AT TIME ZONE 'UTC')::date) AS order_date,
      rank() OVER (PARTITION BY sr.system_id
        ORDER BY COALESCE(sr.released_on, (sr.created_at AT TIME ZONE 'UTC')::date) DESC, sr.created_at DESC) = 1 AS newest
    FROM system_release sr
  ), ver AS (
    SELECT v.id, v.assistive_technology_id, v.version, v.created_at,
      COALESCE(v.released_on, (v.created_at AT TIME ZONE 'UTC')::date) AS order_date,
      rank() OVER (PARTITION BY v.assistive_technology_id
        ORDER BY COALESCE(v.released_on, (v.created_at AT TIME ZONE 'UTC')::date) DESC, v.created_at DESC) = 1 AS newest
    FROM at_version v
  )
  SELECT DISTINCT ON (rel.system_id, ver.assistive_technology_id)
    rel.system_id AS "systemId", ver.assistive_technology_id AS "atId", r.id AS "recordId", r.status,
    rel.version AS release, ver.version AS "atVersion", r.browser, b.kind AS evidence,
    (NOT rel.newest OR NOT ver.newest) AS "needsRetest",
    (COALESCE(r.workaround, '') <> '') AS "hasWorkaround", r.last_verified_at AS "lastVerifiedAt"
  FROM compatibility_record r
  JOIN rel ON rel.id = r.release_id
  JOIN ver ON ver.id = r.at_version_id
  LEFT JOIN best b ON b.record_id = r.id
  ORDER BY rel.system_id, ver.assistive_technology_id,
    rel.order_date DESC, rel.created_at DESC,
    COALESCE(b.strength, 0) DESC,
    ver.order_date DESC, ver.created_at DESC,
    r.last_verified_at DESC NULLS LAST, r.updated_at DESC, r.id`;

@Injectable()
export class MatrixService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async matrix(query: MatrixQuery): Promise<Matrix> {
    const systemWhere = new Where();
    if (query.department) systemWhere.add('lower(s.department) = lower(?)', query.department.trim());
    if (query.lifecycle) systemWhere.add('s.lifecycle = ?', query.lifecycle);
    const systems: MatrixSystemRow[] = await this.dataSource.query(
      `SELECT s.id, s.slug, s.name, s.department, s.lifecycle, s.platform FROM system s ${systemWhere} ORDER BY s.name, s.id`,
      systemWhere.params,
    );

    const atWhere = new Where();
    if (query.profile) atWhere.add('at.profile = ?', query.profile);
    const ats: MatrixAtColumn[] = await this.dataSource.query(
      `SELECT at.id, at.slug, at.name, at.vendor, at.profile FROM assistive_technology at ${atWhere}`,
      atWhere.params,
    );
    ats.sort((a, b) => AT_PROFILES.indexOf(a.profile) - AT_PROFILES.indexOf(b.profile) || a.name.localeCompare(b.name));

    const rows: (Omit<MatrixCellRecord, 'lastVerifiedAt'> & { lastVerifiedAt: Date | null })[] = await this.dataSource.query(CELL_RECORDS_SQL);
    const records: MatrixCellRecord[] = rows.map((row) => ({
      ...row,
      lastVerifiedAt: row.lastVerifiedAt ? new Date(row.lastVerifiedAt).toISOString() : null,
    }));

    const issueRows: { systemId: string; atId: string; open: number }[] = await this.dataSource.query(`
      SELECT system_id AS "systemId", assistive_technology_id AS "atId", count(*)::int AS open
      FROM known_issue WHERE status = 'open' GROUP BY system_id, assistive_technology_id`);
    const openIssues = new Map(issueRows.map((row) => [pairKey(row.systemId, row.atId), row.open]));

    return buildMatrix(systems, ats, records, openIssues, query.status);
  }
}
