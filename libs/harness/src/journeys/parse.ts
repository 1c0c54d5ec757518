/**
 * Journey files: YAML read with line numbers, so that every error names the file, the line and
 * the step, e.g. `journeys/note.yaml line 7, step 4: unknown step "clik"; steps are fill, …`.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { JourneyError, validateJourney, type Journey } from './journey.js';

/** Parses and checks the text of one journey file; `file` is how messages name it. */
export function parseJourneyText(source: string, file: string): Journey {
  const text = source.replace(/^\uFEFF/, '');
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const problems = doc.errors.map((error) => {
      const pos = error.linePos?.[0];
      const what = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return `${file}${pos ? ` line ${pos.line}` : ''}: this is not valid YAML: ${what}.`;
    });
    throw new JourneyError(problems.join('\n'), problems);
  }
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  const contents = doc.contents;
  return validateJourney(doc.toJS(), file, ({ step, key }) => {
    if (!isMap(contents)) return lineOf(contents);
    if (step !== undefined) {
      const steps = contents.get('steps', true);
      return isSeq(steps) ? lineOf(steps.items[step]) : lineOf(steps);
    }
    if (key !== undefined) {
      const pair = contents.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      // A missing key: point at the start of the file, where it belongs.
      return pair ? lineOf(pair.key) : 1;
    }
    return lineOf(contents);
  });
}

/**
 * Reads and checks one journey file. `display` is how messages name it (default: as given).
 * Throws a JourneyError when the file is missing, unreadable or not a valid journey.
 */
export function parseJourneyFile(file: string, options: { cwd?: string; display?: string } = {}): Journey {
  const full = path.resolve(options.cwd ?? process.cwd(), file);
  const display = options.display ?? file;
  let text: string;
  try {
    if (statSync(full).isDirectory()) throw new JourneyError(`${display} is a folder; give the path of a journey file such as ${path.join(display, 'record-a-note.yaml')}.`);
    text = readFileSync(full, 'utf8');
  } catch (error) {
    if (error instanceof JourneyError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new JourneyError(code === 'ENOENT' ? `The journey file ${display} does not exist.` : `The journey file ${display} cannot be read (${code ?? (error as Error).message}).`);
  }
  return parseJourneyText(text, display);
}

/**
 * Reads and checks every journey file, reporting the problems of all of them at once (so one
 * run shows every mistake), and refuses two journeys with the same name (reports key on it).
 */
export function loadJourneys(files: readonly string[], options: { cwd?: string } = {}): Journey[] {
  const journeys: Journey[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      journeys.push(parseJourneyFile(file, options));
    } catch (error) {
      if (!(error instanceof JourneyError)) throw error;
      problems.push(...error.problems);
    }
  }
  const seen = new Map<string, string>();
  for (const journey of journeys) {
    const other = seen.get(journey.name);
    if (other) problems.push(`${journey.file}: the journey name "${journey.name}" is already used by ${other}; give each journey its own name.`);
    else seen.set(journey.name, journey.file ?? journey.name);
  }
  if (problems.length) throw new JourneyError(problems.join('\n'), problems);
  return journeys;
}
