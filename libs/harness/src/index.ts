/**
 * @atcompat/harness — audits web pages for what blocks keyboard-only, speech-input, screen-reader
 * and magnifier users, including the keyboard barriers axe-core cannot see.
 */
export * from './types.js';
export { auditPage, type AuditPageOptions, type PageAudit } from './driver/audit.js';
export { BrowserError, findChromium, launchBrowser, chromiumArgs, INSTALL_HINT } from './driver/browser.js';
export { scanUrls, TOOL_VERSION, type ScanOptions } from './driver/scan.js';
export { buildReport, type ReportInput } from './report.js';
export { finaliseFindings, fingerprint, FRAME_SEPARATOR } from './checks/findings.js';
export { evaluateGate, baselineOf, sortBySeverity, DEFAULT_GATE, type GateOptions, type GateResult, type GatedFinding, type FindingStatus, type BaselineInfo } from './reporters/gate.js';
export { formatConsole, type ConsoleOptions } from './reporters/console.js';
export { formatMarkdown, type MarkdownOptions } from './reporters/markdown.js';
export { formatJunit } from './reporters/junit.js';
export { formatSarif, buildSarif, SARIF_SCHEMA, SARIF_FINGERPRINT_KEY } from './reporters/sarif.js';
export { formatHtml } from './reporters/html.js';
export { createBaseline, parseBaseline, checkBaseline, serialiseBaseline, applyBaseline, withoutSuppressed, BaselineError, BASELINE_VERSION, type Baseline, type BaselineEntry } from './baseline.js';
