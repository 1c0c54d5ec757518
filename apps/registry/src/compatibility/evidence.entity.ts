import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { CompatibilityStatus, EvidenceKind } from '@atcompat/contracts';
import { CompatibilityRecord } from './compatibility-record.entity.js';

/** Why we believe a compatibility record: a test by a person, a user's report, a CI run… */
@Entity()
export class Evidence {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  recordId!: string;

  @ManyToOne(() => CompatibilityRecord, (record) => record.evidence, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'record_id' })
  record?: Relation<CompatibilityRecord>;

  @Column('text')
  kind!: EvidenceKind;

  /** What this evidence found, when it states a status. */
  @Column('text', { nullable: true })
  result!: CompatibilityStatus | null;

  @Column('text')
  recordedBy!: string;

  @Column('timestamptz')
  observedAt!: Date;

  /** The exact AT build tested, when more precise than the record's version (e.g. 16.00.200.043). */
  @Column('text', { nullable: true })
  atBuild!: string | null;

  @Column('text', { nullable: true })
  browser!: string | null;

  @Column('text', { nullable: true })
  os!: string | null;

  @Column('text', { default: '' })
  notes!: string;

  @Column('uuid', { nullable: true })
  runId!: string | null;

  @Column('text', { nullable: true })
  runUrl!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
