import { PGlite } from '@electric-sql/pglite';
import type { DataSource as DataSourceType } from 'typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.js';
import { pglitePoolClass, type PgliteConnection, type PoolClass } from './pglite-pool.js';

type Pool = InstanceType<PoolClass>;
type Lease = { client: PgliteConnection; release: () => void };

/** `pool.connect` as a promise of the client and its release function. */
function connect(pool: Pool): Promise<Lease> {
  return new Promise((resolve, reject) => {
    pool.connect((err, client, release) => {
      if (err || !client || !release) reject(err ?? new Error('connect gave no client'));
      else resolve({ client, release: () => release() });
    });
  });
}

/** Lets every pending callback and I/O completion run once. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe(pglitePoolClass.name, () => {
  // Starting PGlite takes seconds, so the tests share one database (emptied after each) and each
  // gets a pool class of its own, with its own lock. Only the `end` test opens a database of its own.
  let shared: PGlite;
  let pool: Pool;
  let opened: number;

  beforeAll(async () => {
    shared = await PGlite.create('memory://');
  });

  afterAll(async () => {
    await shared?.close();
  });

  beforeEach(() => {
    opened = 0;
    const Pool = pglitePoolClass(async () => {
      opened += 1;
      return shared;
    });
    pool = new Pool();
  });

  afterEach(async () => {
    await shared.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  });

  it('opens the database once, however many pools and clients use it', async () => {
    await pool.query('SELECT 1');
    (await connect(new (pool.constructor as PoolClass)())).release();
    const first = await connect(pool);
    first.release();
    const second = await connect(pool);
    second.release();

    expect(opened).toBe(1);
  });

  it('lends the connection to one holder at a time', async () => {
    const events: string[] = [];
    const first = await connect(pool);
    events.push('first connected');

    const secondLease = connect(pool).then((lease) => {
      events.push('second connected');
      return lease;
    });
    // Give the second caller every chance to get the connection while the first still holds it.
    await first.client.query('SELECT 1');
    for (let i = 0; i < 5; i += 1) await tick();
    expect(events).toEqual(['first connected']);

    events.push('first released');
    first.release();
    const second = await secondLease;

    expect(events).toEqual(['first connected', 'first released', 'second connected']);
    second.release();
  });

  it('ignores a second release of the same client', async () => {
    const first = await connect(pool);
    first.release();
    first.release(); // must not hand the connection to two holders

    const second = await connect(pool);
    const events: string[] = [];
    const third = connect(pool).then((lease) => {
      events.push('third connected');
      return lease;
    });
    await second.client.query('SELECT 1');
    for (let i = 0; i < 5; i += 1) await tick();
    expect(events).toEqual([]);

    second.release();
    (await third).release();
    expect(events).toEqual(['third connected']);
  });

  it('makes pool.query wait while a client holds the connection', async () => {
    const events: string[] = [];
    const held = await connect(pool);
    await held.client.query('BEGIN; CREATE TABLE t (v text)');

    const outside = pool.query('SELECT count(*)::int AS n FROM t').then(
      (result) => {
        events.push('pool.query answered');
        return result;
      },
      (error: Error) => {
        events.push(`pool.query failed: ${error.message}`);
        throw error;
      },
    );
    await held.client.query(`INSERT INTO t VALUES ('x')`);
    for (let i = 0; i < 5; i += 1) await tick();
    expect(events).toEqual([]);

    await held.client.query('COMMIT');
    held.release();

    await expect(outside).resolves.toMatchObject({ rows: [{ n: 1 }] });
    expect(events).toEqual(['pool.query answered']);
  });

  it('keeps two concurrent transactions on separate clients from interleaving', async () => {
    await pool.query('CREATE TABLE t (v text NOT NULL)');
    const log: string[] = [];

    const transaction = async (name: string, end: 'COMMIT' | 'ROLLBACK') => {
      const { client, release } = await connect(pool);
      try {
        const run = async (sql: string, params?: unknown[]) => {
          log.push(`${name}: ${sql.split(' ')[0]}`);
          return client.query(sql, params);
        };
        await run('BEGIN');
        await run('INSERT INTO t (v) VALUES ($1)', [`${name}-1`]);
        await tick();
        await run('INSERT INTO t (v) VALUES ($1)', [`${name}-2`]);
        await run(end);
      } finally {
        release();
      }
    };

    await Promise.all([transaction('rolled-back', 'ROLLBACK'), transaction('committed', 'COMMIT')]);

    const { rows } = await pool.query('SELECT v FROM t ORDER BY v');
    expect(rows).toEqual([{ v: 'committed-1' }, { v: 'committed-2' }]);
    // Each transaction ran from BEGIN to its end without the other's statements in between.
    const owners = log.map((line) => line.split(':')[0]);
    const switches = owners.filter((owner, i) => i > 0 && owner !== owners[i - 1]).length;
    expect(switches).toBe(1);
    expect(log).toHaveLength(8);
  });

  it('answers a parameterised query with rows, rowCount, command and fields', async () => {
    await pool.query(`CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')`);
    const { client, release } = await connect(pool);
    try {
      const select = await client.query('SELECT id, v FROM t WHERE id >= $1 ORDER BY id', [2]);
      expect(select.rows).toEqual([
        { id: 2, v: 'b' },
        { id: 3, v: 'c' },
      ]);
      expect(select.rowCount).toBe(2);
      expect(select.command).toBe('SELECT');
      expect(select.fields.map((f) => f.name)).toEqual(['id', 'v']);

      const update = await client.query(`UPDATE t SET v = v || $1 WHERE id <= $2`, ['!', 2]);
      expect(update.command).toBe('UPDATE');
      expect(update.rowCount).toBe(2);
      expect(update.rows).toEqual([]);

      const insert = await client.query('INSERT INTO t VALUES ($1, $2) RETURNING id', [4, 'd']);
      expect(insert.command).toBe('INSERT');
      expect(insert.rowCount).toBe(1);
      expect(insert.rows).toEqual([{ id: 4 }]);

      const none = await client.query('DELETE FROM t WHERE id > $1', [100]);
      expect(none.command).toBe('DELETE');
      expect(none.rowCount).toBe(0);
    } finally {
      release();
    }
  });

  it('passes the result to a callback as well as returning it', async () => {
    const { client, release } = await connect(pool);
    try {
      const viaCallback = new Promise<unknown>((resolve, reject) => {
        void client.query('SELECT $1::int AS n', [7], (err, result) => (err ? reject(err) : resolve(result?.rows)));
      });
      await expect(viaCallback).resolves.toEqual([{ n: 7 }]);

      const noParams = new Promise<unknown>((resolve, reject) => {
        void client.query('SELECT 8 AS n', (err, result) => (err ? reject(err) : resolve(result?.rows)));
      });
      await expect(noParams).resolves.toEqual([{ n: 8 }]);
    } finally {
      release();
    }
  });

  it('runs a multi-statement string without parameters and answers with the last statement', async () => {
    const { client, release } = await connect(pool);
    try {
      const result = await client.query(`
        CREATE TABLE m (n int);
        INSERT INTO m VALUES (1), (2), (3);
        UPDATE m SET n = n * 10 WHERE n > 1;
        SELECT n FROM m ORDER BY n`);

      expect(result.command).toBe('SELECT');
      expect(result.rows).toEqual([{ n: 1 }, { n: 20 }, { n: 30 }]);
      expect(result.rowCount).toBe(3);

      const last = await client.query('INSERT INTO m VALUES (4); UPDATE m SET n = 0 WHERE n < 10', []);
      expect(last.command).toBe('UPDATE');
      expect(last.rowCount).toBe(2);
    } finally {
      release();
    }
  });

  it('sends a query error to the callback and rejects the promise', async () => {
    const { client, release } = await connect(pool);
    try {
      const cases: [string, unknown[] | undefined][] = [
        ['SELECT * FROM no_such_table', undefined],
        ['SELECT * FROM no_such_table WHERE id = $1', [1]],
      ];
      for (const [sql, params] of cases) {
        const errors: (Error | null)[] = [];
        const callback = (err: Error | null) => void errors.push(err);

        const promise = params ? client.query(sql, params, callback) : client.query(sql, callback);

        await expect(promise).rejects.toThrow(/no_such_table/);
        expect(errors).toHaveLength(1);
        expect(errors[0]?.message).toMatch(/no_such_table/);
      }

      // The connection is still usable afterwards.
      await expect(client.query('SELECT 1 AS ok')).resolves.toMatchObject({ rows: [{ ok: 1 }] });
    } finally {
      release();
    }
  });

  it('frees the connection when pool.query fails', async () => {
    await expect(pool.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);

    const lease = await connect(pool);
    lease.release();
    await expect(pool.query('SELECT 2 AS n')).resolves.toMatchObject({ rows: [{ n: 2 }] });
  });

  it('closes the database on end and calls back', async () => {
    let db: PGlite | undefined;
    const Pool = pglitePoolClass(async () => (db = await PGlite.create('memory://')));
    const own = new Pool();
    await own.query('SELECT 1');
    expect(db?.closed).toBe(false);

    const calledBack = new Promise<Error | null | undefined>((resolve) => {
      void own.end((err) => resolve(err));
    });

    await expect(calledBack).resolves.toBeNull();
    expect(db?.closed).toBe(true);
    await expect(own.end()).resolves.toBeUndefined(); // a second end is harmless
  });
});

describe('TypeORM on the PGlite pool', () => {
  let dataSource: DataSourceType;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions({ database: { kind: 'pglite', dataDir: 'memory://' }, migrationsRun: true }));
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
  });

  it('keeps concurrent transactions apart: the one that throws leaves nothing, the other commits', async () => {
    const insert = `INSERT INTO assistive_technology (slug, name, vendor, profile, platforms) VALUES ($1, $2, $3, $4, $5)`;
    const failure = new Error('second thoughts');

    const failing = dataSource.transaction(async (manager) => {
      await manager.query(insert, ['failing-reader', 'Failing Reader', 'Acme', 'screen-reader', ['windows']]);
      await tick();
      await manager.query(`UPDATE assistive_technology SET description = 'changed' WHERE slug = $1`, ['failing-reader']);
      throw failure;
    });
    const succeeding = dataSource.transaction(async (manager) => {
      await manager.query(insert, ['good-voice', 'Good Voice', 'Acme', 'speech', ['windows', 'macos']]);
      await tick();
      const [{ n }] = (await manager.query(`SELECT count(*)::int AS n FROM assistive_technology`)) as { n: number }[];
      return n;
    });

    const [failed, succeeded] = await Promise.allSettled([failing, succeeding]);

    expect(failed).toEqual({ status: 'rejected', reason: failure });
    // Inside its own transaction the successful one saw only its own row.
    expect(succeeded).toEqual({ status: 'fulfilled', value: 1 });
    const rows = (await dataSource.query(`SELECT slug, profile, platforms FROM assistive_technology ORDER BY slug`)) as unknown[];
    expect(rows).toEqual([{ slug: 'good-voice', profile: 'speech', platforms: ['windows', 'macos'] }]);
  });
});
