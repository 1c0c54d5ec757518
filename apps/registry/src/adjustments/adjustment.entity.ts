import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AdjustmentStatus, ContactMethod, Urgency } from './workflow.js';

/**
 * A member of staff's request for a workplace adjustment: the AT they use, the system they need,
 * and, in their own words, what gets in the way and what they need. No diagnosis is asked for.
 * Private: see privacy.ts for who may see it.
 */
@Entity()
export class AdjustmentRequest {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  requesterId!: string;

  @Column('uuid')
  systemId!: string;

  @Column('uuid')
  assistiveTechnologyId!: string;

  @Column('uuid', { nullable: true })
  atVersionId!: string | null;

  @Column('text')
  barrier!: string;

  @Column('text')
  need!: string;

  @Column('text')
  urgency!: Urgency;

  @Column('text')
  contactMethod!: ContactMethod;

  @Column('text', { default: '' })
  contactDetails!: string;

  @Column('text', { default: 'submitted' })
  status!: AdjustmentStatus;

  /** Why it was declined (required then). */
  @Column('text', { nullable: true })
  decisionReason!: string | null;

  /** What is offered instead when partially agreed (required then). */
  @Column('text', { nullable: true })
  alternative!: string | null;

  @Column('date', { nullable: true })
  reviewDueOn!: string | null;

  /** Set when declined or withdrawn; the retention period counts from here. */
  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** One step in a request's history, seen by the requester and the champions who cover it. */
@Entity()
export class AdjustmentEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  requestId!: string;

  @Column('timestamptz', { default: () => 'now()' })
  occurredAt!: Date;

  @Column('uuid', { nullable: true })
  actorId!: string | null;

  @Column('text')
  actorName!: string;

  @Column('text', { nullable: true })
  fromStatus!: AdjustmentStatus | null;

  @Column('text')
  toStatus!: AdjustmentStatus;

  @Column('text', { default: '' })
  note!: string;
}

/** A message in the registry for one person ("Your request has been agreed"), never health details. */
@Entity()
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  userId!: string;

  @Column('uuid', { nullable: true })
  requestId!: string | null;

  @Column('text')
  message!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  readAt!: Date | null;
}
