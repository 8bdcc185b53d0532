// The Apinizer API Ops calls verify makes itself, around the interactions it verifies: Create,
// Get and Delete Connection on the fixtures of this run, sent by the package's client (typed by
// the spec; names checked, one deadline per call, bounded bodies, redirects never followed, the
// token redacted), and the healthcheck, which no connection operation covers, through the run's
// sender. Both count in the sender's requests and stop with its stop signal.
import {
  type Connection,
  type CreateConnectionResult,
  createConnectionsClient,
  type DeleteConnectionResult,
  type GetConnectionResult,
} from "../../client/index.js";
import { checkBaseUrl } from "../../rules/base-url.js";
import { errorMessageOf, saysOf } from "../../rules/envelope.js";
import { injectionProblem } from "../../rules/names.js";
import { HEALTHCHECK_PATH } from "../../rules/route.js";
import { type Redactor, tokenProblem } from "../../rules/secrets.js";
import type { Answer, Sender } from "./http.js";
import { leaseText } from "./lease.js";

/** The marker every fixture's description carries; `cleanup` finds fixtures by it and by their name. */
export const FIXTURE_MARKER = "apinizer-connections verify fixture";

/** The name prefix of every fixture: `act-verify-<run id>-<n>` (plain [a-z0-9-]). */
export const FIXTURE_PREFIX = "act-verify-";

/**
 * The Create Connection body of a fixture: an email connection, as Apinizer's Create Connection
 * page documents it. Its description carries the marker and, with `until`, the run's lease
 * (lease.ts): made now, needed until `until`. Without `until` it reads as earlier versions wrote it.
 */
export function fixtureBody(name: string, runId: string, until?: Date, createdAt = new Date()): Connection {
  const description =
    until === undefined
      ? `${FIXTURE_MARKER}, run ${runId}; deleted by the run. Safe to delete.`
      : `${FIXTURE_MARKER}, ${leaseText({ runId, createdAt, until })}; deleted by the run. Safe to delete after that time.`;
  return {
    type: "email",
    name,
    description,
    deployToWorker: true,
    enabled: true,
    host: "smtp.example.com",
    port: 587,
    enableStartTls: true,
    auth: false,
    defaultEncoding: "UTF-8",
    from: "noreply@example.com",
    additionalProperties: [],
  };
}

/** What a fixture call got: the client's result of Create, Get or Delete Connection. */
export type FixtureCallResult = CreateConnectionResult | GetConnectionResult | DeleteConnectionResult;

