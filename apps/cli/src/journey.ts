/** `atcompat journey`: read the journey files, run them, write reports, choose the exit code. */
import type { JourneyResult } from '@atcompat/contracts';
import { evaluateGate, formatConsole, loadJourneys, runJourneys } from '@atcompat/harness';
import { EXIT } from './errors.js';
import { JOURNEY_HELP } from './help.js';
import { useColor, type Io } from './io.js';
import { planJourney } from './journey-args.js';
import { checkPublishReady, publishAfterRun } from './publish.js';
import { reportIsValid, writeReports } from './reports.js';

const MODE_WORDS: Record<string, string> = { keyboard: 'keyboard only', speech: 'speech input' };

/** Runs `atcompat journey` with `argv` (after the command word); resolves to the exit code. */
export async function journeyCommand(argv: string[], io: Io): Promise<number> {
  const plan = planJourney(argv, io.cwd);
  if (plan.help) {
    io.stdout.write(JOURNEY_HELP);
    return EXIT.ok;
  }
  // Every journey file is checked before the browser starts: a mistake in one costs nothing to find.
  const journeys = loadJourneys(plan.files, { cwd: io.cwd });
  if (plan.publish) checkPublishReady(plan.publish, plan.options.target, io.env, 'journey');

  const progress = !plan.quiet && io.stderr.isTTY === true;
  const report = await runJourneys(journeys, {
    ...plan.options,
    onJourney: progress ? (result) => io.stderr.write(`${progressLine(result)}\n`) : undefined,
    onWarning: (warning) => {
      if (!plan.quiet) io.stderr.write(`warning: ${warning}\n`);
    },
  });
  const gate = evaluateGate(report, plan.gate);

  if (!reportIsValid(report, io)) return EXIT.error;
  const written = writeReports(report, gate, plan.reports);
  if (!plan.quiet) io.stdout.write(formatConsole(report, gate, { color: useColor(io.stdout, io.env, plan.color), written }));

  // Nothing could start: the address is wrong or the server is down. That is not a finding.
  const unstarted = report.journeys.filter(notStarted);
  const nothingRan = unstarted.length > 0 && unstarted.length === report.journeys.length;
  if (plan.publish && !nothingRan) await publishAfterRun(report, plan.publish, io);

  if (nothingRan) {
    const reasons = [...new Set(unstarted.map((j) => j.steps[0]?.reason ?? ''))].map((r) => `  ${r}`).join('\n');
    io.stderr.write(
      `No journey could start, so nothing was checked:\n${reasons}\n` +
        'Check --base-url and the journeys\' "start" pages, and that the server is running and reachable from this machine.\n',
    );
    return EXIT.error;
  }
  return gate.passed ? EXIT.ok : EXIT.findings;
}

/** A journey whose start page could not be loaded (its first step says so). */
function notStarted(journey: JourneyResult): boolean {
  const first = journey.steps[0];
  return first?.status === 'failed' && (first.reason ?? '').startsWith('The start page');
}

function progressLine(result: JourneyResult): string {
  const stop = result.steps.findIndex((s) => s.status === 'blocked' || s.status === 'failed');
  const how = MODE_WORDS[result.mode] ?? result.mode;
  if (stop < 0) return `"${result.name}" (${how}): passed`;
  return `"${result.name}" (${how}): ${result.steps[stop]!.status} at step ${stop + 1}: ${result.steps[stop]!.reason ?? ''}`;
}
