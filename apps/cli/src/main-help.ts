/** `atcompat --help`, kept free of heavy imports so that it answers at once. */

export const EXIT_CODES = `Exit codes:
  0  nothing at or above the --fail-on threshold in the selected profiles
     (findings accepted in a --baseline do not count)
  1  findings at or above --fail-on (default serious) in the selected --profile list
  2  usage error, bad config or baseline file, no page could be audited
     (unreachable addresses), or the browser could not be started; the message
     says what to do`;

export const MAIN_HELP = `atcompat: find what blocks keyboard, speech-input, screen-reader and magnifier
users on web pages, in CI.

Usage:
  atcompat scan <url…> [options]            audit pages and report barriers
  atcompat scan --config atcompat.config.yaml
  atcompat journey <file.yaml…> --base-url <url>
                                            do tasks by keyboard and by speech,
                                            auditing every page they reach
  atcompat baseline <report.json> -o <file> accept the findings of a report, so
                                            later scans fail only on new ones
  atcompat publish <report.json> --system <slug> --release <version>
                                            send a report to the atcompat registry
  atcompat gate --system <slug> --release <version>
                                            ask the registry whether the release
                                            may be rolled out (exit 1 if not)
  atcompat --help | --version

${EXIT_CODES}

Run \`atcompat <command> --help\` for a command's options and exit codes.
Set ATCOMPAT_BROWSER to choose the Chrome or Chromium executable,
ATCOMPAT_REGISTRY and ATCOMPAT_TOKEN to reach the registry without flags, and
ATCOMPAT_DEBUG=1 to see stack traces.
`;
