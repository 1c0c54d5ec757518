import { ApiToken } from '../accounts/api-token.entity.js';
import { UserSession } from '../accounts/session.entity.js';
import { User } from '../accounts/user.entity.js';
import { AdjustmentEvent, AdjustmentRequest, Notification } from '../adjustments/adjustment.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { AssistiveTechnology } from '../assistive-tech/assistive-technology.entity.js';
import { AtVersion } from '../assistive-tech/at-version.entity.js';
import { CompatibilityRecord } from '../compatibility/compatibility-record.entity.js';
import { Evidence } from '../compatibility/evidence.entity.js';
import { KnownIssue } from '../compatibility/known-issue.entity.js';
import { Run } from '../runs/run.entity.js';
import { SystemRelease } from '../systems/system-release.entity.js';
import { System } from '../systems/system.entity.js';

/** Every entity, listed explicitly (no globbing under ESM). */
export const ENTITIES = [AssistiveTechnology, AtVersion, System, SystemRelease, CompatibilityRecord, Evidence, KnownIssue, ApiToken, Run,
  User, UserSession, AuditEvent, AdjustmentRequest, AdjustmentEvent, Notification];
