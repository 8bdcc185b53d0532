// `delete`'s declarations: options, environment, exit codes, examples. `--help` and
// docs/commands.md are generated from them; delete.ts acts on them.
import { DEFAULT_TIMEOUT_MS, MAX_RETRIES } from "../client/index.js";
import type { OptionTable } from "./args.js";
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
    description:
      'The connection (required; the server ignores letter case). A name starting with "-" is written --connection=-name.',
    group: "Connection",
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
      "Print the request that would be sent (method, URL, headers with the token redacted) and send nothing.",
    group: "Behaviour",
  },
  verbose: {
    type: "boolean",
    description: "Print each request sent (method and URL, never the token) and its answer's status to stderr.",
    group: "Output",
  },
  json: {
    type: "boolean",
    description: 'Print the outcome as one JSON object on stdout, with its "exitCode" (the token redacted).',
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
  ...INTERNAL_EXIT,
  ...INTERRUPT_EXITS,
} as const;

export const deleteSpec: CommandSpec<typeof OPTIONS, typeof DELETE_EXIT_CODES> = {
  name: "delete",
  synopsis: "--project NAME --connection NAME [options]",
  description:
    'Deletes one connection: DELETE {base URL}/apiops/projects/{project}/connections/{connection}/ . The deletion is permanent (--dry-run shows the request first). Each name is sent percent-encoded as one path segment; a name that could address anything else (".", "..", an encoded dot, "a/b", control characters, over 255 characters) is refused before anything is sent.',
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
      comment: "in a pipeline: missing is fine, retry transient failures, machine-readable outcome",
      command:
        "apinizer-connections delete --project MyProject --connection my-email-connection --ignore-missing --retries 3 --json",
    },
  ],
};
