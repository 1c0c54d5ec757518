// Jest 30 in native ESM mode (run with --experimental-vm-modules): NestJS 12 is ESM-only.
// ts-jest transpiles each file on its own; `npm test` runs `tsc -b` first, so type errors
// still fail the suite.
const tsJest = [
  'ts-jest',
  { useESM: true, tsconfig: '<rootDir>/tsconfig.jest.json' },
];

/** @type {import('jest').Config} */
export default {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    '^@atcompat/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^@atcompat/harness$': '<rootDir>/libs/harness/src/index.ts',
    '^@atcompat/harness/testing$': '<rootDir>/libs/harness/src/testing.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test', '<rootDir>/a11y-tests'],
  testMatch: ['**/*.spec.ts', '**/*.e2e.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
  testTimeout: 60_000,
};
