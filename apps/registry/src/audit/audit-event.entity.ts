import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RecordChange } from './changes.js';

export type ActorKind = 'user' | 'admin-token' | 'api-token' | 'system';

/**
 * One change to the registry, or one look at or change to an adjustment request: who, what, when
 * and which record. `detail` holds ids, slugs and status names only, never what a person wrote.
 * `changes` holds each changed field's value before and after, except the free text of an
 * adjustment request and secrets, which are named but not copied (changes.ts).
 */
@Entity()
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('timestamptz', { default: () => 'now()' })
  occurredAt!: Date;

  @Column('text')
  actorKind!: ActorKind;

  @Column('text', { nullable: true })
  actorId!: string | null;

  @Column('text')
  actorLabel!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  recordType!: string;

  @Column('text', { nullable: true })
  recordId!: string | null;

  @Column('jsonb', { default: {} })
  detail!: Record<string, string | number | boolean | null>;

  @Column('jsonb', { default: [] })
  changes!: RecordChange[];
}
