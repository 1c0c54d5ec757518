import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { AssistiveTechnology } from '../assistive-tech/assistive-technology.entity.js';
import { System } from '../systems/system.entity.js';

export const KNOWN_ISSUE_STATUSES = ['open', 'resolved'] as const;
export type KnownIssueStatus = (typeof KNOWN_ISSUE_STATUSES)[number];

/** A problem people hit with one AT in one system, and how to work around it. */
@Entity()
export class KnownIssue {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  systemId!: string;

  @ManyToOne(() => System, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'system_id' })
  system?: Relation<System>;

  @Column('uuid')
  assistiveTechnologyId!: string;

  @ManyToOne(() => AssistiveTechnology, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assistive_technology_id' })
  assistiveTechnology?: Relation<AssistiveTechnology>;

  @Column('text')
  title!: string;

  @Column('text', { default: '' })
  description!: string;

  @Column('text', { nullable: true })
  workaround!: string | null;

  @Column('text', { nullable: true })
  vendorBugUrl!: string | null;

  /** Free text: which AT versions or system releases are affected, e.g. "16.0 and later". */
  @Column('text', { default: '' })
  affects!: string;

  @Column('text', { default: 'open' })
  status!: KnownIssueStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
