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
import { System } from './system.entity.js';

/** One release of a system, the unit a rollout decision is made on. */
@Entity()
export class SystemRelease {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  systemId!: string;

  @ManyToOne(() => System, (system) => system.releases, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'system_id' })
  system?: Relation<System>;

  @Column('text')
  version!: string;

  @Column('date', { nullable: true })
  releasedOn!: string | null;

  @Column('text', { default: '' })
  notes!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
