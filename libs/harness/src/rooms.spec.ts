import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The harness keeps three rooms apart (architecture.md): code that runs inside the page imports
 * nothing at run time; pure checks never touch Playwright; the CLI only calls the library.
 * This spec is the build rule that keeps it so.
 */
const HARNESS = path.resolve('libs/harness/src');
const CLI = path.resolve('apps/cli/src');

function sources(dir: string): string[] {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry);
    if (!entry.includes('.')) return sources(full);
    return entry.endsWith('.ts') && !entry.endsWith('.spec.ts') ? [full] : [];
  });
}

/** Every module a file imports at run time (type-only imports are erased and do not count). */
export function runtimeImports(source: string): string[] {
  const found: string[] = [];
  const pattern = /^\s*(import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(pattern)) {
    const clause = match[0];
    // `import { type A, type B } from` is type-only too.
    const named = /\{([^}]*)\}/.exec(clause);
    if (named && !/\*|^\s*\w+\s*,/.test(clause.replace(/^\s*(import|export)\s+/, '')) && named[1]!.split(',').every((n) => /^\s*type\s/.test(n) || !n.trim())) {
      continue;
    }
    found.push(match[2]!);
  }
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

describe('harness rooms', () => {
  it('reads import clauses the way the compiler erases them', () => {
    expect(runtimeImports(`import type { A } from 'playwright-core';\nimport { type B } from 'x';`)).toEqual([]);
    expect(runtimeImports(`import { chromium } from 'playwright-core';`)).toEqual(['playwright-core']);
    expect(runtimeImports(`import fs from 'node:fs';\nexport * from './a.js';`)).toEqual(['node:fs', './a.js']);
    expect(runtimeImports(`const m = await import('node:path');`)).toEqual(['node:path']);
  });

  it.each(sources(path.join(HARNESS, 'page')).map((f) => [path.relative(HARNESS, f), f]))(
    '%s (runs in the page) imports nothing at run time',
    (_name, file) => {
      expect(runtimeImports(readFileSync(file, 'utf8'))).toEqual([]);
    },
  );

  it.each(sources(path.join(HARNESS, 'checks')).map((f) => [path.relative(HARNESS, f), f]))(
    '%s (pure checks) does not import Playwright or driver code',
    (_name, file) => {
      const forbidden = runtimeImports(readFileSync(file, 'utf8')).filter(
        (m) => m.startsWith('playwright') || m.includes('/driver/') || m.startsWith('@playwright'),
      );
      expect(forbidden).toEqual([]);
    },
  );

  it.each(sources(CLI).map((f) => [path.relative(CLI, f), f]))('CLI file %s calls the library, not Playwright', (_name, file) => {
    const forbidden = runtimeImports(readFileSync(file, 'utf8')).filter((m) => m.startsWith('playwright') || m.startsWith('axe-core'));
    expect(forbidden).toEqual([]);
  });

  it('finds the rooms it guards', () => {
    expect(sources(path.join(HARNESS, 'page')).length).toBeGreaterThan(0);
    expect(sources(path.join(HARNESS, 'checks')).length).toBeGreaterThan(0);
  });
});
