// verify's programmatic API: a configuration object in, a report out, output through a small
// interface. It knows nothing of argv, the environment or the terminal: the CLI (src/cli) maps
// flags and environment variables onto these types and renders what comes back.

import type { DurationUnit } from "../rules/duration.js";
import type { Envelope } from "../rules/envelope.js";

/** Where the requests go. */
export type VerifyTarget =
  | {
      readonly kind: "stand-in";
      /**
       * Verify only the pacts of this envelope, against a stand-in speaking it. Default: every
       * pact, each against a stand-in speaking its envelope.
       */
      readonly envelope?: Envelope | undefined;
      /** The project the stand-in has and the fixtures use (default `MyProject`). */
      readonly projectName?: string | undefined;
    }
  | {
      readonly kind: "server";
      /** The management console's URL, checked by rules/base-url (no trailing slash). */
      readonly baseUrl: string;
      /** Personal API Access Token. Never printed; the native verifier never receives it. */
      readonly token: string;
      /** An existing project in which the run creates and deletes its own fixtures. */
      readonly projectName: string;
      /** Skip envelope detection and verify this envelope's pacts. */
      readonly envelope?: Envelope | undefined;
      /**
       * A token of a user *without* CONNECTIONS + MANAGE in the project, for the "permission
       * missing" provider state. Without it that state cannot be set up (the interaction is skipped).
       */
      readonly limitedToken?: string | undefined;
    };

/** Pact Broker settings for `source.kind === "broker"`. */
export interface BrokerOptions {
  /** The broker's URL: every link it gives is followed on this origin (the link's path and query). */
  readonly url: string;
  /**
   * Its credentials, sent only to `url`'s origin; undefined for a broker without authentication
   * (the Pact Broker's default).
   */
  readonly auth?: { readonly token: string } | { readonly username: string; readonly password: string } | undefined;
  /** The branch of the provider being verified (selects `matchingBranch` and WIP pacts; published with results). */
  readonly providerBranch?: string | undefined;
  /**
   * Include work-in-progress pacts since this date (YYYY-MM-DD). The broker selects them only for
   * a provider branch: without `providerBranch` none are asked for, and the run says so.
   */
  readonly includeWipPactsSince?: string | undefined;
  /**
   * The consumer version selectors, as Pact's verifiers take them (`[{"mainBranch": true}, …]`);
   * they replace the defaults (main branch, deployed or released, matching branch).
   */
  readonly selectors?: readonly Readonly<Record<string, unknown>>[] | undefined;
  /**
   * Verify exactly this pact (a URL the broker gave, e.g. a webhook's `${pactbroker.pactUrl}`)
   * instead of the pacts the broker selects; followed on `url`'s origin.
   */
  readonly pactUrl?: string | undefined;
  /**
   * The most this run waits, all broker calls together, between retries of a 5xx, 408 or 429
   * (milliseconds; default BROKER_RETRY_BUDGET_MS, 30 s). Each wait is also at most `timeoutMs`.
   */
  readonly retryBudgetMs?: number | undefined;
  /**
   * Publish verification results, once per pact: only interactions really verified, and success
   * only when every interaction of the pact was verified in this run and passed. Needs a `server`
   * target and no `shard` (a run asking otherwise ends with outcome `usage`, nothing sent).
   */
  readonly publish?:
    | { readonly providerVersion: string; readonly providerBranch: string; readonly buildUrl?: string | undefined }
    | undefined;
}

/** What is verified. */
export type VerifySource =
  | { readonly kind: "files" /** Pact files or directories of them. */; readonly paths: readonly string[] }
  | { readonly kind: "broker"; readonly broker: BrokerOptions };

/**
 * How verify, cleanup and drift send every request to a server, a broker or a published document
 * (the names check's client too): called with one Request, as openapi-fetch calls a fetch. Default:
 * the global fetch. The CLI passes its transport here (proxies from the environment, loopback
 * direct); verify itself reads no variable.
 */
export type HttpFetch = (request: Request) => Promise<Response>;

/** The time limit of each request to the server or the broker (verify, cleanup and drift alike). */
export interface RequestLimit {
  /** At most this many milliseconds for one request, headers and body. */
  readonly timeoutMs: number;
  /**
   * The unit messages write durations in ("1500 ms" or "1.5 s"); default "s". The CLI passes the
   * unit its --timeout was given in.
   */
  readonly timeoutUnit?: DurationUnit | undefined;
}

