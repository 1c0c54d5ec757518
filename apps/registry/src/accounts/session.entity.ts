import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A signed-in browser. The cookie holds a random 256-bit id; only its SHA-256 is stored. */
@Entity('user_session')
export class UserSession {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  tokenHash!: string;

  @Column('uuid')
  userId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz')
  lastSeenAt!: Date;

  /** The absolute end of the session, however active it is. */
  @Column('timestamptz')
  expiresAt!: Date;
}
