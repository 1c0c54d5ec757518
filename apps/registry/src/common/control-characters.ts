import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { InvalidInputError, type FieldError } from './errors.js';

/**
 * C0 control characters other than tab, line feed and carriage return. PostgreSQL refuses NUL in
 * text and jsonb (a 500 if it reaches a query), and none of them is something a person typed.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
/** Slugs, versions and ids are short; a longer path segment names nothing, so it is refused before any query. */
export const MAX_PATH_PARAMETER_LENGTH = 200;
/** Enough to show the client what to fix without answering with an echo of a huge hostile body. */
const MAX_REPORTED = 20;

const child = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/** Every field (named as the validation errors name them: `title`, `report.pages[0].title`) holding a control character. */
export function controlCharacterFields(value: unknown, field = '', out: FieldError[] = []): FieldError[] {
  // Iterative, so a deeply nested body (the body guards bound the depth anyway) cannot overflow the stack.
  const stack: [unknown, string][] = [[value, field]];
  while (stack.length && out.length < MAX_REPORTED) {
    const [item, name] = stack.pop()!;
    if (typeof item === 'string') {
      if (CONTROL_CHARACTER.test(item)) out.push({ field: name || 'body', message: `${name || 'The body'} must not contain control characters (such as NUL)` });
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], child(name, i)]);
    } else if (item !== null && typeof item === 'object') {
      const keys = Object.keys(item);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (CONTROL_CHARACTER.test(key)) {
          out.push({ field: name || 'body', message: `${name || 'The body'} has a field name with a control character (such as NUL)` });
        } else {
          stack.push([(item as Record<string, unknown>)[key], child(name, key)]);
        }
      }
    }
  }
  return out;
}

/**
 * Checks every route's input in one place, before any handler or query runs: the path
 * parameters, the query and the body (JSON or form) may not hold control characters, and a path
 * parameter is at most MAX_PATH_PARAMETER_LENGTH characters. Refused with 400 naming the fields
 * (problem+json on the API, the error page on pages). Runs after the guards, so a request
 * without the right to write learns nothing about its input.
 */
@Injectable()
export class RefuseControlCharactersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const errors: FieldError[] = [];
    for (const [name, value] of Object.entries(request.params ?? {})) {
      if (typeof value === 'string' && value.length > MAX_PATH_PARAMETER_LENGTH) {
        errors.push({ field: name, message: `${name} must be at most ${MAX_PATH_PARAMETER_LENGTH} characters` });
      }
    }
    controlCharacterFields(request.params ?? {}, '', errors);
    controlCharacterFields(request.query ?? {}, '', errors);
    controlCharacterFields(request.body, '', errors);
    if (errors.length) {
      throw new InvalidInputError(errors, `The request has ${errors.length === 1 ? 'an invalid field' : `${errors.length} invalid fields`}.`);
    }
    return next.handle();
  }
}
