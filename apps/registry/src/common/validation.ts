import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { InvalidInputError, type FieldError } from './errors.js';

/** Flattens class-validator's tree into one entry per bad field, e.g. `urls[0]`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ field, message: rephrase(message, error.property, field) });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** class-validator says "property foo should not exist"; say which field and why, plainly. */
function rephrase(message: string, property: string, field: string): string {
  if (message === `property ${property} should not exist`) {
    return `${field} is not a field this endpoint accepts`;
  }
  return message.startsWith(`${property} `) ? `${field} ${message.slice(property.length + 1)}` : message;
}

/** The one global pipe: strips nothing silently — unknown fields are an error that names them. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // One message a field: the first rule it breaks ("name is required", not three about it).
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      return new InvalidInputError(fields, `The request has ${fields.length === 1 ? 'an invalid field' : `${fields.length} invalid fields`}.`);
    },
  });
}
