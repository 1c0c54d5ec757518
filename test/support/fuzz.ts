import fc from 'fast-check';
import type { DataSource } from 'typeorm';

/** Row counts of every table (minus the migrations bookkeeping), to prove nothing was stored. */
export async function rowCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const tables: { name: string }[] = await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    if (name === 'migrations' || name === 'typeorm_metadata') continue;
    const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM "${name}"`);
    counts[name] = row.n;
  }
  return counts;
}

/** Strings an attacker (or a broken client) sends: injections, odd Unicode, huge numbers as text. */
export const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    "'; DROP TABLE system; --",
    "' OR '1'='1",
    '<script>alert(1)</script>',
    '{{7*7}}',
    '${process.exit()}',
    '\u0000',
    '\uD800',
    '../../../../etc/passwd',
    '%00',
    '9'.repeat(400),
    'a'.repeat(20_000),
    '__proto__',
  ),
);