/** The answer's JSON as the client read it (token redacted); undefined without an answer or a JSON body. */
export function answerJson(result: FixtureCallResult): unknown {
  if (result.ok) return result.data;
  if (result.body === undefined) return undefined;
  try {
    return JSON.parse(result.body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * "404: Connection (name: x) was not found!" — an answer for a message (at most ~160 characters):
 * its status, then the server's error message (either envelope) or the start of its body.
 * `redact` is applied before anything is cut; `truncated`: the body is only the start of the answer's.
 */
export function describeAnswer(status: number, body: string, redact: Redactor, truncated = false): string {
  let json: unknown;
  try {
    json = truncated ? undefined : JSON.parse(body);
  } catch {
    json = undefined;
  }
  const message = errorMessageOf(json);
  if (message !== undefined) return `${status}: ${redact(message).slice(0, 160)}`;
  const text = (truncated ? redact.truncated(body) : redact(body)).trim();
  return text === "" ? `${status} (empty body)` : `${status}: ${JSON.stringify(text.slice(0, 120))}`;
}

/** A fixture call's result for a message: its answer (describeAnswer), or why none came (the client's message). */
export function describe(result: FixtureCallResult, redact: Redactor): string {
  if (result.status === undefined) return redact(result.message);
  const body = result.ok ? JSON.stringify(result.data) : result.body;
  return describeAnswer(result.status, body, redact);
}

/** Is the connection gone? `gone` (Get said "not found", 404 or 400), `exists` (Get answered it), or `unknown`. */
export function presence(result: GetConnectionResult): "gone" | "exists" | "unknown" {
  if (result.ok) return "exists";
  return result.kind === "connection-not-found" ? "gone" : "unknown";
}

/**
 * Did Create Connection make the fixture? When the client says so, or when a 2xx's envelope says
 * "done" although its body is off the spec: that is a finding of the fixture step (reported,
 * never failing the run), not a state that is missing.
 */
export function made(result: CreateConnectionResult): boolean {
  if (result.ok) return true;
  return (
    result.status !== undefined && result.status >= 200 && result.status <= 299 && saysOf(answerJson(result)) === "done"
  );
}

/** The fixture calls of a run on one server (one base URL and token). */
export interface Admin {
  /** The healthcheck (text `OK`), through the sender: documented without the slash, tried with it after a 404. */
  healthcheck(): Promise<Answer>;
  /** Reads one connection (Get Connection): the look before a request and the check after it. */
  get(projectName: string, connectionName: string): Promise<GetConnectionResult>;
  /** Creates a fixture (fixtureBody, with the run's lease). */
  create(projectName: string, connectionName: string): Promise<CreateConnectionResult>;
  /** Deletes a fixture (Delete Connection): the run's cleanup and the `cleanup` command. */
  remove(projectName: string, connectionName: string): Promise<DeleteConnectionResult>;
  /** The run's redaction (every secret it knows), for messages made of these results. */
  readonly redact: Redactor;
}

/**
 * Why verify or cleanup may not address this server, if they may not: the rules the client applies
 * to a base URL and a token, and the name rule for the project (a name that could address another
 * resource). Checked before anything is sent; the problem never repeats the value (a token pasted
 * in the wrong place, a URL with a password).
 */
export function serverProblem(server: { baseUrl: string; token: string; projectName: string }): string | undefined {
  const base = checkBaseUrl(server.baseUrl);
  if (!base.ok) return `the base URL ${base.problem}`;
  const token = tokenProblem(server.token);
  if (token !== undefined) return `the token ${token}`;
  return projectProblem(server.projectName);
}

/** Why a project name cannot be used (it could address another resource, or the verifier cannot inject it), if it cannot. */
export function projectProblem(projectName: string | undefined): string | undefined {
  const problem = projectName === undefined ? undefined : injectionProblem(projectName);
  return problem === undefined ? undefined : `the project name ${problem}`;
}

/**
 * The calls, against `baseUrl` with `token`. The client gets the sender's time limit, stop signal
 * and counted transport. Throws a TypeError (the client's) for a base URL or token it cannot use:
 * callers check serverProblem first.
 */
export function createAdmin(options: {
  baseUrl: string;
  token: string;
  runId: string;
  /** Until when the run may need the fixtures it creates (their lease); absent for an admin that never creates. */
  leaseUntil?: Date | undefined;
  sender: Sender;
  /** Applied to every text an answer hands to a message (the run's secrets, in every encoding). */
  redact: Redactor;
}): Admin {
  const { baseUrl, sender, redact } = options;
  const client = createConnectionsClient({
    baseUrl,
    token: options.token,
    timeoutMs: sender.timeoutMs,
    timeoutUnit: sender.timeoutUnit,
    // The client calls its fetch with one Request, as openapi-fetch does (client/options.ts).
    fetch: (input, init) =>
      sender.fetch(input instanceof Request && init === undefined ? input : new Request(input, init)),
  });
  const call = { signal: sender.stop };
  return {
    healthcheck: async () => {
      const first = await sender.send({ method: "GET", url: `${baseUrl}${HEALTHCHECK_PATH}` });
      if (first.status !== 404) return first;
      return sender.send({ method: "GET", url: `${baseUrl}${HEALTHCHECK_PATH}/` });
    },
    get: (projectName, connectionName) => client.getConnection({ projectName, connectionName }, call),
    create: (projectName, connectionName) =>
      client.createConnection(
        { projectName, connectionName },
        fixtureBody(connectionName, options.runId, options.leaseUntil),
        call,
      ),
    remove: (projectName, connectionName) => client.deleteConnection({ projectName, connectionName }, call),
    redact,
  };
}
