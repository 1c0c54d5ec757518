/**
 * @atcompat/harness — audits web pages for what blocks keyboard-only, speech-input, screen-reader
 * and magnifier users, including the keyboard barriers axe-core cannot see.
 */
export * from './types.js';
export { auditPage, type AuditPageOptions, type PageAudit } from './driver/audit.js';
export { BrowserError, findChromium, launchBrowser, chromiumArgs, INSTALL_HINT } from './driver/browser.js';
export { scanUrls, TOOL_VERSION, type ScanOptions } from './driver/scan.js';
export { crawlSite, type CrawlOptions, type CrawlResult } from './driver/crawl.js';
export { DEFAULT_MAX_PAGES, compileExcludes, normaliseUrl, parseSitemap, CrawlPatternError } from './checks/crawl.js';
/** Journeys: tasks done the keyboard and speech way, every state they reach audited. */
export { runJourney, runJourneys, stateName, startUrl, type JourneyOptions, type JourneyRun } from './driver/journey.js';
/** The journey model, its validation and `defineJourney` for journeys written in TypeScript. */
export {
  defineJourney,
  validateJourney,
  stepName,
  isKeyName,
  JourneyError,
  JOURNEY_STEP_KINDS,
  type Journey,
  type JourneySource,
  type JourneyStepSource,
  type JourneyStepSpec,
  type JourneyStepKind,
  type JourneyExpectation,
} from './journeys/journey.js';
/** Journey files: YAML read with line numbers, every mistake reported with file, line and step. */
export { parseJourneyFile, parseJourneyText, loadJourneys } from './journeys/parse.js';
export { buildReport, type ReportInput } from './report.js';
export { finaliseFindings, fingerprint, FRAME_SEPARATOR } from './checks/findings.js';
export { evaluateGate, baselineOf, sortBySeverity, journeyPassed, stoppingStep, DEFAULT_GATE, type GateOptions, type GateResult, type GatedFinding, type FindingStatus, type BaselineInfo, type GatedJourney, type JourneyStatus } from './reporters/gate.js';
export { formatConsole, type ConsoleOptions } from './reporters/console.js';
export { formatMarkdown, type MarkdownOptions } from './reporters/markdown.js';
export { formatJunit } from './reporters/junit.js';
export { formatSarif, buildSarif, SARIF_SCHEMA, SARIF_FINGERPRINT_KEY, SARIF_JOURNEY_FINGERPRINT_KEY, JOURNEY_SARIF_RULES } from './reporters/sarif.js';
export { formatHtml } from './reporters/html.js';
export { audit, expectNoBarriers, describeBarrier, BarriersFoundError, type TestAuditOptions, type ExpectNoBarriersOptions } from './testing.js';
export { createBaseline, parseBaseline, checkBaseline, serialiseBaseline, applyBaseline, withoutSuppressed, BaselineError, BASELINE_VERSION, type Baseline, type BaselineEntry } from './baseline.js';