/** Everything one verification run needs. */
export interface VerifyOptions extends RequestLimit {
  readonly target: VerifyTarget;
  readonly source: VerifySource;
  /**
   * Verify only shard `index` (1-based) of `count`: interactions are split by a stable order. Not
   * with `publish` (a shard covers part of each pact); `workers` parallelises in one run instead.
   */
  readonly shard?: { readonly index: number; readonly count: number } | undefined;
  /** Run this many shards in parallel in this run (default 1); results combine into one report. */
  readonly workers?: number | undefined;
  /** Schema violations in live answers fail the run (`fail`, default) or are only reported (`report`). */
  readonly conformance?: "fail" | "report" | undefined;
  /** Fail the run when a documented (status, envelope) of Delete Connection was not exercised. */
  readonly requireCoverage?: boolean | undefined;
  /** Also create this many fixtures with generated legal names and delete each through the client (0 = off). */
  readonly names?: number | undefined;
  /** Sends every request of the run (see HttpFetch); default the global fetch. */
  readonly fetch?: HttpFetch | undefined;
  /** The native verifier's own log level; `off` (default) hides its output entirely. */
  readonly nativeLog?: "off" | "error" | "warn" | "info" | "debug" | "trace" | undefined;
  /** Stops the run (Ctrl-C): nothing more is sent, fixtures are still cleaned up. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The run's id (12 lowercase hex characters); its fixtures are named `act-verify-<runId>-…`.
   * Default: a random one. Knowing it up front lets a caller point at `cleanup --run-id` at once.
   */
  readonly runId?: string | undefined;
  readonly output: VerifyOutput;
}

/** Where a run's progress goes. Every text is already redacted. */
export interface VerifyOutput {
  /** One line of progress, as it happens (no trailing newline). */
  line(text: string): void;
  /** One interaction's result, as soon as it is complete (render it with `formatInteraction`). */
  result(result: InteractionResult): void;
  /** The native verifier's own output, only when `nativeLog` is not `off`. */
  native?(text: string): void;
  /**
   * How far a long phase is: `done` of `total` items of `phase` ("interactions verified", "names
   * checked", "fixtures removed"), after each item. For a live count; optional.
   */
  progress?(phase: string, done: number, total: number): void;
}

/** How a run ended; the CLI maps each to an exit code. */
export type VerifyOutcome = "verified" | "failed" | "usage" | "preflight-failed" | "cannot-run" | "interrupted";

/** One interaction's result. */
export interface InteractionResult {
  /** The envelope of the pact it belongs to. */
  readonly envelope: Envelope;
  readonly consumer: string;
  readonly provider: string;
  readonly description: string;
  readonly states: readonly string[];
  /**
   * `passed`; `failed` (the server's answer broke the contract); `pending` (failed, but the pact
   * is pending on the broker: reported, does not fail the run); `skipped` (a state this run cannot
   * set up, e.g. no limited token; never published as verified); `error` (the run could not verify
   * it: a state setup failed, the request was refused by the safety gate, the run was interrupted).
   */
  readonly verdict: "passed" | "failed" | "pending" | "skipped" | "error";
  /** Expected vs actual, one line each (status, headers, body fields). */
  readonly differences: readonly string[];
  /** What the run itself recorded (state setup, safety gate, checks after the request). */
  readonly problems: readonly string[];
  /** Schema violations of the server's answers during this interaction. */
  readonly findings: readonly ConformanceFinding[];
  readonly durationMs?: number | undefined;
}

/** An answer of the server that breaks the bundled spec's schema for its status and envelope. */
export interface ConformanceFinding {
  /** e.g. `DELETE /apiops/projects/{projectName}/connections/{connectionName}/`. */
  readonly operation: string;
  readonly status: number;
  readonly envelope?: Envelope | undefined;
  /** Where in the body, as a JSON pointer (`/deploymentResult/responseTime`); "" for the body itself. */
  readonly field: string;
  /** What the schema says, e.g. `type integer`, `a documented status`. */
  readonly expected: string;
  /** What the server sent, shortened and redacted. */
  readonly actual: string;
  /**
   * On an answer to a fixture step (Create or Get Connection, around the verified request): reported,
   * never failing the run, whatever `conformance` says.
   */
  readonly fixtureStep?: true | undefined;
}

/** Whether a documented (status, envelope) of Delete Connection was seen in this run. */
export interface CoverageEntry {
  readonly status: number;
  readonly envelope: Envelope;
  readonly exercised: boolean;
}

/** A fixture this run could not confirm gone, with the command that removes it. */
export interface FixtureLeft {
  readonly projectName: string;
  readonly connectionName: string;
  readonly command: string;
}

