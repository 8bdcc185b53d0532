// `delete`'s declarations: options, environment, exit codes, examples. `--help` and
// docs/commands.md are generated from them; delete.ts acts on them.
import { DEFAULT_TIMEOUT_MS, MAX_RETRIES } from "../client/index.js";
import type { OptionTable } from "./args.js";

/** Default of --concurrency. */
export const DEFAULT_CONCURRENCY = 4;
/** Most of --concurrency. */
export const MAX_CONCURRENCY = 64;
/** Most names one delete takes (--connection and --from together). */
export const MAX_DELETE_NAMES = 100_000;

import { type CommandSpec, HELP_OPTION, INTERNAL_EXIT, INTERRUPT_EXITS, USAGE_EXIT } from "./command.js";
import { PROXY_VARIABLES } from "./target.js";

const OPTIONS = {
  project: {
    type: "string",
    value: "NAME",
    description: "The project (required; case-sensitive).",
    group: "Connection",
  },
  connection: {
    type: "string",
    value: "NAME",
    multiple: true,
    description:
      'A connection to delete (the server ignores letter case). A name starting with "-" is written --connection=-name. At least one --connection or --from is required.',
    group: "Connection",
  },
  from: {
    type: "string",
    value: "FILE|-",
    description: `Read connection names from FILE, or from stdin with "-": one name per line; surrounding spaces, blank lines and lines starting with # are skipped. At most ${MAX_DELETE_NAMES} names; a name given twice (letter case aside) is deleted once.`,
    group: "Connection",
  },
  backup: {
    type: "string",
    value: "DIR",
    description:
      "Before each delete, read the connection (Get Connection, secrets in full) and write its definition to DIR/<project>/<connection>.json (file 0600, folders created 0700; a name that is not plain [A-Za-z0-9._ -] is percent-encoded in the file name). Nothing is deleted when the backup cannot be read or written. The files hold secrets: keep them so. 'restore DIR' makes the connections again.",
    group: "Behaviour",
  },
  concurrency: {
    type: "string",
    value: "N",
    default: String(DEFAULT_CONCURRENCY),
    description: `How many connections are deleted at once, 1 to ${MAX_CONCURRENCY}.`,
    group: "Behaviour",
  },
  "base-url": {
    type: "string",
    value: "URL",
    env: ["APINIZER_BASE_URL"],
    description: "The management console's URL, e.g. https://demo.apinizer.com (without /apiops).",
    group: "Server",
  },
  timeout: {
    type: "string",
    value: "DURATION",
    default: String(DEFAULT_TIMEOUT_MS / 1000),
    description:
      'Time limit for the whole call, retries included: seconds ("30", "2.5") or with a unit ("1500ms", "10s").',
    group: "Server",
  },
  retries: {
    type: "string",
    value: "N",
    default: "0",
    description: `Retry a network error or HTTP 502/503/504 up to N times (at most ${MAX_RETRIES}), with backoff. Never a 4xx, a timeout or a 200.`,
    group: "Server",
  },
  "ignore-missing": {
    type: "boolean",
    description: "A connection that does not exist is not an error (exit 0): makes re-runs safe.",
    group: "Behaviour",
  },
  "dry-run": {
    type: "boolean",
    description:
      "Print the requests that would be sent (method, URL, headers with the token redacted; with --backup also the read and the file) and send nothing.",
    group: "Behaviour",
  },
  verbose: {
    type: "boolean",
    description: "Print each request sent (method and URL, never the token) and its answer's status to stderr.",
    group: "Output",
  },
  json: {
    type: "boolean",
    description:
      'Print each connection\'s outcome as one JSON line on stdout, with its "exitCode" (the token redacted); with several connections, then one summary line {"summary": ..., "exitCode"}.',
    group: "Output",
  },
  ...HELP_OPTION,
} as const satisfies OptionTable;

