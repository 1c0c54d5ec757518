import type { ValidationError } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, ValidateNested } from 'class-validator';
import { InvalidInputError, type FieldError } from './errors.js';
import { createValidationPipe, flattenValidationErrors } from './validation.js';
import { RequiredText } from './validators.js';

const node = (property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError => ({
  property,
  constraints,
  children,
});

describe(flattenValidationErrors.name, () => {
  it('gives one entry per message of a top-level field', () => {
    const fields = flattenValidationErrors([
      node('name', { isNotEmpty: 'name must not be blank', maxLength: 'name must be shorter than or equal to 200 characters' }),
      node('profile', { isIn: 'profile must be one of: keyboard, speech' }),
    ]);

    expect(fields).toEqual([
      { field: 'name', message: 'name must not be blank' },
      { field: 'name', message: 'name must be shorter than or equal to 200 characters' },
      { field: 'profile', message: 'profile must be one of: keyboard, speech' },
    ]);
  });

  it('names array elements with [index] and nested fields with a dot', () => {
    const fields = flattenValidationErrors([
      node('urls', undefined, [node('1', { isUrl: '1 must be a URL address' })]),
      node('a', undefined, [node('b', { isString: 'b must be a string' }, [node('c', { isInt: 'c must be an integer number' })])]),
      node('links', undefined, [node('0', undefined, [node('href', { isUrl: 'href must be a URL address' })])]),
    ]);

    expect(fields).toEqual([
      { field: 'urls[1]', message: 'urls[1] must be a URL address' },
      { field: 'a.b', message: 'a.b must be a string' },
      { field: 'a.b.c', message: 'a.b.c must be an integer number' },
      { field: 'links[0].href', message: 'links[0].href must be a URL address' },
    ]);
  });

  it('says plainly that an unknown field is not accepted, wherever it is', () => {
    const fields = flattenValidationErrors([
      node('colour', { whitelistValidation: 'property colour should not exist' }),
      node('links', undefined, [node('0', undefined, [node('extra', { whitelistValidation: 'property extra should not exist' })])]),
    ]);

    expect(fields).toEqual([
      { field: 'colour', message: 'colour is not a field this endpoint accepts' },
      { field: 'links[0].extra', message: 'links[0].extra is not a field this endpoint accepts' },
    ]);
  });

  it('leaves a message that does not start with the property name as it is', () => {
    const fields = flattenValidationErrors([
      node('platforms', { isIn: 'each platform must be one of: windows, macos' }),
      node('a', undefined, [node('name', { custom: 'names are case sensitive' })]),
    ]);

    expect(fields).toEqual([
      { field: 'platforms', message: 'each platform must be one of: windows, macos' },
      { field: 'a.name', message: 'names are case sensitive' },
    ]);
  });

  it('only replaces the property name at the very start of a message', () => {
    const [field] = flattenValidationErrors([node('b', undefined, [node('name', { x: 'name and name must match' })])]);

    expect(field).toEqual({ field: 'b.name', message: 'b.name and name must match' });
  });

  it('returns nothing for no errors or nodes without constraints or children', () => {
    expect(flattenValidationErrors([])).toEqual([]);
    expect(flattenValidationErrors([node('ok')])).toEqual([]);
  });
});

class LinkDto {
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  href!: string;

  @IsOptional()
  @IsString()
  label?: string;
}

class CreateThingDto {
  @RequiredText(20)
  name!: string;

  @IsIn(['keyboard', 'speech'])
  profile!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  priority?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => LinkDto)
  links?: LinkDto[];
}

async function invalidFieldsOf(value: unknown): Promise<{ error: InvalidInputError; fields: FieldError[] }> {
  const pipe = createValidationPipe();
  let thrown: unknown;
  try {
    await pipe.transform(value, { type: 'body', metatype: CreateThingDto });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidInputError);
  const error = thrown as InvalidInputError;
  return { error, fields: error.errors };
}

describe(createValidationPipe.name, () => {
  it('passes a valid body through as an instance of the DTO, with text trimmed', async () => {
    const pipe = createValidationPipe();

    const result = (await pipe.transform(
      { name: '  Payroll  ', profile: 'speech', priority: 2, links: [{ href: 'https://example.org', label: 'Docs' }] },
      { type: 'body', metatype: CreateThingDto },
    )) as CreateThingDto;

    expect(result).toBeInstanceOf(CreateThingDto);
    expect(result.name).toBe('Payroll');
    expect(result.links?.[0]).toBeInstanceOf(LinkDto);
    expect(result.links?.[0]?.href).toBe('https://example.org');
  });

  it('throws InvalidInputError naming each bad field', async () => {
    const { error, fields } = await invalidFieldsOf({
      name: '   ',
      profile: 'telepathy',
      priority: 11,
      links: [{ href: 'https://example.org' }, { href: 'javascript:alert(1)' }],
    });

    expect(error.status).toBe(400);
    expect(error.code).toBe('validation-failed');
    expect(new Set(fields.map((f) => f.field))).toEqual(new Set(['name', 'profile', 'priority', 'links[1].href']));
    expect(fields).toContainEqual({ field: 'name', message: 'name must not be blank' });
    expect(fields.find((f) => f.field === 'links[1].href')?.message).toMatch(/^links\[1\]\.href /);
    expect(error.message).toBe(`The request has ${fields.length} invalid fields.`);
  });

  it('rejects unknown fields, top-level and nested, instead of dropping them', async () => {
    const { error, fields } = await invalidFieldsOf({
      name: 'Payroll',
      profile: 'speech',
      colour: 'blue',
      links: [{ href: 'https://example.org', tracking: 'yes' }],
    });

    expect(fields).toEqual(
      expect.arrayContaining([
        { field: 'colour', message: 'colour is not a field this endpoint accepts' },
        { field: 'links[0].tracking', message: 'links[0].tracking is not a field this endpoint accepts' },
      ]),
    );
    expect(fields).toHaveLength(2);
    expect(error.message).toBe('The request has 2 invalid fields.');
  });

  it('says "an invalid field" when there is just one', async () => {
    const { error, fields } = await invalidFieldsOf({ name: 'Payroll', profile: 'braille' });

    expect(fields.map((f) => f.field)).toEqual(['profile']);
    expect(error.message).toBe('The request has an invalid field.');
  });

  it('gives one message a field: the first rule it breaks, not a list about the same field', async () => {
    const { fields } = await invalidFieldsOf({ name: 'Payroll', profile: 'speech', priority: 'high' });

    const messages = fields.filter((f) => f.field === 'priority').map((f) => f.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^priority /);
  });

  it('names a missing required field', async () => {
    const { fields } = await invalidFieldsOf({ profile: 'speech' });

    expect(fields.map((f) => f.field)).toContain('name');
  });

  it('does not echo the rejected values back', async () => {
    const { error } = await invalidFieldsOf({ name: 'Payroll', profile: 'secret-value-123' });

    expect(JSON.stringify({ message: error.message, errors: error.errors })).not.toContain('secret-value-123');
  });
});
