import { InitialSchema1763800000000 } from './1763800000000-InitialSchema.js';
import { RunsTokensAndGate1764600000000 } from './1764600000000-RunsTokensAndGate.js';
import { AccountsAndAdjustments1764800000000 } from './1764800000000-AccountsAndAdjustments.js';
import { RequesterDepartmentAndAuditChanges1765000000000 } from './1765000000000-RequesterDepartmentAndAuditChanges.js';
import { SignInFailuresPerClient1765100000000 } from './1765100000000-SignInFailuresPerClient.js';

/** Every migration, oldest first. Listed explicitly: ESM has no directory globbing at run time. */
export const MIGRATIONS = [
  InitialSchema1763800000000,
  RunsTokensAndGate1764600000000,
  AccountsAndAdjustments1764800000000,
  RequesterDepartmentAndAuditChanges1765000000000,
  SignInFailuresPerClient1765100000000,
];
