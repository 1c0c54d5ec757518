import type { CompatibilityStatus } from '@atcompat/contracts';
import {
  buildMatrix,
  csvField,
  matrixToCsv,
  pairKey,
  type MatrixAtColumn,
  type MatrixCellRecord,
  type MatrixSystemRow,
} from './matrix.js';

const system = (id: string, name: string, extra: Partial<MatrixSystemRow> = {}): MatrixSystemRow => ({
  id,
  slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  name,
  department: 'Finance',
  lifecycle: 'live',
  platform: 'web',
  ...extra,
});

const at = (id: string, name: string, profile: MatrixAtColumn['profile']): MatrixAtColumn => ({
  id,
  slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  name,
  vendor: 'Vendor',
  profile,
});

const record = (systemId: string, atId: string, status: CompatibilityStatus, extra: Partial<MatrixCellRecord> = {}): MatrixCellRecord => ({
  systemId,
  atId,
  recordId: `rec-${systemId}-${atId}`,
  status,
  release: '1.0.0',
  atVersion: '16',
  browser: 'Edge',
  evidence: 'manual',
  needsRetest: false,
  hasWorkaround: false,
  lastVerifiedAt: '2025-06-01T00:00:00.000Z',
  ...extra,
});

const payroll = system('s1', 'Payroll');
const ledger = system('s2', 'Ledger');
const portal = system('s3', 'Portal');
const dragon = at('a1', 'Dragon', 'speech');
const jaws = at('a2', 'JAWS', 'screen-reader');
const zoom = at('a3', 'ZoomText', 'magnifier');

const statusesOf = (row: { cells: { assistiveTechnology: string; status: string }[] }) =>
  Object.fromEntries(row.cells.map((cell) => [cell.assistiveTechnology, cell.status]));

