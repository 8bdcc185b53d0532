// `verify`'s declarations: options, environment, exit codes, examples. `--help` and
// docs/commands.md are generated from them; verify-options.ts maps them onto VerifyOptions.

import { ENVELOPES } from "../rules/envelope.js";
import { MAX_NAMES } from "../verify/index.js";
import type { OptionTable } from "./args.js";
import { type CommandSpec, HELP_OPTION, INTERNAL_EXIT, INTERRUPT_EXITS, USAGE_EXIT } from "./command.js";
import { PROXY_VARIABLES, SERVER_OPTIONS } from "./target.js";

export const MAX_SHARDS = 256;
export const MAX_WORKERS = 16;
export const WIP_DAYS = 30;

const OPTIONS = {
  ...SERVER_OPTIONS,
  project: {
    type: "string",
    value: "NAME",
    description:
      "With a real server: an existing project where the run creates and deletes its own fixtures (act-verify-<run id>-<n>); required, or APINIZER_TEST_PROJECT. With the stand-in: the project it has (default MyProject). Must not contain %, ? or #.",
    group: "Target",
  },
  envelope: {
    type: "string",
    value: ENVELOPES.join("|"),
    description:
      "Verify only this envelope's pacts. Default: a real server's envelope is detected in the pre-flight; the stand-in verifies each pact against a stand-in speaking its envelope.",
    group: "Target",
  },
  pact: {
    type: "string",
    value: "FILE|DIR",
    multiple: true,
    description: "A pact file or a directory of them. Default: the package's own contracts/.",
    group: "Contracts",
  },
  broker: {
    type: "boolean",
    description:
      "Fetch the pacts from a Pact Broker (PACT_BROKER_BASE_URL; PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD, when it needs them): main-branch, deployed or released, and matching-branch pacts (or --consumer-version-selectors); pending pacts on, and work-in-progress pacts with a provider branch. Every link the broker gives is followed on PACT_BROKER_BASE_URL's origin. The broker variables are read only with this flag.",
    group: "Contracts",
  },
  "wip-since": {
    type: "string",
    value: "DATE",
    env: ["PACT_INCLUDE_WIP_PACTS_SINCE"],
    description: `Include work-in-progress pacts since DATE (YYYY-MM-DD); default ${WIP_DAYS} days ago. Needs --broker and a provider branch (the broker selects WIP pacts only for one).`,
    group: "Contracts",
  },
  "pact-url": {
    type: "string",
    value: "URL",
    env: ["PACT_URL"],
    description:
      "Verify exactly this pact from the broker (the URL a broker webhook passes as ${pactbroker.pactUrl}) instead of the pacts the broker selects; with --publish its results are published to it. Implies --broker; PACT_URL is read only with --broker.",
    group: "Contracts",
  },
  "consumer-version-selectors": {
    type: "string",
    value: "JSON",
    env: ["PACT_CONSUMER_VERSION_SELECTORS"],
    description:
      'The consumer version selectors, as Pact\'s verifiers take them: a JSON array of objects, e.g. \'[{"mainBranch":true},{"deployedOrReleased":true}]\'. They replace the defaults. Needs --broker.',
    group: "Contracts",
  },
  "provider-branch": {
    type: "string",
    value: "BRANCH",
    env: ["PACT_PROVIDER_BRANCH"],
    description:
      "The branch of the provider being verified (selects matching-branch and work-in-progress pacts; published with results). Never taken from GIT_BRANCH: that is the consumer's in pact:publish.",
    group: "Contracts",
  },
  publish: {
    type: "boolean",
    description:
      "Publish the verification results to the broker, once per pact: only interactions really verified, and a success only when every interaction of the pact passed in this run. Needs --broker, a real server (--base-url or --base-url-from-env; never the built-in stand-in), a provider version and branch; not with --shard (use --workers). A failed publication fails the run (exit 4).",
    group: "Contracts",
  },
  "provider-version": {
    type: "string",
    value: "VERSION",
    env: ["PACT_PROVIDER_VERSION"],
    description:
      "The version of the provider being verified, for --publish. Never taken from GIT_COMMIT: that is the consumer's in pact:publish.",
    group: "Contracts",
  },
  conformance: {
    type: "string",
    value: "fail|report",
    default: "fail",
    description: "Whether an answer that breaks the bundled spec's schema fails the run or is only reported.",
    group: "Checks",
  },
  "require-coverage": {
    type: "boolean",
    description:
      "Fail the run when a documented (status, envelope) of Delete Connection was not exercised. 5xx answers (500 is documented) are listed but exempt: a server error cannot be provoked.",
    group: "Checks",
  },
  names: {
    type: "string",
    value: "N",
    default: "0",
    description: `Also create N fixtures with generated legal names (spaces, Unicode, +, %, mixed case, long), delete each through the client and report the names the server mishandled (at most ${MAX_NAMES}).`,
    group: "Checks",
  },
  timeout: {
    type: "string",
    value: "DURATION",
    default: "30",
    description: 'Limit for each request to the server or the broker: seconds ("30", "2.5") or with a unit ("1500ms").',
    group: "Run",
  },
  shard: {
    type: "string",
    value: "I/N",
    description: `Verify only shard I of N (1 <= I <= N <= ${MAX_SHARDS}; a stable split of the interactions), so a pipeline can split a large contract over N jobs. Each shard has its own fixtures. Not with --publish: a shard verifies only part of each pact (to verify in parallel and publish, use --workers).`,
    group: "Run",
  },
  workers: {
    type: "string",
    value: "N",
    default: "1",
    description: `Verify N shards in parallel in this run (at most ${MAX_WORKERS}); their results combine into one report and JUnit file.`,
    group: "Run",
  },
  json: {
    type: "boolean",
    description: "Print the report as one JSON object on stdout; progress lines go to stderr.",
    group: "Output",
  },
  report: {
    type: "string",
    value: "FILE",
    description:
      "Also write the report as JSON to FILE, as --junit writes its file (missing folders are created; a device, pipe or symlink is written through).",
    group: "Output",
  },
  junit: {
    type: "string",
    value: "FILE",
    description:
      "Also write JUnit XML to FILE. Every run writes it, a usage problem or an early stop included (as an error case). Like a shell's >: an old regular FILE is removed at the start and the new one is renamed into place whole; a device, a named pipe or a symlink (--junit /dev/stdout) is written through, never removed; missing folders are created. A FILE that cannot be written makes the run cannot-run (exit 4).",
    group: "Output",
  },
  verbose: {
    type: "boolean",
    description: "Show the native Pact verifier's own log on stderr (level info, or PACT_LOG_LEVEL).",
    group: "Output",
  },
  ...HELP_OPTION,
} as const satisfies OptionTable;

