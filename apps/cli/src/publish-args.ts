/** The registry flags of `publish`, `gate`, and `scan`/`journey --publish`: parsing only, no I/O. */
import type { ParseArgsConfig } from 'node:util';
import type { ConnectionInput } from './registry-client.js';
import { UsageError } from './errors.js';

/** The options of every command that talks to the registry (publish and gate). */
export const REGISTRY_OPTIONS = {
  registry: { type: 'string' },
  token: { type: 'string' },
  system: { type: 'string' },
  release: { type: 'string' },
  commit: { type: 'string' },
  'pipeline-url': { type: 'string' },
  outbox: { type: 'string' },
  'registry-timeout': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** The same plus `--publish`, for scan and journey. */
export const PUBLISH_OPTIONS = { publish: { type: 'boolean' }, ...REGISTRY_OPTIONS } as const satisfies ParseArgsConfig['options'];

/** What to publish where, as typed (flags) before the environment and the report fill the gaps. */
export interface PublishInput extends ConnectionInput {
  system?: string;
  release?: string;
  commit?: string;
  pipelineUrl?: string;
  /** Folder for reports that could not be sent; default `.atcompat/unpublished`. */
  outbox?: string;
}

/** Picks the publish flags out of parseArgs values (shared by publish, scan and journey). */
export function publishInputOf(values: Record<string, unknown>): PublishInput {
  const s = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  return {
    registry: s('registry'),
    token: s('token'),
    timeout: s('registry-timeout'),
    system: s('system'),
    release: s('release'),
    commit: s('commit'),
    pipelineUrl: s('pipeline-url'),
    outbox: s('outbox'),
  };
}

/**
 * For `scan` and `journey`: the publish settings when `--publish` was given, undefined otherwise.
 * Registry flags without `--publish` are a mistake worth naming (they would be silently ignored).
 */
export function publishRequest(values: Record<string, unknown>, command: string): PublishInput | undefined {
  if (values.publish === true) return publishInputOf(values);
  for (const key of ['registry', 'token', 'commit', 'pipeline-url', 'outbox', 'registry-timeout']) {
    if (values[key] !== undefined) {
      throw new UsageError(`--${key} is only used with --publish. Add --publish to send the report to the registry (see \`atcompat ${command} --help\`).`);
    }
  }
  return undefined;
}
