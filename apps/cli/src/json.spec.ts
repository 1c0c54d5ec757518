import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from './errors.js';
import { jsonErrorOffset, readJsonFile } from './json.js';

describe(jsonErrorOffset.name, () => {
  it.each([
    ['{"a": }', 6],
    ['{"a": 1,}', 8],
    ['{\n  "a": 1\n  "b": 2\n}', 13],
    ['{"a": tru}', 9],
    ['[1, 2', 5],
    ['{"a": "x\u0001"}', 8],
    ['{"a": 1} x', 9],
  ])('finds the first error in %j', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});

describe(readJsonFile.name, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'atcompat-json-'));

  it('reads JSON', () => {
    const file = path.join(dir, 'good.json');
    writeFileSync(file, '\uFEFF{"a": [1, 2]}');
    expect(readJsonFile(file, 'good.json', 'a report')).toEqual({ a: [1, 2] });
  });

  it('names the file, line and column of a syntax error and shows the line', () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, '{\n  "pages": [\n    { "url": "x", }\n  ]\n}\n');
    expect(() => readJsonFile(file, 'bad.json', 'an atcompat report')).toThrow(UsageError);
    expect(() => readJsonFile(file, 'bad.json', 'an atcompat report')).toThrow(
      /^bad\.json:3:19: this is not valid JSON \(an atcompat report is expected\): .+\n {2}3 \| {5}\{ "url": "x", \}\n {24}\^$/,
    );
  });

  it('says when the file is missing', () => {
    expect(() => readJsonFile(path.join(dir, 'nope.json'), 'nope.json', 'a report')).toThrow('nope.json does not exist.');
  });
});
