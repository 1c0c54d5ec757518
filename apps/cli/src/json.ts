/** JSON input files (config, reports, baselines) with syntax errors located by line and column. */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from './errors.js';

/** One line of the file with a caret under `col` (1-based), for syntax errors. */
export function excerpt(text: string, line: number, col: number): string {
  const src = text.split(/\r?\n/)[line - 1];
  if (src === undefined) return '';
  const gutter = `  ${line} | `;
  return `\n${gutter}${src}\n${' '.repeat(gutter.length + Math.max(0, col - 1))}^`;
}

export function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/** V8's JSON.parse message without the echo of the input or the offset: "Unexpected token '}'". */
export function jsonErrorWhat(error: unknown): string {
  return String((error as Error)?.message ?? error)
    .replace(/,? (?:\.\.\.)?".*is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '');
}

/**
 * Reads and parses a JSON file. `display` is the name the user gave; `what` says what the file
 * should be (e.g. "an atcompat report"). Errors are UsageErrors naming the file, line and column.
 */
export function readJsonFile(file: string, display: string, what: string): unknown {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new UsageError(`${display} is a folder, not ${what}.`);
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${display} does not exist.` : `${display} cannot be read (${code ?? (error as Error).message}).`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const { line, col } = lineCol(text, jsonErrorOffset(text));
    throw new UsageError(`${display}:${line}:${col}: this is not valid JSON (${what} is expected): ${jsonErrorWhat(error)}.${excerpt(text, line, col)}`);
  }
}

/**
 * The offset of the first JSON syntax error in `text` (V8's messages do not always give one).
 * A small recursive-descent scanner; only called once JSON.parse has already failed.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  class Stop extends Error {}
  const stop = (): never => {
    throw new Stop();
  };
  const literal = (word: string) => {
    for (const ch of word) if (text[i++] !== ch) (i--, stop());
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') return void i++;
      if (ch === '\\') {
        i++;
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) stop();
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) stop();
        i++;
        continue;
      }
      if (ch < ' ') stop();
      i++;
    }
    stop();
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) stop();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') stop();
        string();
        ws();
        if (text[i] !== ':') stop();
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void i++;
        stop();
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void i++;
        stop();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return number();
    stop();
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (error) {
    if (error instanceof Stop) return Math.min(i, text.length);
    throw error;
  }
}
