/**
 * Cheap checks on request bodies, before any validation runs: a body declared larger than the
 * limit is refused from its Content-Length alone, and JSON nested deeper than any real request is
 * refused before class-transformer and class-validator recurse into it (which overflows the stack).
 */
import type { NextFunction, Request, Response } from 'express';

/** Deeper than any body this API takes (a report is about 8 levels deep). */
export const MAX_JSON_DEPTH = 64;

/** How deeply `value` nests arrays and objects, counted without recursion; stops past `max`. */
export function jsonDepth(value: unknown, max = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > max) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node as object)) {
      if (child !== null && typeof child === 'object') stack.push({ node: child, depth: here });
    }
  }
  return deepest;
}

/** An error the problem-details filter turns into 4xx (it has body-parser's `type` and `status`). */
function bodyError(status: number, type: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { status, statusCode: status, type, expose: true, ...extra });
}

/**
 * Answers 413 at once when Content-Length is over `limit` bytes for the paths it is mounted on;
 * body-parser would only answer once the whole declared body had arrived.
 */
export function refuseDeclaredOversize(limit: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      // Close the connection after answering instead of reading what the client still sends.
      res.setHeader('Connection', 'close');
      next(bodyError(413, 'entity.too.large', 'request entity too large', { limit, length: declared }));
      return;
    }
    next();
  };
}

/** Refuses a parsed JSON body nested deeper than `max` levels with 400, naming the limit. */
export function refuseDeepJson(max = MAX_JSON_DEPTH) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const body: unknown = req.body;
    if (body !== null && typeof body === 'object' && jsonDepth(body, max) > max) {
      next(bodyError(400, 'entity.too.deep', `The request body is nested more than ${max} levels deep; no request to this API needs that many.`));
      return;
    }
    next();
  };
}

/** Whether a request carries a body at all (a declared length above 0, or a chunked one). */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && Number(length) > 0) || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Refuses with 415 an API change whose body is not JSON (`text/plain`, a form, no type at all):
 * without this, the JSON parser skips such a body and the change is read as empty, so a PATCH
 * would answer 200 and record an audit event for nothing.
 */
export function refuseNonJsonBody(isJson: (contentType: string) => boolean) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!['POST', 'PUT', 'PATCH'].includes(req.method) || !hasBody(req)) {
      next();
      return;
    }
    const type = req.headers['content-type'];
    if (type === undefined || !isJson(type)) {
      next(
        bodyError(
          415,
          'entity.unsupported.type',
          `The API takes JSON bodies: send Content-Type: application/json${type ? ` (this request sent "${type.split(';')[0]!.trim()}")` : ' (this request sent no Content-Type)'}.`,
        ),
      );
      return;
    }
    next();
  };
}
