// The Apinizer API Ops calls verify makes itself, around the interactions it verifies: the
// healthcheck, and Create, Get, Delete and List Connection on the fixtures of this run. Paths come
// from rules/route (the spec's template). The token goes in the header only.
import { type Envelope, envelopeOf, errorMessageOf, isJsonObject, saysOf } from "../../rules/envelope.js";
import { connectionPath, connectionsPath, HEALTHCHECK_PATH } from "../../rules/route.js";
import { type Redactor, redactor } from "../../rules/secrets.js";
import { type ErrorMeaning, meaningOf } from "../../rules/wording.js";
import { type Answer, jsonOf, type Sender, textOf } from "./http.js";
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
export function fixtureBody(
  name: string,
  runId: string,
  until?: Date,
  createdAt = new Date(),
): Record<string, unknown> {
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

/** What an answer of the server says, read once: its status, envelope and error meaning. */
export interface Reading {
  readonly answer: Answer;
  readonly status: number;
  readonly json: unknown;
  readonly envelope: Envelope | "mixed" | undefined;
  /** The server's error message (`error_description` or `resultMessage`), if any; redacted. */
  readonly message: string | undefined;
  /** The body as text, redacted (before any cutting). */
  readonly text: string;
  /** What the message means, with the request's names blanked out. */
  readonly meaning: ErrorMeaning | undefined;
}

/** Reads an answer once; `redact` is applied to every text it keeps for messages, before anything cuts them. */
export function read(answer: Answer, names: readonly string[] = [], redact: Redactor = redactor([])): Reading {
  const json = jsonOf(answer);
  const message = errorMessageOf(json);
  return {
    answer,
    status: answer.status,
    json,
    envelope: envelopeOf(json),
    message: message === undefined ? undefined : redact(message),
    text: answer.truncated ? redact.truncated(textOf(answer)) : redact(textOf(answer)),
    meaning: message === undefined ? undefined : meaningOf(message, names),
  };
}

/** "404: Connection (name: x) was not found!" — a short description for messages (at most ~160 characters). */
export function describe(reading: Reading): string {
  if (reading.message !== undefined) return `${reading.status}: ${reading.message.slice(0, 160)}`;
  const text = reading.text.trim();
  return text === "" ? `${reading.status} (empty body)` : `${reading.status}: ${JSON.stringify(text.slice(0, 120))}`;
}

/** Is the connection gone? `gone`, `exists`, or `unknown` (an answer that proves neither). */
export function presence(reading: Reading): "gone" | "exists" | "unknown" {
  if ((reading.status === 400 || reading.status === 404) && reading.meaning === "connection-not-found") return "gone";
  // A 200 exists unless its envelope says "not done" or contradicts itself (a bare object counts).
  const says = saysOf(reading.json);
  if (reading.status === 200 && isJsonObject(reading.json) && says !== "not-done" && reading.envelope !== "mixed")
    return "exists";
  return "unknown";
}

export interface Admin {
  healthcheck(): Promise<Reading>;
  get(projectName: string, connectionName: string): Promise<Reading>;
  create(projectName: string, connectionName: string): Promise<Reading>;
  remove(projectName: string, connectionName: string, token?: string): Promise<Reading>;
  /** List Connections of type email (the type every fixture has; newer servers require the type). */
  list(projectName: string): Promise<Reading>;
}

/** The calls, against `baseUrl` with `token`, through `sender` (which bounds and counts them). */
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
  const call = async (method: string, path: string, names: string[], body?: unknown, token = options.token) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const answer = await sender.send({
      method,
      url: `${baseUrl}${path}`,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return read(answer, names, redact);
  };
  return {
    healthcheck: async () => {
      // Documented without the slash every other API Ops path needs: a server may route either.
      const first = read(await sender.send({ method: "GET", url: `${baseUrl}${HEALTHCHECK_PATH}` }), [], redact);
      if (first.status !== 404) return first;
      return read(await sender.send({ method: "GET", url: `${baseUrl}${HEALTHCHECK_PATH}/` }), [], redact);
    },
    get: (p, c) => call("GET", connectionPath(p, c), [p, c]),
    create: (p, c) => call("POST", connectionPath(p, c), [p, c], fixtureBody(c, options.runId, options.leaseUntil)),
    remove: (p, c, token) => call("DELETE", connectionPath(p, c), [p, c], undefined, token),
    list: (p) => call("GET", `${connectionsPath(p)}?type=email`, [p]),
  };
}
