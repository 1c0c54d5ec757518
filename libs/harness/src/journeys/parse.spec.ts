import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineJourney, JourneyError, stepName, validateJourney, type Journey } from './journey.js';
import { loadJourneys, parseJourneyFile, parseJourneyText } from './parse.js';

/** The problems a journey text is refused with (fails the test when it is accepted). */
function problemsOf(text: string, file = 'journeys/note.yaml'): string[] {
  try {
    parseJourneyText(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(JourneyError);
    return (error as JourneyError).problems;
  }
  throw new Error('the journey was accepted');
}

const GOOD = `name: Record a note on a case
start: login.html
steps:
  - fill: { field: Username, value: a.user }
  - activate: Sign in
  - choose: { field: Case type, option: Appeal }
  - check: Send a copy by email
  - press: Escape
  - expect: { heading: Your cases }
`;

describe(parseJourneyText.name, () => {
  it('reads every step kind, with the line each starts on', () => {
    const journey = parseJourneyText(GOOD, 'journeys/note.yaml');
    expect(journey).toEqual<Journey>({
      name: 'Record a note on a case',
      start: 'login.html',
      file: 'journeys/note.yaml',
      steps: [
        { kind: 'fill', field: 'Username', value: 'a.user', line: 4 },
        { kind: 'activate', target: 'Sign in', line: 5 },
        { kind: 'choose', field: 'Case type', option: 'Appeal', line: 6 },
        { kind: 'check', target: 'Send a copy by email', line: 7 },
        { kind: 'press', key: 'Escape', line: 8 },
        { kind: 'expect', expect: { heading: 'Your cases' }, line: 9 },
      ],
    });
  });

  it('names the file, the line and the step of an unknown step, and suggests one', () => {
    const text = `name: Note\nstart: note.html\n# a comment\n\nsteps:\n  - fill: { field: Note, value: hi }\n  - activate: Save\n  - check: Copy\n  - clik: Save note\n`;
    expect(problemsOf(text)).toEqual([
      'journeys/note.yaml line 9, step 4: unknown step "clik"; steps are fill, activate, choose, check, press, expect. Did you mean "activate"?',
    ]);
  });

  it('reports every problem at once, each with its own line and step', () => {
    const text = `name: Note
start: note.html
steps:
  - fill: { field: Note }
  - activate:
  - choose: { field: Case type, option: Appeal, value: x }
  - press: Escpae
  - expect: {}
  - activate: Save
    check: Copy
`;
    expect(problemsOf(text)).toEqual([
      'journeys/note.yaml line 4, step 1: fill is missing its value: what to type, e.g. "value: a.user".',
      'journeys/note.yaml line 5, step 2: activate needs the visible name of a button, link or other control, e.g. "activate: Save note" (found null).',
      'journeys/note.yaml line 6, step 3: choose takes field and option, not "value".',
      'journeys/note.yaml line 7, step 4: press needs a key such as Escape, Enter, Tab, Space, ArrowDown or Shift+Tab (found "Escpae").',
      'journeys/note.yaml line 8, step 5: expect needs one of heading, text, url, e.g. "expect: { heading: Your cases }".',
      'journeys/note.yaml line 9, step 6: a step does one thing, but this one has "activate" and "check"; put each on its own "- " line.',
    ]);
  });

  it('refuses a journey without a name, start or steps, and unknown settings', () => {
    expect(problemsOf('title: Note\nsteps: []\n')).toEqual([
      'journeys/note.yaml line 1: "title" is not part of a journey; a journey has name, start, steps, audit.',
      'journeys/note.yaml line 1: the journey needs a name, e.g. "name: Record a note on a case".',
      'journeys/note.yaml line 1: the journey needs a start page, e.g. "start: login.html" (relative to --base-url).',
      'journeys/note.yaml line 2: the journey needs a list of steps, e.g. "steps:" then "  - activate: Sign in" (found []).',
    ]);
  });

  it('names the line of malformed YAML', () => {
    const [problem] = problemsOf('name: Note\nstart: note.html\nsteps:\n  - activate: [Save\n');
    expect(problem).toMatch(/^journeys\/note\.yaml line \d: this is not valid YAML: /);
  });

  it('accepts numbers as typed values and keeps the value as written', () => {
    const journey = parseJourneyText('name: PIN\nstart: a.html\nsteps:\n  - fill: { field: Amount, value: 1250 }\n  - fill: { field: Note, value: "  two spaces" }\n', 'a.yaml');
    expect(journey.steps).toEqual([
      { kind: 'fill', field: 'Amount', value: '1250', line: 4 },
      { kind: 'fill', field: 'Note', value: '  two spaces', line: 5 },
    ]);
  });
});

describe(parseJourneyFile.name, () => {
  it('reads the casework journey from a11y-tests', () => {
    const journey = parseJourneyFile('a11y-tests/journeys/record-a-note.yaml');
    expect(journey.name).toBe('Record a note on a case');
    expect(journey.steps.map((s) => s.kind)).toContain('choose');
    expect(journey.steps.find((s) => s.kind === 'activate' && s.target === 'Save note')).toBeDefined();
  });

  it('says when the file does not exist', () => {
    expect(() => parseJourneyFile('nowhere/none.yaml')).toThrow('The journey file nowhere/none.yaml does not exist.');
  });
});

describe(loadJourneys.name, () => {
  it('reports the problems of every file together and refuses duplicate names', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atcompat-journeys-'));
    writeFileSync(path.join(dir, 'a.yaml'), GOOD);
    writeFileSync(path.join(dir, 'b.yaml'), GOOD);
    writeFileSync(path.join(dir, 'c.yaml'), 'name: C\nstart: c.html\nsteps:\n  - tap: Go\n');
    let problems: string[] = [];
    try {
      loadJourneys(['a.yaml', 'b.yaml', 'c.yaml'], { cwd: dir });
    } catch (error) {
      problems = (error as JourneyError).problems;
    }
    expect(problems).toEqual([
      'c.yaml line 4, step 1: unknown step "tap"; steps are fill, activate, choose, check, press, expect. Did you mean "activate"?',
      'b.yaml: the journey name "Record a note on a case" is already used by a.yaml; give each journey its own name.',
    ]);
    expect(readFileSync(path.join(dir, 'a.yaml'), 'utf8')).toBe(GOOD);
  });
});

