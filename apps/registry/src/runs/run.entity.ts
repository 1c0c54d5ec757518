import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { AtProfile, JourneyResult, ProfileSummary, ReportSummary } from '@atcompat/contracts';

/** One published atcompat run (a report, contract v1) for one system release. */
@Entity()
export class Run {
  /** The report's `run.id`: publishing the same report again finds this row. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  systemId!: string;

  @Column('uuid')
  releaseId!: string;

  @Column('text', { nullable: true })
  commitSha!: string | null;

  @Column('text', { nullable: true })
  pipelineUrl!: string | null;

  @Column('text')
  toolName!: string;

  @Column('text')
  toolVersion!: string;

  @Column('text', { nullable: true })
  browser!: string | null;

  @Column('timestamptz')
  startedAt!: Date;

  @Column('timestamptz', { nullable: true })
  finishedAt!: Date | null;

  @Column('jsonb')
  profiles!: Partial<Record<AtProfile, ProfileSummary>>;

  @Column('jsonb')
  summary!: ReportSummary;

  @Column('jsonb')
  journeys!: JourneyResult[];

  /** The whole report as published (GET /api/v1/runs/:id/report). */
  @Column('jsonb', { select: false })
  report!: unknown;

  /** SHA-256 of the report as received: a different report under a used run id is refused. */
  @Column('text')
  reportSha256!: string;

  /** "admin" or the name of the token that published it. */
  @Column('text')
  publishedBy!: string;

  @Column('uuid', { nullable: true })
  tokenId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