describe(buildMatrix.name, () => {
  it('marks pairs without a record as untested, with no details', () => {
    const matrix = buildMatrix([payroll], [dragon, jaws], [record('s1', 'a1', 'works')], new Map());

    expect(matrix.assistiveTechnologies.map((a) => a.slug)).toEqual(['dragon', 'jaws']);
    expect(matrix.systems).toHaveLength(1);
    const [works, untested] = matrix.systems[0]!.cells;
    expect(works).toMatchObject({ assistiveTechnology: 'dragon', status: 'works', recordId: 'rec-s1-a1', release: '1.0.0', atVersion: '16' });
    expect(untested).toEqual({
      assistiveTechnology: 'jaws',
      status: 'untested',
      recordId: null,
      release: null,
      atVersion: null,
      browser: null,
      evidence: null,
      needsRetest: false,
      workaround: false,
      openKnownIssues: 0,
      lastVerifiedAt: null,
    });
  });

  it('does not leak internal ids into rows or columns', () => {
    const matrix = buildMatrix([payroll], [dragon], [], new Map());

    expect(matrix.systems[0]).not.toHaveProperty('id');
    expect(matrix.assistiveTechnologies[0]).not.toHaveProperty('id');
    expect(matrix.assistiveTechnologies[0]).toEqual({ slug: 'dragon', name: 'Dragon', vendor: 'Vendor', profile: 'speech' });
    expect(matrix.systems[0]).toMatchObject({ slug: 'payroll', name: 'Payroll', department: 'Finance', lifecycle: 'live', platform: 'web' });
  });

  it('copies the record flags into the cell', () => {
    const matrix = buildMatrix(
      [payroll],
      [dragon],
      [record('s1', 'a1', 'works-with-workaround', { needsRetest: true, hasWorkaround: true, evidence: 'automated', browser: null })],
      new Map(),
    );

    expect(matrix.systems[0]!.cells[0]).toMatchObject({
      status: 'works-with-workaround',
      needsRetest: true,
      workaround: true,
      evidence: 'automated',
      browser: null,
    });
  });

  it('puts each open known-issue count in the cell of its own system and AT', () => {
    const issues = new Map([
      [pairKey('s1', 'a2'), 3],
      [pairKey('s2', 'a1'), 1],
    ]);

    const matrix = buildMatrix([payroll, ledger], [dragon, jaws], [record('s1', 'a2', 'partial')], issues);

    const counts = matrix.systems.map((row) => row.cells.map((cell) => cell.openKnownIssues));
    expect(counts).toEqual([
      [0, 3],
      [1, 0],
    ]);
  });

  it('keeps the order of the systems and ATs it is given', () => {
    const matrix = buildMatrix([portal, payroll, ledger], [zoom, dragon], [], new Map());

    expect(matrix.systems.map((row) => row.slug)).toEqual(['portal', 'payroll', 'ledger']);
    expect(matrix.assistiveTechnologies.map((a) => a.slug)).toEqual(['zoomtext', 'dragon']);
    expect(matrix.systems.map((row) => row.cells.map((cell) => cell.assistiveTechnology))).toEqual([
      ['zoomtext', 'dragon'],
      ['zoomtext', 'dragon'],
      ['zoomtext', 'dragon'],
    ]);
  });

  it('counts every cell shown in the totals, untested ones included', () => {
    const matrix = buildMatrix(
      [payroll, ledger],
      [dragon, jaws, zoom],
      [record('s1', 'a1', 'works'), record('s1', 'a2', 'does-not-work'), record('s2', 'a1', 'works')],
      new Map(),
    );

    expect(matrix.totals).toEqual({
      works: 2,
      'works-with-workaround': 0,
      partial: 0,
      'does-not-work': 1,
      untested: 3,
    });
  });

  describe('with a status filter', () => {
    //            Dragon          JAWS            ZoomText
    // Payroll    works           does-not-work   untested
    // Ledger     works           works           untested
    // Portal     partial         untested        does-not-work
    const records = [
      record('s1', 'a1', 'works'),
      record('s1', 'a2', 'does-not-work'),
      record('s2', 'a1', 'works'),
      record('s2', 'a2', 'works'),
      record('s3', 'a1', 'partial'),
      record('s3', 'a3', 'does-not-work'),
    ];

    it('keeps only the rows and columns that have a cell of that status, and the other cells in those rows', () => {
      const matrix = buildMatrix([payroll, ledger, portal], [dragon, jaws, zoom], records, new Map(), 'does-not-work');

      expect(matrix.systems.map((row) => row.slug)).toEqual(['payroll', 'portal']);
      expect(matrix.assistiveTechnologies.map((a) => a.slug)).toEqual(['jaws', 'zoomtext']);
      expect(matrix.systems.map(statusesOf)).toEqual([
        { jaws: 'does-not-work', zoomtext: 'untested' },
        { jaws: 'untested', zoomtext: 'does-not-work' },
      ]);
    });

    it('counts only the cells shown in the totals', () => {
      const matrix = buildMatrix([payroll, ledger, portal], [dragon, jaws, zoom], records, new Map(), 'does-not-work');

      expect(matrix.totals).toEqual({
        works: 0,
        'works-with-workaround': 0,
        partial: 0,
        'does-not-work': 2,
        untested: 2,
      });
    });

    it('keeps other statuses in kept rows when the column also has a match', () => {
      const matrix = buildMatrix([payroll, ledger, portal], [dragon, jaws, zoom], records, new Map(), 'works');

      expect(matrix.systems.map((row) => row.slug)).toEqual(['payroll', 'ledger']);
      expect(matrix.assistiveTechnologies.map((a) => a.slug)).toEqual(['dragon', 'jaws']);
      expect(matrix.systems.map(statusesOf)).toEqual([
        { dragon: 'works', jaws: 'does-not-work' },
        { dragon: 'works', jaws: 'works' },
      ]);
      expect(matrix.totals).toMatchObject({ works: 3, 'does-not-work': 1, partial: 0, untested: 0 });
    });

    it('can filter on untested, the status of pairs with no record', () => {
      const matrix = buildMatrix([payroll, ledger], [dragon, jaws, zoom], records, new Map(), 'untested');

      expect(matrix.systems.map((row) => row.slug)).toEqual(['payroll', 'ledger']);
      expect(matrix.assistiveTechnologies.map((a) => a.slug)).toEqual(['zoomtext']);
      expect(matrix.totals.untested).toBe(2);
    });

    it('gives an empty matrix with zero totals when nothing has that status', () => {
      const matrix = buildMatrix([payroll, ledger, portal], [dragon, jaws, zoom], records, new Map(), 'works-with-workaround');

      expect(matrix.systems).toEqual([]);
      expect(matrix.assistiveTechnologies).toEqual([]);
      expect(Object.values(matrix.totals).every((n) => n === 0)).toBe(true);
    });
  });
});