/** The exit code of each `VerifyOutcome` (src/verify/api.ts), plus those of the CLI itself. */
export const VERIFY_EXIT_CODES = {
  verified: { code: 0, meaning: "every interaction verified (pending ones may have failed)" },
  failed: {
    code: 1,
    meaning:
      "verification failed: a mismatch, a state that could not be set up, a conformance finding (with --conformance fail), coverage missing (with --require-coverage), a fixture left behind",
  },
  ...USAGE_EXIT,
  "preflight-failed": {
    code: 3,
    meaning: "pre-flight failed: server unreachable, not Apinizer, token rejected, project missing, envelopes mixed",
  },
  "cannot-run": {
    code: 4,
    meaning:
      "the verification could not run: no Pact library, broker unreachable, nothing verified, publication failed, a report file that could not be written",
  },
  ...INTERNAL_EXIT,
  ...INTERRUPT_EXITS,
} as const;

export const verifySpec: CommandSpec<typeof OPTIONS, typeof VERIFY_EXIT_CODES> = {
  name: "verify",
  synopsis: "[--base-url URL --project NAME] [--pact PATH | --broker] [...]",
  description:
    "Verifies the recorded contracts (pacts) with the Pact Verifier and prints each interaction's verdict as it completes, then a report.\n\nThe target is explicit: without --base-url (or --base-url-from-env) the run verifies the built-in Apinizer stand-in on a loopback port, whatever the environment says; the first line of output names the target. Against a real server the run creates its own fixtures in the given project, deletes them again even when a check fails, and never touches anything else.",
  options: OPTIONS,
  environment: [
    {
      name: "APINIZER_TOKEN",
      description: "Personal API Access Token for a real server (required there). Never printed, never an argument.",
    },
    {
      name: "APINIZER_LIMITED_TOKEN",
      description:
        'Optional: a token of a user without CONNECTIONS + MANAGE in the project, for the "permission missing" state (skipped without it).',
    },
    { name: "APINIZER_BASE_URL", description: "The server's URL, read only with --base-url-from-env." },
    { name: "APINIZER_TEST_PROJECT", description: "--project for a real server when --project is not given." },
    {
      name: "PACT_BROKER_BASE_URL",
      description: "The Pact Broker's URL, read only with --broker (with --pact-url: default the pact URL's origin).",
    },
    {
      name: "PACT_BROKER_TOKEN",
      description:
        "The broker's token (or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD), read only with --broker; none for a broker without authentication. Sent only to PACT_BROKER_BASE_URL's origin.",
    },
    { name: "BUILD_URL", description: "Published with the results (or CI_JOB_URL, or GitHub's run URL)." },
    PROXY_VARIABLES,
    { name: "PACT_LOG_LEVEL", description: "The native verifier's log level (error, warn, info, debug, trace)." },
    { name: "NO_COLOR", description: "Any non-empty value turns colour off (colour is only used on a terminal)." },
  ],
  exitCodes: VERIFY_EXIT_CODES,
  examples: [
    { comment: "verify the package's contracts against the built-in stand-in", command: "apinizer-connections verify" },
    {
      comment: "verify a staging server (APINIZER_TOKEN set), with a JUnit file for CI",
      command:
        "apinizer-connections verify --base-url https://staging.example.com --project ContractTests --junit build/verify.xml",
    },
    {
      comment: "verify the broker's pacts and publish the results",
      command:
        "apinizer-connections verify --broker --base-url-from-env --publish --provider-version $APINIZER_VERSION --provider-branch main",
    },
    {
      comment: "verify the one pact a broker webhook announced, and publish its results",
      command:
        "apinizer-connections verify --broker --pact-url $PACT_URL --base-url-from-env --publish --provider-version $APINIZER_VERSION --provider-branch main",
    },
    {
      comment: "split a large contract over 4 CI jobs (this is job 2)",
      command: "apinizer-connections verify --shard 2/4",
    },
  ],
};
