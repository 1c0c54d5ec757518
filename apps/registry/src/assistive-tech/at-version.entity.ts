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
import { AssistiveTechnology } from './assistive-technology.entity.js';

/** One release of an assistive technology, e.g. Dragon Professional 16. */
@Entity()
export class AtVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  assistiveTechnologyId!: string;

  @ManyToOne(() => AssistiveTechnology, (at) => at.versions, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assistive_technology_id' })
  assistiveTechnology?: Relation<AssistiveTechnology>;

  @Column('text')
  version!: string;

  /** ISO date (YYYY-MM-DD); kept as text in JS so no time zone can shift it. */
  @Column('date', { nullable: true })
  releasedOn!: string | null;

  @Column('date', { nullable: true })
  endOfSupport!: string | null;

  @Column('text', { default: '' })
  notes!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
