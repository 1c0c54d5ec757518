/**
 * `atcompat publish <report.json>`, and the publishing step behind `scan --publish` and
 * `journey --publish`: send a report to the registry, and never lose it when that fails.
 */
import { randomUUID } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { formatValidationErrors, validateReport, type AtcompatReport } from '@atcompat/contracts';
import { parseCommandArgs } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { writeOutput, type Io } from './io.js';
import { readJsonFile } from './json.js';
import {
  RegistryRefusedError,
  RegistryUnavailableError,
  registryRequestWithRetry,
  retryTellingStderr,
  resolveConnection,
  type RegistryConnection,
} from './registry-client.js';
import { REGISTRY_OPTIONS, publishInputOf, type PublishInput } from './publish-args.js';

export { PUBLISH_OPTIONS, publishInputOf, publishRequest, type PublishInput } from './publish-args.js';

/** Checks before a scan or journey runs that its report could be published: a mistake costs nothing to find. */
export function checkPublishReady(input: PublishInput, target: { system?: string; release?: string } | undefined, env: NodeJS.ProcessEnv, command: string): void {
  resolveConnection(input, env, command);
  if (!(input.system ?? target?.system)) throw new UsageError(`--publish needs --system <slug>: the system's short name in the registry, e.g. casework.`);
  if (!(input.release ?? target?.release)) throw new UsageError(`--publish needs --release <version>: the release tested, e.g. 2.3.0.`);
}

/**
 * Publishes a report a scan or journey just made. The command's exit code stays its own; a report
 * that could not be sent is kept on disk and the message says where (on stderr).
 */
export async function publishAfterRun(report: AtcompatReport, input: PublishInput, io: Io): Promise<void> {
  const outcome = await publishReport(report, input, io);
  if (!outcome.ok) io.stderr.write(`atcompat: the report was not published. ${outcome.message}\n`);
}

/** The commit and pipeline a CI job is running, from the variables GitHub Actions and GitLab CI set. */
export function ciContext(env: NodeJS.ProcessEnv): { commit?: string; pipelineUrl?: string } {
  const commit = env.GITHUB_SHA ?? env.CI_COMMIT_SHA ?? env.BUILD_SOURCEVERSION;
  let pipelineUrl = env.CI_PIPELINE_URL;
  if (!pipelineUrl && env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
    pipelineUrl = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
  }
  return { commit: commit || undefined, pipelineUrl: pipelineUrl || undefined };
}

/** The body of `POST /api/v1/runs`. */
export interface RunSubmission {
  system: string;
  release: string;
  commit?: string;
  pipelineUrl?: string;
  report: AtcompatReport;
}

/** Builds the submission: flags first, then the report's own target, then the CI environment. */
export function buildSubmission(report: AtcompatReport, input: PublishInput, env: NodeJS.ProcessEnv): RunSubmission {
  const system = input.system ?? report.run.target?.system;
  const release = input.release ?? report.run.target?.release;
  if (!system) throw new UsageError('Which system? Give --system <slug> (the system\'s short name in the registry, e.g. casework).');
  if (!release) throw new UsageError('Which release? Give --release <version> (e.g. 2.3.0); the registry adds it if it is new.');
  const ci = ciContext(env);
  const commit = input.commit ?? ci.commit;
  const pipelineUrl = input.pipelineUrl ?? ci.pipelineUrl;
  return {
    system,
    release,
    ...(commit ? { commit } : {}),
    ...(pipelineUrl ? { pipelineUrl } : {}),
    report: { ...report, run: { ...report.run, target: { ...report.run.target, system, release } } },
  };
}

/** What the registry says about a stored run (the fields the CLI shows). */
interface StoredRun {
  id?: string;
  runId?: string;
  url?: string;
}

/** How a publish ended, for the caller's exit code and messages. */
export type PublishOutcome =
  | { ok: true; runId: string; created: boolean }
  | { ok: false; kept?: string; rejected?: string; message: string };

/**
 * Answers that say the registry will never take this report as it is: sending it again cannot
 * help, so it must not stay in the outbox to be retried for ever. 408, 429 and 5xx are passing.
 */
export const PERMANENT_REFUSALS: ReadonlySet<number> = new Set([400, 409, 413, 415, 422]);

