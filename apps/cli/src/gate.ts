/** `atcompat gate`: ask the registry whether a release may be rolled out, and say why not. */
import { parseCommandArgs } from './args.js';
import { EXIT, UsageError } from './errors.js';
import type { Io } from './io.js';
import { REGISTRY_OPTIONS } from './publish-args.js';
import { gateTarget } from './publish.js';
import { RegistryRefusedError, RegistryUnavailableError, registryRequestWithRetry, retryTellingStderr } from './registry-client.js';

/** One required assistive technology in the registry's gate answer. */
export interface GateAtAnswer {
  assistiveTechnology: { slug: string; name: string; profile?: string };
  version?: string | null;
  verdict: 'pass' | 'fail';
  status?: string;
  reason: string;
}

/** The registry's answer to `GET /api/v1/systems/:slug/releases/:version/gate`. */
export interface GateAnswer {
  system?: { slug: string; name: string };
  release?: string;
  verdict: 'pass' | 'fail';
  ats: GateAtAnswer[];
}

/** Checks the answer has the shape the CLI relies on; a registry of another version may differ. */
export function parseGateAnswer(body: unknown): GateAnswer {
  const answer = body as Partial<GateAnswer> | null;
  if (!answer || (answer.verdict !== 'pass' && answer.verdict !== 'fail') || !Array.isArray(answer.ats)) {
    throw new UsageError('The registry\'s gate answer was not understood (no verdict): is the registry the same version as this atcompat?');
  }
  return answer as GateAnswer;
}

/** The gate answer as plain lines for the console: the verdict, then one line for each AT. */
export function formatGate(answer: GateAnswer, system: string, release: string): string {
  const failing = answer.ats.filter((at) => at.verdict !== 'pass');
  const lines = [
    answer.verdict === 'pass'
      ? `Rollout gate for ${system} ${release}: PASS. None of the ${answer.ats.length} required assistive technologies is blocked.`
      : `Rollout gate for ${system} ${release}: FAIL. ${failing.length} of ${answer.ats.length} required assistive technologies ${failing.length === 1 ? 'is' : 'are'} not cleared:`,
  ];
  const ordered = [...failing, ...answer.ats.filter((at) => at.verdict === 'pass')];
  for (const at of ordered) {
    lines.push(`  ${at.verdict === 'pass' ? 'pass' : at.verdict.toUpperCase()}  ${at.reason}`);
  }
  if (answer.verdict === 'pass') {
    lines.push('Automated checks alone do not prove that people can do their job: confirm with people who use these assistive technologies.');
  }
  return `${lines.join('\n')}\n`;
}

export const GATE_HELP = `Usage: atcompat gate --system <slug> --release <version> [options]

Asks the atcompat registry whether the release may be rolled out: whether any of the
assistive technologies the system's gate policy requires is blocked (or untested).

Options:
  --registry <url>        the registry's address (or set ATCOMPAT_REGISTRY)
  --token <token>         a token scoped to the system, or the admin token (or set
                          ATCOMPAT_TOKEN); the registry shows the gate only with one
  --system <slug>         the system's short name in the registry
  --release <version>     the release to check
  --registry-timeout <s>  seconds to wait for the registry (default 30)
  -h, --help              show this help

Exit codes:
  0  the gate passes
  1  the gate fails; the reason for each assistive technology is printed
  2  usage error, the registry could not be reached, the token was refused, or the
     system or release is not in the registry
`;

/** Runs `atcompat gate` with `argv` (after the command word); resolves to the exit code. */
export async function gateCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { ...REGISTRY_OPTIONS, help: { type: 'boolean', short: 'h' } }, 'gate');
  if (values.help) {
    io.stdout.write(GATE_HELP);
    return EXIT.ok;
  }
  if (positionals.length) throw new UsageError(`atcompat gate takes no file or address (found: ${positionals.join(' ')}); give --system and --release.`);
  const { connection, system, release } = gateTarget(values, io);
  // The gate quotes the latest run's findings, which the registry shows only with a token.
  if (!connection.token) {
    throw new UsageError(`atcompat gate needs a token: give --token <token> or set ATCOMPAT_TOKEN (a token scoped to ${system}, as for publishing).`);
  }
  const what = `checking the gate for ${system} ${release}`;
  try {
    const { body } = await registryRequestWithRetry(
      connection,
      'GET',
      `/api/v1/systems/${encodeURIComponent(system)}/releases/${encodeURIComponent(release)}/gate`,
      what,
      undefined,
      retryTellingStderr(io.stderr),
    );
    const answer = parseGateAnswer(body);
    io.stdout.write(formatGate(answer, system, release));
    return answer.verdict === 'pass' ? EXIT.ok : EXIT.findings;
  } catch (error) {
    if (error instanceof RegistryUnavailableError || error instanceof RegistryRefusedError) {
      io.stderr.write(`atcompat: ${error.message}\n`);
      return EXIT.error;
    }
    throw error;
  }
}
