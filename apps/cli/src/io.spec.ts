import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from './errors.js';
import { useColor, writeOutput } from './io.js';

describe(useColor.name, () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true };

  it('colours a terminal only, and never with NO_COLOR or a dumb terminal', () => {
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
    expect(useColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: '' })).toBe(true);
    expect(useColor(tty, { TERM: 'dumb' })).toBe(false);
  });

  it('obeys --color and --no-color', () => {
    expect(useColor(pipe, { NO_COLOR: '1' }, true)).toBe(true);
    expect(useColor(tty, {}, false)).toBe(false);
  });
});

describe(writeOutput.name, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'atcompat-io-'));

  it('creates the folder', () => {
    writeOutput(path.join(dir, 'a/b/report.md'), 'a/b/report.md', '# hi\n');
    expect(readFileSync(path.join(dir, 'a/b/report.md'), 'utf8')).toBe('# hi\n');
  });

  it('names the file it could not write, and why', () => {
    writeFileSync(path.join(dir, 'file'), '');
    expect(() => writeOutput(path.join(dir, 'file/report.md'), 'file/report.md', 'x')).toThrow(UsageError);
    expect(() => writeOutput(path.join(dir, 'file/report.md'), 'file/report.md', 'x')).toThrow(/^Could not write file\/report\.md: /);
  });
});
