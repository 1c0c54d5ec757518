/** Help texts for the subcommands; the exit codes come from main-help.ts so they read the same everywhere. */
import { AT_PROFILES } from '@atcompat/contracts';
import { AUDIT_STEPS } from '@atcompat/harness';
import { EXIT_CODES } from './main-help.js';

/** The registry flags `scan` and `journey` share (the same as `atcompat publish`). */
const PUBLISH_FLAGS = `Publishing to the registry:
      --publish               send the report to the atcompat registry when done;
                              the exit code stays this command's, and a report
                              that cannot be sent is kept in .atcompat/unpublished
                              (one it refuses for good: in .atcompat/rejected,
                              with the reason)
      --registry <url>        the registry (or set ATCOMPAT_REGISTRY)
      --token <token>         an API token for the system (or set ATCOMPAT_TOKEN)
      --commit <sha>, --pipeline-url <url>
                              default: from GitHub Actions or GitLab CI variables
      --outbox <folder>, --registry-timeout <seconds>
`;

export const SCAN_HELP = `Usage: atcompat scan <url…> [options]
       atcompat scan --config atcompat.config.yaml [options]

Audits each page in Chromium (axe-core plus atcompat's keyboard, speech-input,
zoom and shortcut checks) and reports what blocks people who use assistive
technology. Addresses must be http:// or https://.

What to scan:
  -c, --config <file>         settings from atcompat.config.json or .yaml
                              (addresses given here replace its "urls")
      --include <selector>    only report elements inside this CSS selector
                              (repeatable)
      --exclude <selector>    never report elements inside it (repeatable)
      --steps <list>          audit steps to run, comma-separated or repeated:
                              ${AUDIT_STEPS.join(', ')}
                              (default all)
      --axe-only              quick mode: only the axe-core step (--steps axe)
      --disable-rule <id>     do not report a rule, e.g. axe/color-contrast
      --enable-rule <id>      report a rule the config file turned off
      --viewport <WxH>        browser window size, default 1280x800
      --header "<Name: value>"  send a header with every request (repeatable)
      --storage-state <file>  Playwright storage state (cookies, local storage)
                              for signed-in pages
      --allow-file-urls       also accept file: addresses
      --crawl                 also scan the pages the addresses link to (same
                              site only), breadth first, and the pages in the
                              site's /sitemap.xml
      --max-pages <n>         with --crawl: most pages to scan, the given
                              addresses included; default 50
      --crawl-exclude <pattern>  with --crawl: do not follow addresses that
                              match a glob (/admin/**) or a /regular
                              expression/ (repeatable)
      --timeout <time>        page load timeout: 30 (seconds), 30s, 2m, 500ms;
                              default 30s
      --concurrency <n>       pages audited at once; default the number of CPU
                              cores
      --system <name>         name of the system under test, for the report
      --release <version>     its release, for the report
${PUBLISH_FLAGS}
When to fail:
      --fail-on <impact>      critical, serious, moderate or minor; default
                              serious
      --profile <list>        only findings affecting these profiles count:
                              ${AT_PROFILES.join(', ')}, or all
                              (default all; comma-separated or repeated)
      --baseline <file>       findings accepted in this file do not count
                              (create it with \`atcompat baseline\`)

Reports:
      --json <file>           the report, contract v1 (for the registry)
      --junit <file>          JUnit XML: one test suite per page, one test per
                              finding
      --sarif <file>          SARIF 2.1.0 for code-scanning views
      --html <file>           one self-contained, accessible HTML page with
                              screenshots
      --summary <file>        Markdown for a CI job summary or pull-request
                              comment (e.g. "$GITHUB_STEP_SUMMARY")
      --screenshots           attach screenshots of barriers (on when --html is
                              given; --no-screenshots turns them off)
  -q, --quiet                 no console summary or progress, only errors
      --color, --no-color     colour in the console summary; default on for a
                              terminal unless NO_COLOR is set
  -h, --help                  this help

${EXIT_CODES}

Examples:
  atcompat scan https://casework.test/cases/1042 --html report.html
  atcompat scan --config atcompat.config.yaml --junit junit.xml --fail-on critical
  atcompat scan http://localhost:3000/ --profile speech,keyboard --baseline atcompat-baseline.json
  atcompat scan http://localhost:3000/ --crawl --max-pages 20 --crawl-exclude "/logout"
`;