/** What a run produced. Every text is redacted. */
export interface VerificationReport {
  readonly outcome: VerifyOutcome;
  /** The run's id; its fixtures are named `act-verify-<runId>-…`. */
  readonly runId: string;
  /** A stable label of the target, e.g. `the built-in stand-in` or `https://staging.example.com (project P)`. */
  readonly target: string;
  /** The envelopes verified (detected or forced). */
  readonly envelopes: readonly Envelope[];
  /** Where the pacts came from (files, or the broker URL). */
  readonly sources: readonly string[];
  readonly interactions: readonly InteractionResult[];
  /** Problems of the run outside any one interaction (pre-flight, pacts that could not be read, cleanup, publishing). */
  readonly problems: readonly string[];
  readonly coverage: readonly CoverageEntry[];
  readonly fixturesLeft: readonly FixtureLeft[];
  /** Requests sent to the server (pre-flight, fixtures, verified requests, cleanup). */
  readonly requestCount: number;
  readonly durationMs: number;
  /** The `names` check (opt-in): how many generated names were tried, and those the server mishandled. */
  readonly names?:
    | { readonly checked: number; readonly mishandled: readonly { readonly name: string; readonly problem: string }[] }
    | undefined;
}

/** `cleanup`: find and remove this tool's own fixtures in a project (by name prefix and description marker). */
export interface CleanupOptions extends RequestLimit {
  readonly baseUrl: string;
  readonly token: string;
  readonly projectName: string;
  /** Only the fixtures of this verify run (`act-verify-<runId>-…`); default every run's. */
  readonly runId?: string | undefined;
  /** List what would be removed, remove nothing. */
  readonly dryRun?: boolean | undefined;
  /** Also remove fixtures whose lease has not expired (of runs that may still be in progress). */
  readonly force?: boolean | undefined;
  /** Also remove fixtures made at least this many milliseconds ago, whatever their lease. */
  readonly olderThanMs?: number | undefined;
  /** The most bytes of the List Connections answer read; default MAX_LIST_BYTES (rules/limits.ts). */
  readonly maxListBytes?: number | undefined;
  /** Sends every request (see HttpFetch); default the global fetch. */
  readonly fetch?: HttpFetch | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly output: VerifyOutput;
}

/** A fixture `cleanup` left alone: its run may still be in progress (its lease, server/lease.ts). */
export interface FixtureLeased {
  readonly connectionName: string;
  /** The run that made it. */
  readonly runId: string;
  /** Until when that run may need it (ISO 8601, UTC, the maker's clock). */
  readonly until: string;
}

export interface CleanupReport {
  /**
   * `clean`: nothing found; `listed`: found, nothing removed (dryRun); `removed`: all found were
   * removed; `left`: some remain; `in-use`: only fixtures of runs that may still be in progress
   * were found (left alone, in `leased`); `failed`: could not list.
   */
  readonly outcome: "clean" | "listed" | "removed" | "left" | "in-use" | "failed" | "interrupted";
  /** The fixtures found that may be removed (their lease expired, none, or forced). */
  readonly found: readonly string[];
  readonly removed: readonly string[];
  readonly left: readonly FixtureLeft[];
  /** Fixtures left alone because their run may still be in progress; `force` or `olderThanMs` removes them. */
  readonly leased: readonly FixtureLeased[];
  readonly problems: readonly string[];
}

/** `drift`: how the server's own OpenAPI document describes Delete Connection, against this project's spec. */
export interface DriftOptions extends RequestLimit {
  readonly baseUrl: string;
  /** Sent if given (some servers protect their API docs). */
  readonly token?: string | undefined;
  /** Where the server publishes its document; default: the usual locations under the base URL. */
  readonly specUrl?: string | undefined;
  /** Sends every request (see HttpFetch); default the global fetch. */
  readonly fetch?: HttpFetch | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface DriftDifference {
  readonly aspect: "operation" | "status" | "parameter" | "schema";
  /** e.g. `400`, `path parameter projectName`, `200 application/json $.deploymentResult.responseTime`. */
  readonly where: string;
  /** What this project's spec says (or "absent"). */
  readonly ours: string;
  /** What the server's document says (or "absent"). */
  readonly theirs: string;
}

export interface DriftReport {
  /** `same`, `drift` (differences found), `no-spec` (the server publishes none), `failed` (unreachable, unreadable). */
  readonly outcome: "same" | "drift" | "no-spec" | "failed" | "interrupted";
  /** The URL the document was read from. */
  readonly source?: string | undefined;
  readonly differences: readonly DriftDifference[];
  readonly problems: readonly string[];
}