describe(defineJourney.name, () => {
  it('checks a journey written in TypeScript the same way', () => {
    const journey = defineJourney({ name: 'Sign in', start: 'login.html', steps: [{ fill: { field: 'Username', value: 'a.user' } }, { activate: 'Sign in' }] });
    expect(journey.steps).toEqual([
      { kind: 'fill', field: 'Username', value: 'a.user' },
      { kind: 'activate', target: 'Sign in' },
    ]);
    expect(() => defineJourney({ name: 'Bad', start: 'x.html', steps: [{ clik: 'Go' } as never] })).toThrow('journey "Bad" step 1: unknown step "clik"');
  });

  it('refuses what is not a journey at all', () => {
    expect(() => validateJourney(['a'], 'x.yaml')).toThrow('x.yaml: a journey file must hold a mapping with name, start and steps (found a list).');
  });
});

describe(stepName.name, () => {
  it('says each step in words, without secrets', () => {
    expect(stepName({ kind: 'fill', field: 'Password', value: 'hunter2' })).toBe('fill "Password" with the secret value');
    expect(stepName({ kind: 'fill', field: 'Username', value: 'a.user' })).toBe('fill "Username" with "a.user"');
    expect(stepName({ kind: 'choose', field: 'Case type', option: 'Appeal' })).toBe('choose "Appeal" in "Case type"');
    expect(stepName({ kind: 'expect', expect: { heading: 'Note saved', url: 'saved.html' } })).toBe('expect the heading "Note saved" and the address to contain "saved.html"');
  });
});
