import type { AtProfile, CompatibilityStatus, EvidenceKind } from '@atcompat/contracts';
import { COMPATIBILITY_STATUSES } from '@atcompat/contracts';

export interface MatrixSystemRow {
  id: string;
  slug: string;
  name: string;
  department: string;
  lifecycle: string;
  platform: string;
}

export interface MatrixAtColumn {
  id: string;
  slug: string;
  name: string;
  vendor: string;
  profile: AtProfile;
}

/** The record chosen for one system × AT pair (see `MatrixService` for how it is chosen). */
export interface MatrixCellRecord {
  systemId: string;
  atId: string;
  recordId: string;
  status: CompatibilityStatus;
  release: string;
  atVersion: string;
  browser: string | null;
  evidence: EvidenceKind | null;
  needsRetest: boolean;
  hasWorkaround: boolean;
  lastVerifiedAt: string | null;
}

export interface MatrixCell {
  assistiveTechnology: string;
  status: CompatibilityStatus;
  recordId: string | null;
  release: string | null;
  atVersion: string | null;
  browser: string | null;
  evidence: EvidenceKind | null;
  needsRetest: boolean;
  workaround: boolean;
  openKnownIssues: number;
  lastVerifiedAt: string | null;
}

export interface Matrix {
  assistiveTechnologies: Omit<MatrixAtColumn, 'id'>[];
  systems: (Omit<MatrixSystemRow, 'id'> & { cells: MatrixCell[] })[];
  totals: Record<CompatibilityStatus, number>;
}

export const pairKey = (systemId: string, atId: string) => `${systemId}:${atId}`;

/**
 * Lays the chosen records out as systems × ATs. A pair with no record is `untested`.
 * With `status`, keeps only the rows and columns that have at least one cell of that status
 * (the other cells in those rows stay, for context).
 */
export function buildMatrix(
  systems: MatrixSystemRow[],
  ats: MatrixAtColumn[],
  records: MatrixCellRecord[],
  openKnownIssues: Map<string, number>,
  status?: CompatibilityStatus,
): Matrix {
  const byPair = new Map(records.map((r) => [pairKey(r.systemId, r.atId), r]));
  const cellFor = (system: MatrixSystemRow, at: MatrixAtColumn): MatrixCell => {
    const record = byPair.get(pairKey(system.id, at.id));
    return {
      assistiveTechnology: at.slug,
      status: record?.status ?? 'untested',
      recordId: record?.recordId ?? null,
      release: record?.release ?? null,
      atVersion: record?.atVersion ?? null,
      browser: record?.browser ?? null,
      evidence: record?.evidence ?? null,
      needsRetest: record?.needsRetest ?? false,
      workaround: record?.hasWorkaround ?? false,
      openKnownIssues: openKnownIssues.get(pairKey(system.id, at.id)) ?? 0,
      lastVerifiedAt: record?.lastVerifiedAt ?? null,
    };
  };

  let rows = systems.map((system) => ({ system, cells: ats.map((at) => cellFor(system, at)) }));
  let columns = ats.map((at, index) => ({ at, index }));
  if (status) {
    rows = rows.filter((row) => row.cells.some((cell) => cell.status === status));
    columns = columns.filter(({ index }) => rows.some((row) => row.cells[index]!.status === status));
  }

  const totals = Object.fromEntries(COMPATIBILITY_STATUSES.map((s) => [s, 0])) as Record<CompatibilityStatus, number>;
  const outRows = rows.map(({ system, cells }) => {
    const kept = columns.map(({ index }) => cells[index]!);
    for (const cell of kept) totals[cell.status] += 1;
    const { id: _id, ...rest } = system;
    return { ...rest, cells: kept };
  });
  return {
    assistiveTechnologies: columns.map(({ at }) => {
      const { id: _id, ...rest } = at;
      return rest;
    }),
    systems: outRows,
    totals,
  };
}

/** A spreadsheet cell that cannot run as a formula and survives commas, quotes and new lines. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The same view as CSV: one row a system, one column an assistive technology. */
export function matrixToCsv(matrix: Matrix): string {
  const header = [
    'System',
    'System slug',
    'Department',
    'Lifecycle',
    'Platform',
    ...matrix.assistiveTechnologies.map((at) => `${at.name} (${at.profile})`),
  ];
  const lines = [header.map(csvField).join(',')];
  for (const system of matrix.systems) {
    const cells = system.cells.map((cell) => {
      const notes = [cell.needsRetest ? 'needs retest' : '', cell.openKnownIssues ? `${cell.openKnownIssues} known issue(s)` : '']
        .filter(Boolean)
        .join(', ');
      return notes ? `${cell.status} (${notes})` : cell.status;
    });
    lines.push([system.name, system.slug, system.department, system.lifecycle, system.platform, ...cells].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
