import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { AtProfile } from '@atcompat/contracts';
import { AtVersion } from './at-version.entity.js';

/** A product a person uses to work their computer: Dragon, JAWS, ZoomText… */
@Entity()
export class AssistiveTechnology {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  slug!: string;

  @Column('text')
  name!: string;

  @Column('text')
  vendor!: string;

  @Column('text')
  profile!: AtProfile;

  @Column('text', { array: true })
  platforms!: string[];

  @Column('text', { nullable: true })
  website!: string | null;

  @Column('text', { default: '' })
  description!: string;

  @OneToMany(() => AtVersion, (version) => version.assistiveTechnology)
  versions?: Relation<AtVersion>[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