export const BASELINE_HELP = `Usage: atcompat baseline <report.json> [-o <file>]

Writes a baseline accepting every finding in a report written by
\`atcompat scan --json\`. Scans given \`--baseline <file>\` then fail only on
findings that are not in it, so a team adopting atcompat on an existing system
fails only on new barriers. Findings are matched by fingerprint (rule, page
address without its query, and element).

Options:
  -o, --output <file>   where to write the baseline (default: print it)
  -h, --help            this help

Exit codes:
  0  baseline written
  2  the report cannot be read or is not a valid atcompat report, or the
     baseline cannot be written
`;

export const JOURNEY_HELP = `Usage: atcompat journey <file.yaml…> --base-url <url> [options]

Does each journey (a task written as steps: fill, activate, choose, check,
press, expect) the way people who use assistive technology do it, and audits
every page and dialog it reaches along the way:
  keyboard  every step with the keyboard alone: Tab and Shift+Tab to reach a
            control (arrow keys inside radio groups and menus), then typing,
            Enter or Space; never a mouse click
  speech    as Dragon or Voice Access would: "click Save note" finds the
            control whose accessible name contains the words on screen,
            "move to Username" then dictation fills a field
A step that cannot be done is "blocked" and says why; later steps are skipped.

Journey file (YAML; targets are the names people see, never CSS selectors):
  name: Record a note on a case
  start: login.html                    # relative to --base-url
  steps:
    - fill: { field: Username, value: a.user }
    - activate: Sign in
    - choose: { field: Case type, option: Appeal }
    - check: Send a copy by email
    - press: Escape
    - expect: { heading: Your cases }  # or { text: … } or { url: … }
  audit: false                         # optional: skip this journey's audits

What to run:
      --base-url <url>        where the journeys' start pages are (required)
      --mode <mode>           keyboard, speech or both (default both)
      --no-audit              do not audit the states the journeys reach
                              (faster; only the journeys are checked)
      --max-states <n>        most states audited per journey, default 10
      --steps <list>          audit steps to run in each state:
                              ${AUDIT_STEPS.join(', ')}
      --timeout <time>        page load timeout, default 30s
      --expect-timeout <time> how long an expect step waits, default 5s
      --viewport <WxH>        browser window size, default 1280x800
      --header "<Name: value>"  send a header with every request (repeatable)
      --storage-state <file>  Playwright storage state for signed-in pages
      --allow-file-urls       accept a file: --base-url
      --system <name>         name of the system under test, for the report
      --release <version>     its release, for the report
${PUBLISH_FLAGS}
When to fail:
      --fail-on <impact>      findings at or above this impact fail the run:
                              critical, serious, moderate or minor; default
                              serious
      --profile <list>        only findings and journeys affecting these
                              profiles count: ${AT_PROFILES.join(', ')}
                              (default all)

Reports (as for atcompat scan):
      --json <file>  --junit <file>  --sarif <file>  --html <file>
      --summary <file>
      --screenshots           attach screenshots of barriers (on with --html)
  -q, --quiet                 no console summary or progress, only errors
      --color, --no-color     colour in the console summary
  -h, --help                  this help

Exit codes:
  0  every journey passed and no finding at or above --fail-on
  1  a journey was blocked or failed, or findings at or above --fail-on
     (in the selected --profile list)
  2  usage error, a journey file with mistakes (each named with its file,
     line and step; nothing runs), no journey could start, or the browser
     could not be started

Examples:
  atcompat journey a11y-tests/journeys/*.yaml --base-url http://localhost:3000/
  atcompat journey note.yaml --base-url https://casework.test/ --mode speech --junit junit.xml
`;
