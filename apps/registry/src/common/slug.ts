/** Longest slug accepted anywhere (slugify makes at most 64); a longer one overflowed the unique index (a 500). */
export const SLUG_MAX_LENGTH = 100;

/** Lower-case words joined by hyphens, as used in registry URLs. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** "Dragon Professional 16" → "dragon-professional-16". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}
