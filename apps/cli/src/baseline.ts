/** `atcompat baseline <report.json> -o <file>`: accept every finding of a report. */
import path from 'node:path';
import { formatValidationErrors, validateReport } from '@atcompat/contracts';
import { createBaseline, serialiseBaseline } from '@atcompat/harness';
import { parseBaselineArgs } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { BASELINE_HELP } from './help.js';
import { writeOutput, type Io } from './io.js';
import { readJsonFile } from './json.js';

/** Runs `atcompat baseline` with `argv` (after the command word); resolves to the exit code. */
export async function baselineCommand(argv: string[], io: Io, now: () => Date = () => new Date()): Promise<number> {
  const args = parseBaselineArgs(argv);
  if (args.help) {
    io.stdout.write(BASELINE_HELP);
    return EXIT.ok;
  }
  if (!args.report) {
    throw new UsageError('Which report? Usage: atcompat baseline <report.json> -o <file> (the report written by `atcompat scan --json`).');
  }
  const data = readJsonFile(path.resolve(io.cwd, args.report), args.report, 'an atcompat report from `atcompat scan --json`');
  const validation = validateReport(data);
  if (!validation.valid) {
    throw new UsageError(
      `${args.report} is not a valid atcompat report (contract v1):\n${formatValidationErrors(validation.errors.slice(0, 20))}` +
        (validation.errors.length > 20 ? `\n… and ${validation.errors.length - 20} more problems` : ''),
    );
  }
  const baseline = createBaseline(validation.report, now());
  const text = serialiseBaseline(baseline);
  if (!args.output) {
    io.stdout.write(text);
    return EXIT.ok;
  }
  writeOutput(path.resolve(io.cwd, args.output), args.output, text);
  io.stdout.write(
    `Baseline with ${baseline.findings.length} accepted finding${baseline.findings.length === 1 ? '' : 's'} written to ${args.output}.\n` +
      `Scans given --baseline ${args.output} now fail only on findings that are not in it.\n`,
  );
  return EXIT.ok;
}