/**
 * Sends `report` to the registry. When the registry cannot be reached (or has a fault), the report
 * is kept: left where it is when it came from a file (`source`), otherwise written to the outbox;
 * the message says where and how to publish it later. Refusals (bad token, scope, invalid report)
 * are not retried.
 */
export async function publishReport(
  report: AtcompatReport,
  input: PublishInput,
  io: Io,
  source?: { file: string; display: string },
): Promise<PublishOutcome> {
  const connection = resolveConnection(input, io.env, 'publish');
  const submission = buildSubmission(report, input, io.env);
  const what = `publishing run ${report.run.id} of ${submission.system} ${submission.release}`;
  try {
    const { status, body } = await registryRequestWithRetry(connection, 'POST', '/api/v1/runs', what, submission, retryTellingStderr(io.stderr));
    const stored = (body ?? {}) as StoredRun;
    const runId = stored.runId ?? stored.id ?? report.run.id;
    const created = status === 201;
    io.stdout.write(
      `${created ? 'Published' : 'Already published'}: run ${runId} of ${submission.system} ${submission.release} is in the registry at ${connection.url}.\n` +
        `Check the rollout gate with: atcompat gate --system ${submission.system} --release ${submission.release}\n`,
    );
    return { ok: true, runId, created };
  } catch (error) {
    if (error instanceof RegistryUnavailableError) {
      const kept = source ? source.display : keepInOutbox(report, input, io);
      const later = source
        ? `The report is still in ${kept}; publish it later with the same command.`
        : `The report was kept in ${kept}; publish it later with: atcompat publish ${kept} --system ${submission.system} --release ${submission.release}`;
      return { ok: false, kept, message: `${error.message}\n${later}` };
    }
    if (error instanceof RegistryRefusedError && PERMANENT_REFUSALS.has(error.status)) {
      const rejected = moveToRejected(report, input, io, source, connection.url, error.message);
      const next = rejected
        ? `The registry will not take this report as it is, so it was moved to ${rejected.report} (the reason is beside it in ${rejected.reason}), out of the outbox.`
        : `The registry will not take this report as it is; ${source!.display} was left where it is.`;
      return {
        ok: false,
        ...(rejected ? { rejected: rejected.report } : {}),
        message: `${error.message}\n${next} Publishing it again unchanged will be refused again.`,
      };
    }
    if (error instanceof RegistryRefusedError) {
      const kept = source ? undefined : keepInOutbox(report, input, io);
      return { ok: false, kept, message: `${error.message}${kept ? `\nThe report was kept in ${kept}.` : ''}` };
    }
    throw error;
  }
}

const outboxOf = (input: PublishInput) => input.outbox ?? path.join('.atcompat', 'unpublished');
const fileNameOf = (report: AtcompatReport) => `${/^[\w-]+$/.test(report.run.id) ? report.run.id : randomUUID()}.json`;

/**
 * Puts a report the registry refused for good in the `rejected` folder beside the outbox, with a
 * text file saying why: a report from the outbox is moved (so it is no longer retried), one just
 * made by scan/journey is written there. A report file of the user's own elsewhere is left alone
 * (undefined).
 */
function moveToRejected(
  report: AtcompatReport,
  input: PublishInput,
  io: Io,
  source: { file: string; display: string } | undefined,
  registry: string,
  reason: string,
): { report: string; reason: string } | undefined {
  const outbox = outboxOf(input);
  const folder = path.join(path.dirname(outbox), 'rejected');
  const fromOutbox = source && path.dirname(path.resolve(io.cwd, source.file)) === path.resolve(io.cwd, outbox);
  if (source && !fromOutbox) return undefined;
  const name = source ? path.basename(source.file) : fileNameOf(report);
  const display = path.join(folder, name);
  const reasonDisplay = path.join(folder, `${name.replace(/\.json$/, '')}.reason.txt`);
  writeOutput(
    path.resolve(io.cwd, reasonDisplay),
    reasonDisplay,
    `The registry at ${registry} refused report ${display} on ${new Date().toISOString()}:\n${reason}\n`,
  );
  const target = path.resolve(io.cwd, display);
  if (source) {
    try {
      renameSync(path.resolve(io.cwd, source.file), target);
    } catch {
      // Another file system: copy, then remove the original from the outbox.
      writeOutput(target, display, `${JSON.stringify(report, null, 2)}\n`);
      rmSync(path.resolve(io.cwd, source.file), { force: true });
    }
  } else {
    writeOutput(target, display, `${JSON.stringify(report, null, 2)}\n`);
  }
  return { report: display, reason: reasonDisplay };
}

