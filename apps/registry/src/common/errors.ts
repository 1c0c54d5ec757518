/** A field that failed validation, named as the client sent it (`platforms[1]`, `urls`). */
export interface FieldError {
  field: string;
  message: string;
}

/** A domain error carries a stable code and the HTTP status the one error filter maps it to. */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, key: string) {
    super(404, 'not-found', `No ${what} "${key}" was found.`);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

export class InvalidInputError extends DomainError {
  constructor(errors: FieldError[], message = 'The request has invalid fields.') {
    super(400, 'validation-failed', message, errors);
  }
}

/** No usable credentials: answered with 401 and `WWW-Authenticate: Bearer`. */
export class UnauthorizedError extends DomainError {
  constructor(
    message: string,
    /** RFC 6750 error code for the WWW-Authenticate header, when a token was sent but is no good. */
    readonly bearerError?: 'invalid_token',
  ) {
    super(401, 'unauthorized', message);
  }
}

/** Valid credentials that do not allow this: 403. */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}
