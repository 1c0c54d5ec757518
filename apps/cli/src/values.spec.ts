import { AT_PROFILES } from '@atcompat/contracts';
import { UsageError } from './errors.js';
import { checkUrl, parseDuration, parseHeader, parseImpact, parseProfiles, parseSteps, parseViewport, parseWhole, splitList } from './values.js';

describe('option values', () => {
  it('splits repeated and comma-separated lists', () => {
    expect(splitList(['speech,keyboard', ' magnifier ', ''])).toEqual(['speech', 'keyboard', 'magnifier']);
  });

  it('reads impacts, profiles and steps, naming the option when a value is wrong', () => {
    expect(parseImpact('Critical', '--fail-on')).toBe('critical');
    expect(() => parseImpact('high', '--fail-on')).toThrow('--fail-on must be one of critical, serious, moderate, minor (found "high").');
    expect(parseProfiles(['speech', 'keyboard'], '--profile')).toEqual(['keyboard', 'speech']);
    expect(parseProfiles(['all'], '--profile')).toEqual([...AT_PROFILES]);
    expect(() => parseProfiles(['speech,dragon'], '--profile')).toThrow(/--profile: unknown profile "dragon"\. Choose from keyboard, speech/);
    expect(parseSteps(['keyboard,axe'], '--steps')).toEqual(['axe', 'keyboard']);
    expect(() => parseSteps(['tab'], '--steps')).toThrow(UsageError);
  });

  it('reads durations in seconds by default', () => {
    expect(parseDuration('30', '--timeout')).toBe(30_000);
    expect(parseDuration('1.5s', '--timeout')).toBe(1500);
    expect(parseDuration('2m', '--timeout')).toBe(120_000);
    expect(parseDuration('4500ms', '--timeout')).toBe(4500);
    expect(parseDuration(45, 'timeout')).toBe(45_000);
    expect(() => parseDuration('soon', '--timeout')).toThrow(/--timeout must be a time from 1s to 60m/);
    expect(() => parseDuration('10ms', '--timeout')).toThrow(UsageError);
  });

  it('reads whole numbers, viewports and headers', () => {
    expect(parseWhole('4', '--concurrency', 1, 64)).toBe(4);
    expect(() => parseWhole('0', '--concurrency', 1, 64)).toThrow('--concurrency must be a whole number from 1 to 64 (found "0").');
    expect(() => parseWhole('2.5', '--concurrency', 1, 64)).toThrow(UsageError);
    expect(parseViewport('1024x768', '--viewport')).toEqual({ width: 1024, height: 768 });
    expect(() => parseViewport('big', '--viewport')).toThrow(/WIDTHxHEIGHT/);
    expect(parseHeader('Authorization: Bearer a:b', '--header')).toEqual(['Authorization', 'Bearer a:b']);
    expect(() => parseHeader('no colon', '--header')).toThrow(/"Name: value"/);
  });
});

describe(checkUrl.name, () => {
  it('accepts http and https addresses', () => {
    expect(checkUrl('http://127.0.0.1:3000/cases', false)).toBe('http://127.0.0.1:3000/cases');
    expect(checkUrl(' https://casework.test ', false)).toBe('https://casework.test/');
  });

  it('refuses file: addresses unless allowed', () => {
    expect(() => checkUrl('file:///tmp/page.html', false)).toThrow(/is a file: address.*--allow-file-urls/);
    expect(checkUrl('file:///tmp/page.html', true)).toBe('file:///tmp/page.html');
  });

  it.each(['javascript:alert(1)', 'data:text/html,<p>hi', 'about:blank', 'ftp://example.test/'])('refuses %s', (url) => {
    expect(() => checkUrl(url, true)).toThrow(/only http and https addresses can be scanned/);
  });

  it('suggests http:// for a bare host', () => {
    expect(() => checkUrl('localhost:3000/cases', false)).toThrow('The address "localhost:3000/cases" is not a full web address; give it with http:// or https://. Did you mean http://localhost:3000/cases?');
    expect(() => checkUrl('casework.test', false)).toThrow(/Did you mean http:\/\/casework\.test\?/);
  });
});
