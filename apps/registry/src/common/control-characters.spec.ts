import { controlCharacterFields } from './control-characters.js';
import { MAX_PAGE, pageNumberFrom } from './pagination.js';
import { InvalidInputError } from './errors.js';

describe(controlCharacterFields.name, () => {
  it('names every field holding a C0 control character, as validation names fields', () => {
    const fields = controlCharacterFields({ title: 'a\u0000b', report: { pages: [{ title: 'ok' }, { title: 'esc \u001b' }] }, tags: ['x', '\u0007'] });
    expect(fields.map((f) => f.field).sort()).toEqual(['report.pages[1].title', 'tags[1]', 'title']);
    expect(fields.find((f) => f.field === 'title')?.message).toBe('title must not contain control characters (such as NUL)');
  });

  it('lets tab, line feed and carriage return through, and non-text values', () => {
    expect(controlCharacterFields({ notes: 'one\r\ntwo\tthree', n: 1, b: true, nothing: null })).toEqual([]);
  });

  it('refuses a control character in a field name, and a bare string body', () => {
    expect(controlCharacterFields({ report: { 'a\u0000': 1 } }).map((f) => f.field)).toEqual(['report']);
    expect(controlCharacterFields('\u0000').map((f) => f.field)).toEqual(['body']);
  });
});

describe(pageNumberFrom.name, () => {
  it('reads a page number, the first page for nothing or not a number', () => {
    expect(pageNumberFrom('3')).toBe(3);
    expect(pageNumberFrom(undefined)).toBe(1);
    expect(pageNumberFrom('abc')).toBe(1);
    expect(pageNumberFrom('0')).toBe(1);
    expect(pageNumberFrom(String(MAX_PAGE))).toBe(MAX_PAGE);
  });

  it('refuses a page past MAX_PAGE with an error naming page', () => {
    for (const raw of [String(MAX_PAGE + 1), '99999999999999999999', '9'.repeat(400)]) {
      expect(() => pageNumberFrom(raw)).toThrow(InvalidInputError);
    }
    let caught: unknown;
    try {
      pageNumberFrom('99999999999999999999');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    expect((caught as InvalidInputError).errors).toEqual([{ field: 'page', message: expect.stringContaining('page must be a whole number') }]);
  });
});