describe(csvField.name, () => {
  it.each([
    ['plain text', 'plain text'],
    ['', ''],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['carriage\r\nreturn', '"carriage\r\nreturn"'],
  ])('writes %p as %p', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each(['=SUM(A1:A9)', '+1', '-1', '@cmd', '\tTAB', '\rCR'])('stops %p from running as a formula', (value) => {
    const field = csvField(value);

    expect(field.replace(/^"/, '').startsWith(`'${value.slice(0, 1)}`)).toBe(true);
    expect(field).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('both protects and quotes a formula that contains a comma', () => {
    expect(csvField('=HYPERLINK("http://x", "y")')).toBe(`"'=HYPERLINK(""http://x"", ""y"")"`);
  });

  it('leaves = + - @ alone when they are not the first character', () => {
    expect(csvField('a=b+c-d@e')).toBe('a=b+c-d@e');
  });
});

describe(matrixToCsv.name, () => {
  const parseLines = (csv: string) => csv.split('\r\n');

  it('writes a header row, then one row a system, with CRLF line endings', () => {
    const matrix = buildMatrix(
      [payroll, ledger],
      [dragon, jaws],
      [record('s1', 'a1', 'works'), record('s2', 'a2', 'partial')],
      new Map(),
    );

    const csv = matrixToCsv(matrix);

    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = parseLines(csv);
    expect(lines).toEqual([
      'System,System slug,Department,Lifecycle,Platform,Dragon (speech),JAWS (screen-reader)',
      'Payroll,payroll,Finance,live,web,works,untested',
      'Ledger,ledger,Finance,live,web,untested,partial',
      '',
    ]);
  });

  it('notes cells that need a retest and open known issues', () => {
    const matrix = buildMatrix(
      [payroll],
      [dragon, jaws, zoom],
      [record('s1', 'a1', 'works', { needsRetest: true }), record('s1', 'a2', 'partial', { needsRetest: true })],
      new Map([
        [pairKey('s1', 'a2'), 2],
        [pairKey('s1', 'a3'), 1],
      ]),
    );

    const [, row] = parseLines(matrixToCsv(matrix));

    expect(row).toBe(
      'Payroll,payroll,Finance,live,web,works (needs retest),"partial (needs retest, 2 known issue(s))",untested (1 known issue(s))',
    );
  });

  it('quotes names with commas, quotes and new lines, and defuses formulas in any field', () => {
    const tricky = system('s9', 'Payroll, "legacy"', {
      slug: 'payroll-legacy',
      department: '=cmd|calc!A1',
      lifecycle: 'live\nsoon',
      platform: '@web',
    });
    const formulaAt = at('a9', '+Reader', 'literacy');
    const matrix = buildMatrix([tricky], [formulaAt], [], new Map());

    const csv = matrixToCsv(matrix);

    expect(csv).toBe(
      "System,System slug,Department,Lifecycle,Platform,'+Reader (literacy)\r\n" +
        `"Payroll, ""legacy""",payroll-legacy,'=cmd|calc!A1,"live\nsoon",'@web,untested\r\n`,
    );
  });

  it('defuses a formula at the start of a header cell', () => {
    const matrix = buildMatrix([], [at('a9', 'x', 'literacy')], [], new Map());
    // A column header starts with the AT name; make it start with a formula character.
    matrix.assistiveTechnologies[0]!.name = '=1+1';

    const [header] = parseLines(matrixToCsv(matrix));

    expect(header).toBe("System,System slug,Department,Lifecycle,Platform,'=1+1 (literacy)");
  });

  it('writes only the header for an empty matrix', () => {
    expect(matrixToCsv(buildMatrix([], [], [], new Map()))).toBe('System,System slug,Department,Lifecycle,Platform\r\n');
  });
});
