import { UsageError } from './errors.js';
import { formatGate, gateCommand, parseGateAnswer, type GateAnswer } from './gate.js';

const failing: GateAnswer = {
  verdict: 'fail',
  ats: [
    { assistiveTechnology: { slug: 'nvda', name: 'NVDA', profile: 'screen-reader' }, verdict: 'pass', reason: 'NVDA 2025.1: no barriers found by automated checks' },
    { assistiveTechnology: { slug: 'dragon-professional', name: 'Dragon Professional', profile: 'speech' }, verdict: 'fail', reason: "Dragon Professional 16: blocked — journey 'Record a note' step 'Save note' needs a mouse" },
  ],
};

describe(formatGate.name, () => {
  it('leads with the verdict and lists the blocked assistive technologies first, with their reasons', () => {
    const text = formatGate(failing, 'casework', '1.0.0');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('Rollout gate for casework 1.0.0: FAIL. 1 of 2 required assistive technologies is not cleared:');
    expect(lines[1]).toBe("  FAIL  Dragon Professional 16: blocked — journey 'Record a note' step 'Save note' needs a mouse");
    expect(lines[2]).toBe('  pass  NVDA 2025.1: no barriers found by automated checks');
  });

  it('reminds people that a pass is automated evidence only', () => {
    const text = formatGate({ verdict: 'pass', ats: [failing.ats[0]!] }, 'casework', '1.1.0');
    expect(text).toMatch(/^Rollout gate for casework 1.1.0: PASS\. None of the 1 required/);
    expect(text).toMatch(/confirm with people who use these assistive technologies/);
  });
});

describe(parseGateAnswer.name, () => {
  it('accepts an answer with a verdict and a list', () => {
    expect(parseGateAnswer(failing)).toBe(failing);
  });

  it('refuses an answer it does not understand, plainly', () => {
    expect(() => parseGateAnswer({ result: 'ok' })).toThrow(/gate answer was not understood/);
    expect(() => parseGateAnswer(null)).toThrow(/gate answer was not understood/);
  });
});

describe(gateCommand.name, () => {
  it('asks for a token before calling the registry, which shows the gate only with one', async () => {
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: { ATCOMPAT_REGISTRY: 'http://127.0.0.1:9' }, cwd: process.cwd() };
    await expect(gateCommand(['--system', 'casework', '--release', '2.4.0'], io)).rejects.toThrow(UsageError);
    await expect(gateCommand(['--system', 'casework', '--release', '2.4.0'], io)).rejects.toThrow(/--token <token> or set ATCOMPAT_TOKEN/);
  });
});
