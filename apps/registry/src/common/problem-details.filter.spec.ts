import { BadRequestException, MethodNotAllowedException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ConflictError, DomainError, InvalidInputError, NotFoundError } from './errors.js';
import { toProblem } from './problem-details.filter.js';

const queryFailed = (code: string, extra: Record<string, unknown> = {}) =>
  new QueryFailedError(
    'INSERT INTO system (slug) VALUES ($1)',
    ['payroll'],
    Object.assign(new Error(`driver says ${code} with internal detail`), { code, ...extra }),
  );

describe(toProblem.name, () => {
  describe('domain errors', () => {
    it('maps NotFoundError to 404 not-found with its message', () => {
      const problem = toProblem(new NotFoundError('system', 'payroll'), '/api/systems/payroll');

      expect(problem).toEqual({
        type: 'https://atcompat.dev/problems/not-found',
        title: 'Not found',
        status: 404,
        detail: 'No system "payroll" was found.',
        instance: '/api/systems/payroll',
        code: 'not-found',
      });
    });

    it('maps ConflictError to 409 with its own code', () => {
      const problem = toProblem(new ConflictError('slug-taken', 'The slug "payroll" is already used.'));

      expect(problem).toMatchObject({ status: 409, code: 'slug-taken', title: 'Conflict', detail: 'The slug "payroll" is already used.' });
      expect(problem.type).toBe('https://atcompat.dev/problems/slug-taken');
      expect(problem).not.toHaveProperty('errors');
      expect(problem).not.toHaveProperty('instance');
    });

    it('maps InvalidInputError to 400 with each field in errors and in the detail', () => {
      const errors = [
        { field: 'urls[0]', message: 'urls[0] must be a web address' },
        { field: 'name', message: 'name should not be empty' },
      ];

      const problem = toProblem(new InvalidInputError(errors, 'The request has 2 invalid fields.'));

      expect(problem.status).toBe(400);
      expect(problem.code).toBe('validation-failed');
      expect(problem.title).toBe('Bad request');
      expect(problem.errors).toEqual(errors);
      expect(problem.detail).toBe(
        'The request has 2 invalid fields. urls[0]: urls[0] must be a web address; name: name should not be empty.',
      );
    });

    it('keeps the status and code of any DomainError', () => {
      const problem = toProblem(new DomainError(422, 'retest-required', 'Record a retest first.'));

      expect(problem).toMatchObject({ status: 422, code: 'retest-required', title: 'Unprocessable request', detail: 'Record a retest first.' });
    });

    it('falls back to a generic title for a status it has no title for', () => {
      expect(toProblem(new DomainError(418, 'teapot', 'Short and stout.')).title).toBe('Error');
    });
  });

  describe('request body errors', () => {
    it('maps malformed JSON to 400 malformed-json', () => {
      const problem = toProblem({ type: 'entity.parse.failed', status: 400, message: 'Unexpected token } in JSON at position 9' });

      expect(problem.status).toBe(400);
      expect(problem.code).toBe('malformed-json');
      expect(problem.detail).toBe('The request body is not valid JSON: Unexpected token } in JSON at position 9.');
    });

    it('maps a body over the limit to 413 payload-too-large', () => {
      const problem = toProblem({ type: 'entity.too.large', status: 413, message: 'request entity too large', limit: 102400 });

      expect(problem.status).toBe(413);
      expect(problem.code).toBe('payload-too-large');
      expect(problem.title).toBe('Request too large');
      expect(problem.detail).toBe('The request body is larger than the 102400 bytes allowed.');
    });

    it('keeps the status of other body-parser errors', () => {
      const problem = toProblem({ type: 'charset.unsupported', status: 415, message: 'unsupported charset "KOI8-R"' });

      expect(problem).toMatchObject({ status: 415, code: 'bad-request', detail: 'unsupported charset "KOI8-R"' });
    });
  });

  describe('database errors', () => {
    it('maps a unique violation (23505) to 409 duplicate, naming the rule', () => {
      const problem = toProblem(queryFailed('23505', { constraint: 'uq_system_slug' }));

      expect(problem.status).toBe(409);
      expect(problem.code).toBe('duplicate');
      expect(problem.detail).toBe('That already exists (system slug).');
    });

    it('maps a foreign key violation (23503) to 409 in-use', () => {
      const problem = toProblem(queryFailed('23503', { constraint: 'fk_at_version_assistive_technology' }));

      expect(problem.status).toBe(409);
      expect(problem.code).toBe('in-use');
      expect(problem.detail).toContain('at version assistive technology');
    });

    it('describes an unnamed constraint in general terms', () => {
      expect(toProblem(queryFailed('23505')).detail).toBe('That already exists (a uniqueness or reference rule).');
    });

    it.each(['22P02', '22007', '22008'])('maps a bad value (%s) to 400 invalid-value', (code) => {
      const problem = toProblem(queryFailed(code));

      expect(problem.status).toBe(400);
      expect(problem.code).toBe('invalid-value');
    });

    it('never shows the SQL, the parameters or the driver message', () => {
      for (const code of ['23505', '23503', '22P02', '42P01']) {
        const body = JSON.stringify(toProblem(queryFailed(code)));

        expect(body).not.toContain('INSERT INTO');
        expect(body).not.toContain('payroll');
        expect(body).not.toContain('internal detail');
      }
    });

    it('treats any other database error as a 500', () => {
      expect(toProblem(queryFailed('42P01')).status).toBe(500);
    });

    it.each([
      ['the server shutting down (57P01)', queryFailed('57P01')],
      ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
      ['a connection that ended', new Error('Connection terminated unexpectedly')],
    ])('answers 503 database-unavailable for %s, without the driver message', (_what, error) => {
      const problem = toProblem(error);

      expect(problem).toMatchObject({ status: 503, code: 'database-unavailable', title: 'Service unavailable' });
      expect(problem.detail).toMatch(/cannot reach its database.*Try again in \d+ seconds/);
      expect(problem.detail).not.toMatch(/ECONNREFUSED|terminated|5432/);
    });
  });

  describe('Nest HTTP exceptions', () => {
    it('turns an unknown route into a 404 that points to the API docs', () => {
      const problem = toProblem(new NotFoundException('Cannot GET /x'), '/x');

      expect(problem.status).toBe(404);
      expect(problem.code).toBe('not-found');
      expect(problem.detail).toBe('There is no GET /x endpoint. The API is described at /api/docs.');
      expect(problem.instance).toBe('/x');
    });

    it('keeps the message of any other 404', () => {
      expect(toProblem(new NotFoundException('No such page')).detail).toBe('No such page');
    });

    it('maps 405 to method-not-allowed', () => {
      expect(toProblem(new MethodNotAllowedException()).code).toBe('method-not-allowed');
    });

    it('joins a list of messages', () => {
      const problem = toProblem(new BadRequestException({ message: ['first thing', 'second thing'] }));

      expect(problem).toMatchObject({ status: 400, code: 'http-error', detail: 'first thing; second thing' });
    });
  });

  describe('anything else', () => {
    it('answers 500 without the message or a stack trace', () => {
      const error = new Error('secret internals');

      const problem = toProblem(error, '/api/systems');

      expect(problem.status).toBe(500);
      expect(problem.code).toBe('internal-error');
      expect(problem.title).toBe('Internal server error');
      const body = JSON.stringify(problem);
      expect(body).not.toContain('secret internals');
      expect(body).not.toContain('problem-details.filter.spec');
      expect(body).not.toMatch(/\bat .*:\d+:\d+/);
      expect(Object.keys(problem).sort()).toEqual(['code', 'detail', 'instance', 'status', 'title', 'type']);
    });

    it.each([
      ['a string', 'secret internals'],
      ['null', null],
      ['undefined', undefined],
      ['a plain object', { message: 'secret internals' }],
    ])('answers 500 for %s', (_what, thrown) => {
      const problem = toProblem(thrown);

      expect(problem.status).toBe(500);
      expect(JSON.stringify(problem)).not.toContain('secret internals');
    });
  });
});
