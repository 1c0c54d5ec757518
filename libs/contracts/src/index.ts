/**
 * @atcompat/contracts — what the atcompat harness and registry share: AT profiles and shared
 * vocabularies, the rule catalogue, and report contract v1 (schema, types, validator).
 */
export * from './profiles.js';
export * from './rules.js';
export * from './report.js';
