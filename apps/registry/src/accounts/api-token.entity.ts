import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A bearer token CI uses to publish runs for the systems it is scoped to (table
 * api_token_system). Only a SHA-256 of the token is kept: the token itself is shown once.
 */
@Entity()
export class ApiToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /** The public part of the token (`atc_<keyId>_…`), to find the row without comparing secrets in SQL. */
  @Column('text')
  keyId!: string;

  /** Hex SHA-256 of the whole token. */
  @Column('text')
  secretHash!: string;

  @Column('timestamptz', { nullable: true })
  expiresAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  lastUsedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
