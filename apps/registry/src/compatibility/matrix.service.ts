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

    const rows: (Omit<MatrixCellRecord, 'lastVerifiedAt'> & { lastVerifiedAt: Date | null })[] = await this.dataSource.query(`
      SELECT DISTINCT ON (st.system_id, st.assistive_technology_id)
        st.system_id AS "systemId", st.assistive_technology_id AS "atId", r.id AS "recordId", r.status,
        sr.version AS release, v.version AS "atVersion", r.browser, st.best_evidence_kind AS evidence,
        (st.newer_release_exists OR st.newer_at_version_exists) AS "needsRetest",
        (COALESCE(r.workaround, '') <> '') AS "hasWorkaround", r.last_verified_at AS "lastVerifiedAt"
      FROM compatibility_record_state st
      JOIN compatibility_record r ON r.id = st.record_id
      JOIN system_release sr ON sr.id = r.release_id
      JOIN at_version v ON v.id = r.at_version_id
      ORDER BY st.system_id, st.assistive_technology_id,
        st.release_order_date DESC, st.release_created_at DESC,
        st.evidence_strength DESC,
        st.at_version_order_date DESC, st.at_version_created_at DESC,
        r.last_verified_at DESC NULLS LAST, r.updated_at DESC, r.id`);
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