/** The exit code of each outcome of `delete`; `--json` output carries it as `exitCode`. */
export const DELETE_EXIT_CODES = {
  deleted: { code: 0, meaning: "deleted; or not found with --ignore-missing; or --dry-run" },
  ...USAGE_EXIT,
  "connection-not-found": { code: 3, meaning: "the connection does not exist (400, or a 200 refusal saying so)" },
  "bad-request": {
    code: 4,
    meaning: 'any other 400; a 200 with "success": false or "status": "FAILURE" (the server did not delete it)',
  },
  unauthorized: { code: 5, meaning: "the token was refused (401): check APINIZER_TOKEN" },
  "project-not-found": { code: 6, meaning: "the project does not exist (404, or 400 in the status envelope)" },
  "http-error": {
    code: 7,
    meaning:
      "a status with no outcome of its own: 500 (documented: an unexpected server error), another 5xx, 3xx, 204, ...",
  },
  "unexpected-response": {
    code: 8,
    meaning: "a documented status with a body in neither envelope (never reported as deleted)",
  },
  network: {
    code: 9,
    meaning: "the request never reached the server: connection refused, DNS failure, TLS failure, no route",
  },
  timeout: { code: 10, meaning: "no complete answer within --timeout" },
  "permission-denied": {
    code: 11,
    meaning: "the token's user lacks CONNECTIONS + MANAGE in the project (400 in the status envelope)",
  },
  "maybe-deleted": {
    code: 12,
    meaning:
      'the connection may or may not have been deleted: the request was sent and no readable answer came back (the connection closed or was reset, an interim 100 Continue, headers over Node\'s 16 KiB, a body that cannot be decoded); or an attempt failed that way or with 502/503/504 and the retry heard "not found" (it is gone now, and the earlier attempt may have deleted it: with --ignore-missing, exit 0)',
  },
  "not-backed-up": {
    code: 13,
    meaning:
      "--backup: the definition could not be written (a folder that cannot be created or written, a full disk); nothing was deleted. A failed read of the connection exits with the read's code (3 for a missing connection, 0 with --ignore-missing), and nothing is deleted either",
  },
  ...INTERNAL_EXIT,
  ...INTERRUPT_EXITS,
} as const;

/**
 * The outcomes from worst to least bad: with several connections, the exit code is the first of
 * these that any connection had. Unknown states (the server may have acted) come first, then
 * refusals that stop every connection (token, permission, project), then per-connection ones.
 */
export const SEVERITY: readonly (keyof typeof DELETE_EXIT_CODES)[] = [
  "internal",
  "terminated",
  "interrupted",
  "timeout",
  "network",
  "http-error",
  "unexpected-response",
  "maybe-deleted",
  "not-backed-up",
  "unauthorized",
  "permission-denied",
  "project-not-found",
  "bad-request",
  "connection-not-found",
  "usage",
  "deleted",
];

export const deleteSpec: CommandSpec<typeof OPTIONS, typeof DELETE_EXIT_CODES> = {
  name: "delete",
  synopsis: "--project NAME (--connection NAME... | --from FILE|-) [options]",
  description: `Deletes connections: DELETE {base URL}/apiops/projects/{project}/connections/{connection}/ for each. The deletion is permanent: --backup DIR keeps each definition first (restore brings them back), --dry-run shows the requests first. Each name is sent percent-encoded as one path segment; a name that could address anything else (".", "..", an encoded dot, "a/b", control characters, over 255 characters) is refused before anything is sent.

Several connections (--connection more than once, or --from) are deleted --concurrency at a time; each gets its own line (or JSON line) as it finishes, then a summary, with a progress line on a terminal's stderr. The exit code is the worst outcome's, in this order: ${SEVERITY.filter((n) => n !== "internal").join(", ")}. Ctrl-C stops sending: the connections under way are stopped too, and the summary lists what was deleted, what was not sent and what may have been deleted.`,
  options: OPTIONS,
  environment: [
    {
      name: "APINIZER_TOKEN",
      description:
        "Personal API Access Token (required, except with --dry-run). Never accepted as an argument: command lines leak into process lists and shell history.",
    },
    PROXY_VARIABLES,
    { name: "NO_COLOR", description: "Any non-empty value turns colour off (colour is only used on a terminal)." },
  ],
  exitCodes: DELETE_EXIT_CODES,
  examples: [
    {
      comment: "delete a connection (token and URL from the environment)",
      command: "apinizer-connections delete --project MyProject --connection my-email-connection",
    },
    {
      comment: "see the request first, without sending it",
      command: "apinizer-connections delete --project MyProject --connection my-email-connection --dry-run",
    },
    {
      comment: "keep each definition before deleting it (restore brings them back)",
      command:
        "apinizer-connections delete --project MyProject --connection mail-out --connection events --backup ./backups",
    },
    {
      comment: "many at once, names from stdin, one JSON line each",
      command: "apinizer-connections delete --project MyProject --from - --concurrency 8 --json < names.txt",
    },
    {
      comment: "in a pipeline: missing is fine, retry transient failures, machine-readable outcome",
      command:
        "apinizer-connections delete --project MyProject --connection my-email-connection --ignore-missing --retries 3 --json",
    },
  ],
};
