import { AsyncLocalStorage } from 'node:async_hooks';
import { EventSubscriber, type EntityMetadata, type EntitySubscriberInterface, type InsertEvent, type UpdateEvent } from 'typeorm';

/** One field of one record: what it was and what it became (null: not set, or no record). */
export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

/** What one request did to one record. */
export interface RecordChange {
  recordType: string;
  recordId: string | null;
  action: 'created' | 'updated' | 'deleted';
  fields: FieldChange[];
}

/**
 * Fields whose values the audit log must not hold. Admins read the log, so it names a changed
 * field of an adjustment request but never copies what the person wrote about their health or
 * their work (nor a decision's reasons, which quote it); secrets and whole reports likewise.
 */
const NOT_RECORDED: Record<string, ReadonlySet<string>> = {
  adjustment: new Set(['barrier', 'need', 'contactDetails', 'decisionReason', 'alternative']),
  account: new Set(['passwordHash']),
  token: new Set(['secretHash']),
  run: new Set(['report']),
};
export const NOT_RECORDED_VALUE = '(not recorded)';

/** Bookkeeping columns: they change on every save and say nothing about what a person changed. */
const IGNORED_FIELDS = new Set(['id', 'createdAt', 'updatedAt']);
const MAX_VALUE_LENGTH = 300;

/** Table → the record type the audit log uses (the same words as the interceptor's route kinds). */
const RECORD_TYPES: Record<string, string> = {
  app_user: 'account',
  api_token: 'token',
  adjustment_request: 'adjustment',
  system_release: 'release',
};

/**
 * Tables whose rows are not registry changes in their own right: the log itself, sessions,
 * notifications and a request's history (its notes quote the request).
 */
const UNAUDITED_TABLES = new Set(['audit_event', 'user_session', 'notification', 'adjustment_event']);

const log = new AsyncLocalStorage<RecordChange[]>();

/** Runs `fn` with a fresh change log for this request (the audit interceptor does, for every write). */
export function withChangeLog<T>(fn: () => T): T {
  return log.run([], fn);
}

/** Takes (and clears) the changes recorded so far in this request; [] outside one. */
export function takeChanges(): RecordChange[] {
  const changes = log.getStore();
  if (!changes) return [];
  return changes.splice(0, changes.length);
}

/**
 * Notes what a write did to one record, for the audit event of the request it happens in.
 * `before` null: created; `after` null: deleted. Outside a request (the retention sweep, the
 * command line) there is no event to attach it to, and nothing is noted.
 */
export function recordChange(recordType: string, recordId: string | null, before: object | null, after: object | null): void {
  const changes = log.getStore();
  if (!changes) return;
  const fields = diff(recordType, before, after);
  const existing = changes.find((c) => c.recordType === recordType && c.recordId === recordId);
  if (!existing) {
    changes.push({ recordType, recordId, action: before === null ? 'created' : after === null ? 'deleted' : 'updated', fields });
    return;
  }
  // A second write to the same record in one request (a token and its systems): one entry, from
  // the first before to the last after.
  for (const field of fields) {
    const earlier = existing.fields.find((f) => f.field === field.field);
    if (earlier) earlier.after = field.after;
    else existing.fields.push(field);
  }
  if (after === null) existing.action = 'deleted';
}

function diff(recordType: string, before: object | null, after: object | null): FieldChange[] {
  const hidden = NOT_RECORDED[recordType] ?? new Set<string>();
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const names = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((n) => !IGNORED_FIELDS.has(n));
  const fields: FieldChange[] = [];
  for (const field of names) {
    if (hidden.has(field)) {
      // Never formatted: a run's report can be megabytes, and a request's words must not be copied.
      const had = before !== null && !isUnset(b[field]);
      const has = after !== null && !isUnset(a[field]);
      if (before !== null && after !== null && same(b[field], a[field])) continue;
      fields.push({ field, before: had ? NOT_RECORDED_VALUE : null, after: has ? NOT_RECORDED_VALUE : null });
      continue;
    }
    const was = before === null ? null : format(b[field]);
    const now = after === null ? null : format(a[field]);
    if (before !== null && after !== null && was === now) continue;
    fields.push({ field, before: was, after: now });
  }
  return fields;
}

function isUnset(value: unknown): boolean {
  return value === null || value === undefined;
}

function same(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  return JSON.stringify(x) === JSON.stringify(y);
}

function format(value: unknown): string | null {
  // An empty list is "not set" too: coverage removed reads the same as coverage never given.
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return null;
  let text: string;
  if (value instanceof Date) text = Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  else if (Array.isArray(value)) text = value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))).join(', ');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

function recordTypeOf(metadata: EntityMetadata): string {
  return RECORD_TYPES[metadata.tableName] ?? metadata.tableName.replace(/_/g, '-');
}

/** The entity's own columns (not relations), by property name. */
function columnsOf(metadata: EntityMetadata, entity: object): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const column of metadata.columns) {
    if (column.relationMetadata) continue;
    const value = (entity as Record<string, unknown>)[column.propertyName];
    if (value !== undefined) values[column.propertyName] = value;
  }
  return values;
}

/**
 * Notes every insert and every save of a loaded entity through TypeORM, so a new write endpoint
 * is audited field by field without anyone remembering to. What TypeORM cannot see (raw SQL, and
 * update/delete by criteria, which load no "before") the services note with recordChange().
 */
@EventSubscriber()
export class AuditChangeSubscriber implements EntitySubscriberInterface {
  afterInsert(event: InsertEvent<object>): void {
    if (UNAUDITED_TABLES.has(event.metadata.tableName) || !event.entity) return;
    const values = columnsOf(event.metadata, event.entity);
    recordChange(recordTypeOf(event.metadata), idOf(event.metadata, event.entity), null, values);
  }

  afterUpdate(event: UpdateEvent<object>): void {
    if (UNAUDITED_TABLES.has(event.metadata.tableName) || !event.entity || !event.databaseEntity) return;
    const before = columnsOf(event.metadata, event.databaseEntity);
    const after = { ...before, ...columnsOf(event.metadata, event.entity as object) };
    recordChange(recordTypeOf(event.metadata), idOf(event.metadata, event.databaseEntity), before, after);
  }
}

function idOf(metadata: EntityMetadata, entity: object): string | null {
  const id = metadata.getEntityIdMap(entity);
  const value = id ? Object.values(id)[0] : undefined;
  return typeof value === 'string' ? value : value === undefined || value === null ? null : String(value);
}

/** For services noting a change by hand: the record type TypeORM's subscriber would use. */
export function recordTypeOfTable(table: string): string {
  return RECORD_TYPES[table] ?? table.replace(/_/g, '-');
}