function keepInOutbox(report: AtcompatReport, input: PublishInput, io: Io): string {
  const folder = outboxOf(input);
  const name = fileNameOf(report);
  const display = path.join(folder, name);
  writeOutput(path.resolve(io.cwd, display), display, `${JSON.stringify(report, null, 2)}\n`);
  return display;
}

/** Reads and validates a report file; errors name the file and each bad place in it. */
export function readReportFile(file: string, io: Io): AtcompatReport {
  const data = readJsonFile(path.resolve(io.cwd, file), file, 'an atcompat report from `atcompat scan --json`');
  const validation = validateReport(data);
  if (!validation.valid) {
    throw new UsageError(
      `${file} is not a valid atcompat report (contract v1):\n${formatValidationErrors(validation.errors.slice(0, 20))}` +
        (validation.errors.length > 20 ? `\n… and ${validation.errors.length - 20} more problems` : ''),
    );
  }
  return validation.report;
}

export const PUBLISH_HELP = `Usage: atcompat publish <report.json> [options]

Sends a report written by \`atcompat scan --json\` or \`atcompat journey --json\` to the
atcompat registry, which keeps it as automated evidence for the system's release.
The same report sent twice is stored once.

Options:
  --registry <url>        the registry's address (or set ATCOMPAT_REGISTRY)
  --token <token>         an API token for the system (or set ATCOMPAT_TOKEN, which
                          keeps it off the command line)
  --system <slug>         the system's short name in the registry (default: the
                          report's run.target.system)
  --release <version>     the release tested; added to the registry if new (default:
                          the report's run.target.release)
  --commit <sha>          default: GITHUB_SHA or CI_COMMIT_SHA
  --pipeline-url <url>    default: the GitHub Actions run or CI_PIPELINE_URL
  --registry-timeout <s>  seconds to wait for the registry (default 30)
  --outbox <folder>       where \`scan --publish\` keeps reports it could not send
                          (default .atcompat/unpublished)
  -h, --help              show this help

A registry that answers 503 with Retry-After (its database is restarting) is
asked again after the wait it gives, three tries in all.

A report the registry refuses for good (400, 409, 413, 415 or 422: it will never
take it as it is) is moved out of the outbox into the rejected folder beside it
(default .atcompat/rejected), with a .reason.txt file giving the registry's reason.

Exit codes:
  0  published (or already there)
  2  usage error, invalid report, the registry refused it (token, permission, or
     the report itself: then the message names each field it objected to), or
     the registry could not be reached; the report is never lost: the message
     says where it is and how to publish it later
`;

/** Runs `atcompat publish` with `argv` (after the command word); resolves to the exit code. */
export async function publishCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { ...REGISTRY_OPTIONS, help: { type: 'boolean', short: 'h' } }, 'publish');
  if (values.help) {
    io.stdout.write(PUBLISH_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'Which report? Usage: atcompat publish <report.json> --system <slug> --release <version> (the file written by `atcompat scan --json`).'
        : `atcompat publish takes one report file (found ${positionals.length}: ${positionals.join(' ')}).`,
    );
  }
  const file = positionals[0]!;
  const report = readReportFile(file, io);
  const outcome = await publishReport(report, publishInputOf(values), io, { file, display: file });
  if (!outcome.ok) {
    io.stderr.write(`atcompat: ${outcome.message}\n`);
    return EXIT.error;
  }
  return EXIT.ok;
}

/** For `atcompat gate`: the connection plus the release to ask about. */
export function gateTarget(values: Record<string, unknown>, io: Io): { connection: RegistryConnection; system: string; release: string } {
  const input = publishInputOf(values);
  const connection = resolveConnection(input, io.env, 'gate');
  if (!input.system) throw new UsageError('Which system? Give --system <slug> (the system\'s short name in the registry).');
  if (!input.release) throw new UsageError('Which release? Give --release <version>.');
  return { connection, system: input.system, release: input.release };
}
