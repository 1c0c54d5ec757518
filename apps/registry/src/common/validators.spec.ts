import { isDateOnly } from './validators.js';
import { slugify, SLUG_PATTERN } from './slug.js';

describe('isDateOnly', () => {
  it.each(['2025-03-31', '2024-02-29', '1999-12-01'])('accepts the real date %s', (value) => {
    expect(isDateOnly(value)).toBe(true);
  });

  it.each(['2025-02-30', '2023-02-29', '2025-13-01', '31/03/2025', '2025-03-31T00:00:00Z', '', 20250331, null])(
    'rejects %p',
    (value) => {
      expect(isDateOnly(value)).toBe(false);
    },
  );
});

describe('slugify', () => {
  it.each([
    ['Dragon Professional 16', 'dragon-professional-16'],
    ['  Read&Write  ', 'read-and-write'],
    ['Zoom—Text (2025)', 'zoom-text-2025'],
    ['Élan Caseworks', 'elan-caseworks'],
  ])('turns %p into %p', (text, slug) => {
    expect(slugify(text)).toBe(slug);
    expect(slug).toMatch(SLUG_PATTERN);
  });

  it('never ends in a hyphen when it cuts a long name', () => {
    const slug = slugify(`${'a'.repeat(63)} b`);
    expect(slug.length).toBeLessThanOrEqual(64);
    expect(slug).toMatch(SLUG_PATTERN);
  });
});
