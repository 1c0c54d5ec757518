import { EventEmitter } from 'node:events';
import type { PGlite, Results } from '@electric-sql/pglite';

/** A `pg`-shaped result, as TypeORM's postgres driver reads it. */
interface PgResult {
  rows: unknown[];
  rowCount: number;
  command: string;
  fields: { name: string; dataTypeID: number }[];
}

type Callback<T> = (err: Error | null, value?: T) => void;

/**
 * How long a caller waits for the embedded database before giving up. PGlite has a single
 * connection, so a query runner that never releases (a bug: using the global manager inside a
 * transaction) would otherwise hang the service silently.
 */
const ACQUIRE_TIMEOUT_MS = 30_000;

/**
 * One PGlite connection lent to one TypeORM query runner at a time.
 *
 * PGlite is a single Postgres backend. The community driver shares it between all query runners,
 * so two concurrent transactions interleave their statements on one session (BEGIN … BEGIN …).
 * Here a query runner holds the connection from `connect` until `release`, as with a real pool
 * of size one, and everyone else queues.
 */
export class PgliteConnection extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  async query(sql: string, params?: unknown[] | Callback<PgResult>, cb?: Callback<PgResult>): Promise<PgResult> {
    const callback = typeof params === 'function' ? params : cb;
    const values = Array.isArray(params) ? params : undefined;
    let result: PgResult;
    try {
      result =
        values && values.length > 0
          ? toPgResult(await this.db.query(sql, values))
          : lastResult(await this.db.exec(sql));
    } catch (error) {
      callback?.(error as Error);
      throw error;
    }
    callback?.(null, result);
    return result;
  }
}

function toPgResult(result: Results): PgResult {
  return {
    rows: result.rows,
    rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length,
    command: result.command ?? '',
    fields: result.fields,
  };
}

/** A multi-statement string (migrations) answers with the last statement's result, like `pg`. */
function lastResult(results: Results[]): PgResult {
  const last = results[results.length - 1];
  return last ? toPgResult(last) : { rows: [], rowCount: 0, command: '', fields: [] };
}

/** The `Pool` class TypeORM's postgres driver instantiates (`driver.Pool`). */
/** What TypeORM needs of a pool class. */
export type PoolClass = new () => EventEmitter & {
  connect(callback: (err: Error | null, client?: PgliteConnection, release?: (err?: unknown) => void) => void): void;
  query(sql: string, params?: unknown[]): Promise<PgResult>;
  end(callback?: (err?: Error | null) => void): Promise<void>;
};

/** `closed` runs once the database has been closed (to release the data folder's lock). */
export function pglitePoolClass(open: () => Promise<PGlite>, closed?: () => void): PoolClass {
  let db: Promise<PGlite> | undefined;
  const waiting: (() => void)[] = [];
  let busy = false;

  const acquire = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (!busy) {
        busy = true;
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        const index = waiting.indexOf(grant);
        if (index >= 0) waiting.splice(index, 1);
        reject(new Error('The embedded database stayed busy for 30 seconds; a query runner was never released.'));
      }, ACQUIRE_TIMEOUT_MS);
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      waiting.push(grant);
    });

  const opened = (): Promise<PGlite> => db ?? Promise.reject(new Error('The embedded database has been closed.'));

  const releaseLock = () => {
    const next = waiting.shift();
    if (next) next();
    else busy = false;
  };

  return class PglitePool extends EventEmitter {
    constructor() {
      super();
      db ??= open();
    }

    connect(callback: (err: Error | null, client?: PgliteConnection, release?: (err?: unknown) => void) => void): void {
      void (async () => {
        let instance: PGlite;
        try {
          instance = await opened();
          await acquire();
        } catch (error) {
          callback(error as Error);
          return;
        }
        let released = false;
        callback(null, new PgliteConnection(instance), () => {
          if (released) return;
          released = true;
          releaseLock();
        });
      })();
    }

    async query(sql: string, params?: unknown[]): Promise<PgResult> {
      const instance = await opened();
      await acquire();
      try {
        return await new PgliteConnection(instance).query(sql, params);
      } finally {
        releaseLock();
      }
    }

    end(callback?: (err?: Error | null) => void): Promise<void> {
      const closing = (async () => {
        const instance = await db;
        db = undefined;
        try {
          if (instance && !instance.closed) await instance.close();
        } finally {
          closed?.();
        }
      })();
      closing.then(
        () => callback?.(null),
        (error: Error) => callback?.(error),
      );
      return closing;
    }
  };
}
