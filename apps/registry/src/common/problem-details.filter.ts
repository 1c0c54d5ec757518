import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable.js';
import { DomainError, UnauthorizedError, type FieldError } from './errors.js';

/** RFC 9457 problem details, the body of every API error. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** Turns any error into a problem+json body; never sends a stack trace. */
export function toProblem(error: unknown, instance?: string): ProblemDetails {
  const problem = (status: number, code: string, detail: string, errors?: FieldError[]): ProblemDetails => ({
    type: `https://atcompat.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(instance ? { instance } : {}),
    code,
    ...(errors && errors.length ? { errors } : {}),
  });

  if (error instanceof DomainError) {
    const detail = error.errors.length
      ? `${error.message} ${error.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}.`
      : error.message;
    return problem(error.status, error.code, detail, error.errors);
  }
  // body-parser errors (malformed JSON, too large, wrong charset) carry `type` and `status`.
  // Nest wraps body-parser's error in a BadRequestException; the original is its cause.
  const bodyError = (error instanceof HttpException && error.cause ? error.cause : error) as {
    type?: string;
    status?: number;
    message?: string;
    limit?: number;
  };
  if (bodyError && typeof bodyError.type === 'string' && typeof bodyError.status === 'number' && bodyError.status < 500) {
    if (bodyError.type === 'entity.parse.failed') {
      return problem(400, 'malformed-json', `The request body is not valid JSON: ${bodyError.message ?? 'parse error'}.`);
    }
    if (bodyError.type === 'entity.too.deep') {
      return problem(400, 'json-too-deep', bodyError.message ?? 'The request body is nested too deeply.');
    }
    if (bodyError.type === 'entity.unsupported.type') {
      return problem(415, 'unsupported-media-type', bodyError.message ?? 'The request body is not JSON.');
    }
    if (bodyError.type === 'entity.too.large') {
      const limit = bodyError.limit ? `the ${bodyError.limit} bytes` : 'the size';
      return problem(413, 'payload-too-large', `The request body is larger than ${limit} allowed.`);
    }
    return problem(bodyError.status, 'bad-request', bodyError.message ?? 'The request could not be read.');
  }
  if (error instanceof QueryFailedError) {
    const driverError = error.driverError as { code?: string; constraint?: string; column?: string };
    switch (driverError?.code) {
      case '23505':
        return problem(409, 'duplicate', `That already exists (${describeConstraint(driverError.constraint)}).`);
      case '23503':
      case '23001': // newer PostgreSQL (and PGlite) report ON DELETE RESTRICT as restrict_violation
        return problem(409, 'in-use', `It is still referred to by other records (${describeConstraint(driverError.constraint)}); remove those first.`);
      case '23502':
        return problem(400, 'missing-value', `A required value is missing${driverError.column ? ` (${driverError.column})` : ''}; it cannot be null.`);
      case '22P02':
      case '22007':
      case '22008':
        return problem(400, 'invalid-value', 'A value in the request is not in the expected format.');
      default:
        break;
    }
  }
  if (isDatabaseUnavailable(error)) {
    return problem(
      503,
      'database-unavailable',
      `The registry cannot reach its database just now, so this request was not completed. Try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds; sending the same request again is safe.`,
    );
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? ((response as { message: string[] }).message).join('; ')
          : String((response as { message?: unknown }).message ?? error.message);
    const code = status === 404 ? 'not-found' : status === 405 ? 'method-not-allowed' : 'http-error';
    const detail = status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(message)
      ? `There is no ${message.replace(/^Cannot /, '')} endpoint. The API is described at /api/docs.`
      : message;
    return problem(status, code, detail);
  }
  return problem(500, 'internal-error', 'Something went wrong on our side. The error has been logged; please try again or report it.');
}

function describeConstraint(name: string | undefined): string {
  if (!name) return 'a uniqueness or reference rule';
  return name.replace(/^(uq|fk|ck|pk)_/, '').replace(/_/g, ' ');
}

/** The one error policy of the API (conventions.md): domain errors, validation, DB conflicts, 404s. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  /**
   * @param sendPage answers the error as an HTML page when the request was for a web page (not the
   *   API) and returns true; the web UI passes one (src/web/error-pages.ts).
   */
  constructor(private readonly sendPage?: (request: Request, response: Response, problem: ProblemDetails) => boolean) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const problem = toProblem(error, request?.originalUrl);
    if (problem.code === 'database-unavailable') {
      // Expected while the database restarts: one line, no stack.
      this.logger.warn(`${request?.method} ${request?.originalUrl}: the database is unavailable (${(error as Error)?.message ?? String(error)})`);
    } else if (problem.status >= 500) {
      this.logger.error(`${request?.method} ${request?.originalUrl}: ${(error as Error)?.stack ?? String(error)}`);
    }
    if (response.headersSent) return;
    if (problem.status === 503) response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    if (this.sendPage?.(request, response, problem)) return;
    if (problem.status === 401) {
      // RFC 6750: say which scheme to use, and whether the token sent was the problem.
      const bearerError = error instanceof UnauthorizedError && error.bearerError ? `, error="${error.bearerError}"` : '';
      response.setHeader('WWW-Authenticate', `Bearer realm="atcompat"${bearerError}`);
    }
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
