/** The CLI's error policy: every error a user can cause becomes one message and exit code 2. */

/** Exit codes (documented in `atcompat --help`). */
export const EXIT = {
  /** Nothing at or above the threshold in the selected profiles (after the baseline). */
  ok: 0,
  /** Findings at or above `--fail-on` in the selected profiles. */
  findings: 1,
  /** Usage error, unreachable pages, browser failure, bad input file. */
  error: 2,
} as const;

/** A problem with what the user asked for (arguments, config file, input files): exit 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What `main` prints for an error: the message, and a stack only with ATCOMPAT_DEBUG=1. */
export function describeError(error: unknown, env: NodeJS.ProcessEnv): string {
  const debug = env.ATCOMPAT_DEBUG === '1' || env.ATCOMPAT_DEBUG === 'true';
  const err = error instanceof Error ? error : new Error(String(error));
  // Errors the CLI and the library raise on purpose carry a message meant for people.
  const expected = ['UsageError', 'ConfigError', 'BaselineError', 'BrowserError', 'JourneyError'].includes(err.name);
  const message = expected
    ? err.message
    : `atcompat stopped unexpectedly: ${err.message.split('\n')[0]}\n` +
      'This is probably a bug in atcompat. Run again with ATCOMPAT_DEBUG=1 to see the details, and report them.';
  return debug && err.stack ? `${message}\n\n${err.stack}` : message;
}
