import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { CompatibilityStatus } from '@atcompat/contracts';
import { AtVersion } from '../assistive-tech/at-version.entity.js';
import { SystemRelease } from '../systems/system-release.entity.js';
import { Evidence } from './evidence.entity.js';

/** Whether one AT version works with one system release (optionally in one browser). */
@Entity()
export class CompatibilityRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  releaseId!: string;

  @ManyToOne(() => SystemRelease, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'release_id' })
  release?: Relation<SystemRelease>;

  @Column('uuid')
  atVersionId!: string;

  @ManyToOne(() => AtVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'at_version_id' })
  atVersion?: Relation<AtVersion>;

  @Column('text', { nullable: true })
  browser!: string | null;

  @Column('text')
  status!: CompatibilityStatus;

  @Column('text', { default: '' })
  summary!: string;

  @Column('text', { nullable: true })
  workaround!: string | null;

  @Column('timestamptz', { nullable: true })
  lastVerifiedAt!: Date | null;

  @OneToMany(() => Evidence, (evidence) => evidence.record)
  evidence?: Relation<Evidence>[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
