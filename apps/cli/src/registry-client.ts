/**
 * Talking to the atcompat registry: where it is, who we are, and one error policy for every
 * answer it can give (or not give), so `publish`, `gate` and `--publish` say the same things.
 */
import { UsageError } from './errors.js';

/** Where the registry is and the token to show it. */
export interface RegistryConnection {
  /** Base URL, without a trailing slash, e.g. `https://atcompat.internal`. */
  url: string;
  token?: string;
  /** Milliseconds before a request is given up. */
  timeoutMs: number;
}

/** The registry could not be reached or did not answer usefully: worth trying again later. */
export class RegistryUnavailableError extends Error {
  constructor(
    message: string,
    /** The registry's Retry-After, in seconds, when it said how long to wait (a 503 while its database restarts). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'RegistryUnavailableError';
  }
}

/** Seconds from a Retry-After header: a number of seconds or an HTTP date; undefined if neither. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = /GMT$/.test(trimmed) ? Date.parse(trimmed) : Number.NaN; // an IMF-fixdate, as HTTP sends
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The registry answered, but refused: bad token, no permission, bad request, not found. */
export class RegistryRefusedError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'RegistryRefusedError';
  }
}

/** The flags and environment variables shared by every command that talks to the registry. */
export interface ConnectionInput {
  registry?: string;
  token?: string;
  timeout?: string;
}

/**
 * The connection from flags, falling back to ATCOMPAT_REGISTRY and ATCOMPAT_TOKEN (so that secrets
 * stay off command lines and out of shell history).
 */
export function resolveConnection(input: ConnectionInput, env: NodeJS.ProcessEnv, command: string): RegistryConnection {
  const raw = input.registry ?? env.ATCOMPAT_REGISTRY;
  if (!raw) {
    throw new UsageError(`Which registry? Give --registry <url> or set ATCOMPAT_REGISTRY (see \`atcompat ${command} --help\`).`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`The registry address "${raw}" is not a web address; it should look like https://atcompat.example.gov.uk.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`The registry address must start with http:// or https:// (found "${raw}").`);
  }
  const token = input.token ?? env.ATCOMPAT_TOKEN;
  if (token !== undefined && token.trim() === '') {
    throw new UsageError('The registry token is empty. Give --token <token> or set ATCOMPAT_TOKEN.');
  }
  let timeoutMs = 30_000;
  if (input.timeout !== undefined) {
    const seconds = Number(input.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout must be a number of seconds above 0 (found "${input.timeout}").`);
    timeoutMs = seconds * 1000;
  }
  return { url: url.href.replace(/\/+$/, ''), token: token?.trim(), timeoutMs };
}

/** One problem+json answer, reduced to what a person needs. */
export function problemText(status: number, body: unknown): string {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as {
    title?: unknown;
    detail?: unknown;
    errors?: { field?: unknown; message?: unknown }[];
  };
  const fields = Array.isArray(problem.errors)
    ? problem.errors
        .slice(0, 10)
        .map((e) => `\n  - ${String(e.field ?? '')}${e.field ? ': ' : ''}${String(e.message ?? '')}`)
        .join('')
    : '';
  const detail = typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : `HTTP ${status}`;
  return `${detail}${fields}`;
}

/** What a refusal means for the person running the command, by status. */
export function refusalMessage(status: number, body: unknown, what: string): string {
  const detail = problemText(status, body);
  switch (status) {
    case 401:
      return `The registry did not accept the token (401) when ${what}. Check --token or ATCOMPAT_TOKEN: ${detail}`;
    case 403:
      return `The token is not allowed to do this (403) when ${what}: ${detail} Ask a registry admin for a token scoped to this system.`;
    case 404:
      return `Not found in the registry (404) when ${what}: ${detail}`;
    case 413:
      return `The registry refused the report as too large (413) when ${what}: ${detail}`;
    default:
      return `The registry refused the request (${status}) when ${what}: ${detail}`;
  }
}

/**
 * Sends one request and returns the parsed JSON body of a 2xx answer. Network failures, time-outs
 * and 5xx answers are RegistryUnavailableError (try again later); other answers RegistryRefusedError.
 */
export async function registryRequest(
  connection: RegistryConnection,
  method: 'GET' | 'POST',
  path: string,
  what: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (connection.token) headers.authorization = `Bearer ${connection.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${connection.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(connection.timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw new RegistryUnavailableError(`The registry at ${connection.url} could not be reached when ${what}: ${networkReason(error, connection.timeoutMs)}.`);
  }
  const text = await response.text().catch(() => '');
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (response.status >= 500) {
    throw new RegistryUnavailableError(
      `The registry at ${connection.url} had a problem (${response.status}) when ${what}: ${problemText(response.status, parsed)}`,
      response.status === 503 ? parseRetryAfter(response.headers.get('retry-after')) : undefined,
    );
  }
  if (response.status < 200 || response.status >= 300) {
    throw new RegistryRefusedError(refusalMessage(response.status, parsed, what), response.status);
  }
  if (parsed === undefined) {
    throw new RegistryUnavailableError(`The answer from ${connection.url} was not JSON when ${what}: is --registry the registry's address?`);
  }
  return { status: response.status, body: parsed };
}

function networkReason(error: unknown, timeoutMs: number): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const code = err?.cause?.code;
  if (code === 'ECONNREFUSED') return 'the connection was refused (is the registry running, and is the address right?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name was not found';
  if (code === 'ECONNRESET') return 'the connection was dropped';
  if (code && /CERT|SSL|TLS/.test(code)) return `the TLS certificate was not accepted (${code})`;
  return err?.cause?.message ?? err?.message ?? String(error);
}

/** How often, and how long at most, a request the registry asked us to repeat is tried again. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The longest wait honoured; a longer Retry-After gives up instead. */
  maxWaitSeconds: number;
  /** Told before each wait, to say so on stderr. */
  onWait?: (seconds: number, nextAttempt: number, attempts: number, reason: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, maxWaitSeconds: 30 };

/**
 * registryRequest, tried again when the registry answered 503 with Retry-After (its database is
 * restarting): only then, because only then has it said that the request was not completed and
 * that repeating it is safe. Network failures and other faults are not retried here; the caller
 * keeps the report for later.
 */
export async function registryRequestWithRetry(
  connection: RegistryConnection,
  method: 'GET' | 'POST',
  path: string,
  what: string,
  body?: unknown,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<{ status: number; body: unknown }> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await registryRequest(connection, method, path, what, body);
    } catch (error) {
      const wait = error instanceof RegistryUnavailableError ? error.retryAfterSeconds : undefined;
      if (wait === undefined || attempt >= policy.attempts || wait > policy.maxWaitSeconds) throw error;
      policy.onWait?.(wait, attempt + 1, policy.attempts, (error as Error).message);
      await sleep(wait * 1000);
    }
  }
}

/** The retry policy that says on stderr what it is waiting for. */
export function retryTellingStderr(stderr: { write(text: string): unknown }): RetryPolicy {
  return {
    ...DEFAULT_RETRY,
    onWait: (seconds, next, attempts, reason) =>
      stderr.write(`${reason}\nTrying again in ${seconds} s (attempt ${next} of ${attempts}).\n`),
  };
}
