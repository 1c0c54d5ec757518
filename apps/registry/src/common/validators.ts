import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDefined, IsNotEmpty, IsString, IsUrl, MaxLength, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

/** A calendar date written YYYY-MM-DD that exists (no 2025-02-30). */
export function isDateOnly(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateOnly',
      validator: {
        validate: isDateOnly,
        defaultMessage: () => '$property must be a date written YYYY-MM-DD, for example 2025-03-31',
      },
    },
    options,
  );
}

const trim = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A required line of text: trimmed, not blank, at most `max` characters. */
export function RequiredText(max = 200): PropertyDecorator {
  return applyDecorators(
    trim,
    IsDefined({ message: '$property is required' }),
    IsString(),
    IsNotEmpty({ message: '$property must not be blank' }),
    MaxLength(max),
  );
}

/** An optional block of text: trimmed, at most `max` characters. */
export function OptionalText(max = 5000): PropertyDecorator {
  return applyDecorators(trim, IsString(), MaxLength(max));
}

/** An http(s) address. */
export function WebAddress(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    trim,
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
      { message: '$property must be a web address starting with http:// or https://', ...options },
    ),
    MaxLength(2000, { each: options?.each }),
  );
}

/**
 * May be left out, but not sent as null: for fields stored NOT NULL (`@IsOptional` would let null
 * through to the database).
 */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
