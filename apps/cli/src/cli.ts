/** The `atcompat` command: picks the subcommand and turns every error into a message and exit 2. */
import { EXIT, UsageError, describeError } from './errors.js';
import { MAIN_HELP } from './main-help.js';
import type { Io } from './io.js';

type Command = (argv: string[], io: Io) => Promise<number>;

// Loaded on demand: `--help` should not wait for Playwright to load.
const COMMANDS: Record<string, () => Promise<Command>> = {
  scan: async () => (await import('./scan.js')).scanCommand,
  baseline: async () => (await import('./baseline.js')).baselineCommand,
  journey: async () => (await import('./journey.js')).journeyCommand,
  publish: async () => (await import('./publish.js')).publishCommand,
  gate: async () => (await import('./gate.js')).gateCommand,
};

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      const topic = first === 'help' && rest[0] ? COMMANDS[rest[0]] : undefined;
      if (topic) return await (await topic())(['--help'], io);
      (first === undefined ? io.stderr : io.stdout).write(MAIN_HELP);
      return first === undefined ? EXIT.error : EXIT.ok;
    }
    if (first === '--version' || first === '-v') {
      const { TOOL_VERSION } = await import('@atcompat/harness');
      io.stdout.write(`${TOOL_VERSION}\n`);
      return EXIT.ok;
    }
    const command = COMMANDS[first];
    if (!command) {
      const hint = /^(https?|file):/.test(first) ? ` Did you mean \`atcompat scan ${first}\`?` : '';
      throw new UsageError(`Unknown command "${first}".${hint} Commands: ${Object.keys(COMMANDS).join(', ')}. See \`atcompat --help\`.`);
    }
    return await (await command())(rest, io);
  } catch (error) {
    io.stderr.write(`atcompat: ${describeError(error, io.env)}\n`);
    return EXIT.error;
  }
}
