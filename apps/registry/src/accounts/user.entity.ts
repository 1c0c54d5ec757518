import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ROLES = ['staff', 'champion', 'admin'] as const;
/** staff: anyone signed in; champion: curates the registry and triages requests for what they cover; admin: everything. */
export type Role = (typeof ROLES)[number];

/** A person who signs in to the registry's pages (table app_user; what a champion covers is in app_user_system / app_user_department). */
@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Lower case; unique. */
  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  @Column('text')
  role!: Role;

  /**
   * The department the person works in: a champion covering it sees this person's adjustment
   * requests. Set by an admin or from the single sign-on provider; null: only admins see them.
   */
  @Column('text', { nullable: true })
  department!: string | null;

  /** bcrypt hash; null for people who only sign in with single sign-on. */
  @Column('text', { nullable: true })
  passwordHash!: string | null;

  @Column('text', { nullable: true })
  oidcSubject!: string | null;

  @Column('boolean', { default: false })
  disabled!: boolean;

  @Column('timestamptz', { nullable: true })
  lastSignedInAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
