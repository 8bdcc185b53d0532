// `restore`'s declarations: arguments, options, environment, exit codes, examples. `--help` and
// docs/commands.md are generated from them; restore.ts acts on them.
import { DEFAULT_TIMEOUT_MS } from "../client/index.js";
import type { OptionTable } from "./args.js";
import { type CommandSpec, HELP_OPTION, INTERNAL_EXIT, INTERRUPT_EXITS, USAGE_EXIT } from "./command.js";

const OPTIONS = {
  "base-url": {
    type: "string",
    value: "URL",
    env: ["APINIZER_BASE_URL"],
    description: "The management console's URL to restore to, e.g. https://demo.apinizer.com (without /apiops).",
    group: "Server",
  },
  project: {
    type: "string",
    value: "NAME",
    description:
      "The project to create the connections in (case-sensitive). Default: the project each backup file records.",
    group: "Server",
  },
  timeout: {
    type: "string",
    value: "DURATION",
    default: String(DEFAULT_TIMEOUT_MS / 1000),
    description: 'Time limit for each request: seconds ("30", "2.5") or with a unit ("1500ms", "10s").',
    group: "Server",
  },
  overwrite: {
    type: "boolean",
    description:
      "Replace a connection that exists (Create Connection, which newer servers read as an update). Without it, an existing connection is left as it is and reported. Servers that refuse an existing name (400 already exists) cannot replace it either way.",
    group: "Behaviour",
  },
  "dry-run": {
    type: "boolean",
    description:
      "Print what would be sent for each connection (method, URL, the definition with every secret field and the token redacted) and send nothing.",
    group: "Behaviour",
  },
  json: {
    type: "boolean",
    description:
      'Print each connection\'s outcome as one JSON line on stdout, with its "exitCode"; then a summary line {"summary": ..., "exitCode"}. Never a secret.',
    group: "Output",
  },
  ...HELP_OPTION,
} as const satisfies OptionTable;

/** The exit code of each outcome of `restore`; with several connections, the worst (RESTORE_SEVERITY). */
export const RESTORE_EXIT_CODES = {
  restored: { code: 0, meaning: "every connection was created again (or replaced with --overwrite); or --dry-run" },
  ...USAGE_EXIT,
  exists: {
    code: 3,
    meaning:
      "a connection of that name exists and was left as it is (give --overwrite to replace it; a server that answers 400 already exists refuses either way)",
  },
  "bad-request": { code: 4, meaning: "the server refused a definition (400), e.g. a field its type requires" },
  unauthorized: { code: 5, meaning: "the token was refused (401): check APINIZER_TOKEN" },
  "project-not-found": { code: 6, meaning: "the project does not exist (404, or 400 in the status envelope)" },
  "http-error": { code: 7, meaning: "an undocumented status: 3xx, 5xx, ... (a create may or may not have happened)" },
  "unexpected-response": { code: 8, meaning: "a documented status with a body in neither envelope" },
  network: { code: 9, meaning: "connection refused, DNS failure, reset" },
  timeout: { code: 10, meaning: "no complete answer within --timeout" },
  "permission-denied": {
    code: 11,
    meaning: "the token's user lacks CONNECTIONS + MANAGE in the project (400 in the status envelope)",
  },
  "not-a-backup": {
    code: 12,
    meaning:
      "a file that cannot be read or is not a backup (nor a connection definition); or one that records no project, without --project. Nothing is sent for it",
  },
  ...INTERNAL_EXIT,
  ...INTERRUPT_EXITS,
} as const;

/** The outcomes from worst to least bad: the exit code of several connections is the first any had. */
export const RESTORE_SEVERITY: readonly (keyof typeof RESTORE_EXIT_CODES)[] = [
  "timeout",
  "network",
  "http-error",
  "unexpected-response",
  "unauthorized",
  "permission-denied",
  "project-not-found",
  "bad-request",
  "not-a-backup",
  "exists",
  "restored",
];

export const restoreSpec: CommandSpec<typeof OPTIONS, typeof RESTORE_EXIT_CODES> = {
  name: "restore",
  synopsis: "FILE|DIR... [--base-url URL] [--project NAME] [options]",
  description: `Creates connections again from the backups 'delete --backup DIR' wrote: for each file, it reads the connection first (Get Connection); when none of that name exists it sends Create Connection with the definition the file holds, secrets included. An existing connection is left as it is unless --overwrite. One line per connection says what happened: restored, replaced, exists (left as it is) or the error; then a summary. The exit code is the worst outcome's, in this order: ${RESTORE_SEVERITY.join(", ")}.`,
  positionals: {
    value: "FILE|DIR...",
    description:
      "Backup files, or folders searched for *.json files (as delete --backup DIR lays them out: DIR/<project>/<connection>.json). A file may also hold a bare definition (an object with type and name), then --project is needed.",
  },
  options: OPTIONS,
  environment: [
    {
      name: "APINIZER_TOKEN",
      description:
        "Personal API Access Token (required). Never accepted as an argument: command lines leak into process lists and shell history.",
    },
  ],
  exitCodes: RESTORE_EXIT_CODES,
  examples: [
    {
      comment: "see what would be created (secrets redacted), sending nothing",
      command: "apinizer-connections restore ./backups --base-url https://demo.apinizer.com --dry-run",
    },
    {
      comment: "create every backed-up connection again",
      command: "apinizer-connections restore ./backups --base-url https://demo.apinizer.com",
    },
    {
      comment: "one connection, into another project, replacing one that exists",
      command:
        "apinizer-connections restore ./backups/MyProject/mail-out.json --base-url https://staging.example.com --project Staging --overwrite",
    },
  ],
};
