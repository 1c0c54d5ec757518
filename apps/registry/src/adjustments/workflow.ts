/**
 * The life of a workplace-adjustment request, as pure rules:
 *
 *   submitted → in review → agreed | partially agreed (an alternative is required)
 *                         | declined (reasons are required)
 *   agreed | partially agreed → in place (a review date is required) → review due → in review …
 *
 * The requester may withdraw an open request at any time. Declined and withdrawn are closed:
 * they are deleted after the retention period.
 */
export const ADJUSTMENT_STATUSES = ['submitted', 'in-review', 'agreed', 'partially-agreed', 'declined', 'in-place', 'review-due', 'withdrawn'] as const;
export type AdjustmentStatus = (typeof ADJUSTMENT_STATUSES)[number];

export const URGENCIES = ['standard', 'soon', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CONTACT_METHODS = ['email', 'phone', 'video-call', 'in-person'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export const CLOSED_STATUSES: readonly AdjustmentStatus[] = ['declined', 'withdrawn'];

export const STATUS_WORDS: Record<AdjustmentStatus, string> = {
  submitted: 'Submitted',
  'in-review': 'In review',
  agreed: 'Agreed',
  'partially-agreed': 'Partly agreed',
  declined: 'Declined',
  'in-place': 'In place',
  'review-due': 'Review due',
  withdrawn: 'Withdrawn',
};

/** Who is asking for the change: the person who made the request, or someone who triages it. */
export type Mover = 'requester' | 'triager';

const TRIAGE: Partial<Record<AdjustmentStatus, readonly AdjustmentStatus[]>> = {
  submitted: ['in-review'],
  'in-review': ['agreed', 'partially-agreed', 'declined'],
  agreed: ['in-place'],
  'partially-agreed': ['in-place'],
  'in-place': ['review-due'],
  'review-due': ['in-review', 'in-place'],
};

export function isClosed(status: AdjustmentStatus): boolean {
  return CLOSED_STATUSES.includes(status);
}

/** The statuses `mover` may move a request in `from` to. */
export function nextStatuses(from: AdjustmentStatus, mover: Mover): AdjustmentStatus[] {
  if (isClosed(from)) return [];
  if (mover === 'requester') return ['withdrawn'];
  return [...(TRIAGE[from] ?? [])];
}

export interface TransitionInput {
  to: AdjustmentStatus;
  /** Reasons for declining; what was discussed. */
  reason?: string;
  /** What is offered instead (partially agreed). */
  alternative?: string;
  /** When to review an adjustment that is in place (YYYY-MM-DD). */
  reviewDueOn?: string;
}

/** Longest reason or alternative a decision may carry. */
export const MAX_DECISION_TEXT = 5000;

export interface TransitionError {
  field: 'to' | 'reason' | 'alternative' | 'reviewDueOn';
  message: string;
}

export interface TransitionResult {
  status: AdjustmentStatus;
  decisionReason: string | null;
  alternative: string | null;
  reviewDueOn: string | null;
  closed: boolean;
}

/**
 * Checks one move and says what the request then holds, or every reason it cannot happen.
 * `today` is YYYY-MM-DD; a review date must be after it.
 */
export function transition(
  current: { status: AdjustmentStatus; decisionReason: string | null; alternative: string | null; reviewDueOn: string | null },
  mover: Mover,
  input: TransitionInput,
  today: string,
): { ok: true; result: TransitionResult } | { ok: false; errors: TransitionError[] } {
  const allowed = nextStatuses(current.status, mover);
  if (!allowed.includes(input.to)) {
    const words = allowed.map((s) => STATUS_WORDS[s].toLowerCase());
    return {
      ok: false,
      errors: [
        {
          field: 'to',
          message: allowed.length
            ? `A request that is ${STATUS_WORDS[current.status].toLowerCase()} can only be moved to: ${words.join(', ')}`
            : `A request that is ${STATUS_WORDS[current.status].toLowerCase()} cannot be changed`,
        },
      ],
    };
  }
  const reason = input.reason?.trim() ?? '';
  const alternative = input.alternative?.trim() ?? '';
  const errors: TransitionError[] = [];
  if (input.to === 'declined' && !reason) errors.push({ field: 'reason', message: 'Enter the reasons the request is declined' });
  if (input.to === 'partially-agreed' && !alternative) errors.push({ field: 'alternative', message: 'Enter what is offered instead' });
  // Bounded like the request's own text (MAX_TEXT), so no field of an adjustment is without a limit.
  if (reason.length > MAX_DECISION_TEXT) errors.push({ field: 'reason', message: `The reasons must be ${MAX_DECISION_TEXT} characters or fewer` });
  if (alternative.length > MAX_DECISION_TEXT) errors.push({ field: 'alternative', message: `What is offered instead must be ${MAX_DECISION_TEXT} characters or fewer` });
  let reviewDueOn = current.reviewDueOn;
  if (input.to === 'in-place') {
    const date = input.reviewDueOn?.trim() ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(new Date(`${date}T00:00:00Z`).getTime()) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
      errors.push({ field: 'reviewDueOn', message: 'Enter the date the adjustment should be reviewed, for example 2027-03-31' });
    } else if (date <= today) {
      errors.push({ field: 'reviewDueOn', message: 'The review date must be in the future' });
    } else {
      reviewDueOn = date;
    }
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    result: {
      status: input.to,
      decisionReason: input.to === 'declined' ? reason : input.to === 'agreed' || input.to === 'partially-agreed' ? reason || null : current.decisionReason,
      alternative: input.to === 'partially-agreed' ? alternative : input.to === 'agreed' ? null : current.alternative,
      reviewDueOn,
      closed: isClosed(input.to),
    },
  };
}

/** What the requester is told when the status changes: the new status only, never what the request said. */
export function notificationText(status: AdjustmentStatus): string {
  switch (status) {
    case 'in-review':
      return 'Your workplace adjustment request is being reviewed.';
    case 'agreed':
      return 'Your workplace adjustment request has been agreed.';
    case 'partially-agreed':
      return 'Your workplace adjustment request has been partly agreed, with an alternative offered.';
    case 'declined':
      return 'A decision has been made on your workplace adjustment request: it has been declined.';
    case 'in-place':
      return 'Your workplace adjustment is now in place.';
    case 'review-due':
      return 'Your workplace adjustment is due for review.';
    case 'withdrawn':
      return 'Your workplace adjustment request has been withdrawn.';
    default:
      return 'Your workplace adjustment request has been updated.';
  }
}

/** Whether a closed request is past the retention period at `now`. */
export function isPastRetention(closedAt: Date | null, retentionDays: number, now: Date): boolean {
  return closedAt !== null && now.getTime() - closedAt.getTime() >= retentionDays * 86_400_000;
}
