/** Entry point of the `atcompat` bin (see bin/atcompat.js). */
import { runCli } from './cli.js';
import { processIo } from './io.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
