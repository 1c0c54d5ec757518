import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { SystemRelease } from './system-release.entity.js';

export const SYSTEM_PLATFORMS = ['web', 'desktop', 'citrix'] as const;
export type SystemPlatform = (typeof SYSTEM_PLATFORMS)[number];
export const LIFECYCLES = ['planned', 'pre-rollout', 'live', 'retiring'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

/** An internal system staff need for their jobs: a casework system, HR self-service… */
@Entity()
export class System {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  slug!: string;

  @Column('text')
  name!: string;

  @Column('text')
  owner!: string;

  @Column('text')
  department!: string;

  @Column('text')
  platform!: SystemPlatform;

  @Column('text')
  lifecycle!: Lifecycle;

  @Column('text', { array: true })
  urls!: string[];

  @Column('text', { default: '' })
  description!: string;

  @OneToMany(() => SystemRelease, (release) => release.system)
  releases?: Relation<SystemRelease>[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
