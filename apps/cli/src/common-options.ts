/** Options that `scan` and `journey` share, so both spell and parse them the same way. */
import type { ParseArgsConfig } from 'node:util';

/** One file for each report format. */
export const REPORT_OPTIONS = {
  json: { type: 'string' },
  junit: { type: 'string' },
  sarif: { type: 'string' },
  html: { type: 'string' },
  summary: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** How the browser is set up for the pages under test. */
export const BROWSER_OPTIONS = {
  viewport: { type: 'string' },
  header: { type: 'string', multiple: true },
  'storage-state': { type: 'string' },
  'allow-file-urls': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

/** What the console shows. */
export const OUTPUT_OPTIONS = {
  quiet: { type: 'boolean', short: 'q' },
  color: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];
