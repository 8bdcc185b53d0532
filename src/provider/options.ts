// What `serve` takes and what it gives back. The CLI (`apinizer-connections serve`) maps its
// flags onto ServeOptions and prints from StandIn; verify starts its built-in target with it.
import type { Envelope } from "../rules/envelope.js";
import type { Operation, Outcome, StandInBehaviour, StoredConnection } from "./types.js";

/** The project the stand-in has when `projects` is not given (the seed page's example). */
export const DEFAULT_PROJECT = "MyProject";

/** Most connections held at once, over all projects, unless `maxConnections` says otherwise. */
export const DEFAULT_MAX_CONNECTIONS = 10_000;

/** Most bytes of stored Create bodies (as JSON) held at once, unless `maxStoredBytes` says otherwise: 64 MiB. */
export const DEFAULT_MAX_STORED_BYTES = 64 * 1024 * 1024;

/** A connection the stand-in holds from the start, so that examples work as printed. */
export interface SeedConnection {
  /** Its project; default the first of `projects`. Must be one of `projects`. */
  projectName?: string | undefined;
  connectionName: string;
  /** Apinizer's connection type (`email`, `kafka`, …); default `email`. */
  type?: string | undefined;
  /** Whether it counts as deployed to workers (default true, as Create's `deployToWorker`). */
  deployToWorker?: boolean | undefined;
  /**
   * More fields of its definition, as Create Connection takes them (`host`, `port`, `password`,
   * ...): Get Connection answers them as stored, secrets in full; List Connections answers secret
   * fields (rules/secret-fields.ts isSecretField) as `null`. `type` and `name` here are ignored.
   */
  fields?: Readonly<Record<string, unknown>> | undefined;
}

/** One line of the request log: what was asked and answered. Never holds a token or a body. */
export interface RequestLogEntry {
  method: string;
  /** The request path without the query, as received (percent-encoded); the tokens redacted. */
  path: string;
  /** The HTTP status written. */
  status: number;
  /** From the request's arrival to the end of the answer, in milliseconds (0.1 ms resolution). */
  durationMs: number;
  operation: Operation;
  outcome: Outcome;
}

/** What `serve()` starts: where it listens, its envelope, tokens, projects, seed connections and limits. Every field is optional. */
export interface ServeOptions {
  /** Port to listen on; 0 (default) picks a free one (see `StandIn.port`). */
  port?: number | undefined;
  /** Interface to bind; default `127.0.0.1` (loopback only). See `StandIn.loopback`. */
  host?: string | undefined;
  /**
   * Which envelope the stand-in answers in (rules/envelope.ts): `success` (default; the seed
   * page, Apinizer's docs as of 2025-12) or `status` (Apinizer's pages since 2026-08).
   */
  envelope?: Envelope | undefined;
  /**
   * Write every field left unset as `null`, as Apinizer's Java serialiser does (its List page
   * shows masked secrets as `"password": null`): `{"status": "SUCCESS", "deploymentResult": null,
   * "resultMessage": null, ...}`, every field either envelope names; an empty `resultList` as
   * `null`. Default false: fields left unset are left out, as the pages show them.
   */
  nulls?: boolean | undefined;
  /** The token with every permission; default a random one (see `StandIn.token`). */
  token?: string | undefined;
  /**
   * A token that authenticates but lacks CONNECTIONS + MANAGE in every project (the provider
   * state "the token lacks the CONNECTIONS MANAGE permission…"): Get and List work, Delete and
   * Create answer the permission error. Default a random one (see `StandIn.limitedToken`).
   */
  limitedToken?: string | undefined;
  /** Projects that exist (case-sensitive names); default `["MyProject"]`. */
  projects?: readonly string[] | undefined;
  /** Connections held from the start. Each name at most once per project (letter case ignored). */
  connections?: readonly SeedConnection[] | undefined;
  /** Most connections held at once over all projects (default 10 000); Create beyond it answers 507. */
  maxConnections?: number | undefined;
  /** Most bytes of stored Create bodies held at once (default 64 MiB); Create beyond it answers 507. */
  maxStoredBytes?: number | undefined;
  /** Called once per answered request (e.g. to print a log line). A throw is ignored. */
  onRequest?: ((entry: RequestLogEntry) => void) | undefined;
  /** Deviations from the documented behaviour, for tests; default none. */
  behaviour?: StandInBehaviour | undefined;
}

/**
 * A running stand-in (what `serve()` resolves to): its address and tokens, the limits in force, a
 * view of what it holds, and `close()`. Its answers follow docs/stand-in.md.
 */
export interface StandIn {
  /** Base URL, e.g. `http://127.0.0.1:41234` (paths start with `/apiops/`); a wildcard host is shown as loopback. */
  url: string;
  /** The address bound, e.g. `127.0.0.1`, `::1` or `0.0.0.0`. */
  host: string;
  /** The port bound (the one picked when `port` was 0). */
  port: number;
  /** True when only this machine can connect (127.0.0.0/8 or ::1); false for any other interface or a wildcard. */
  loopback: boolean;
  /** The envelope it answers in. */
  envelope: Envelope;
  /** Whether it writes unset fields as `null` (ServeOptions.nulls). */
  nulls: boolean;
  /** The token to send as `Authorization: Bearer …` (every permission). */
  token: string;
  /** The token without CONNECTIONS + MANAGE (reads only). */
  limitedToken: string;
  /** The limits in force: connections held, bytes of stored bodies, bytes of one request body. */
  limits: { maxConnections: number; maxStoredBytes: number; maxBodyBytes: number };
  /** The connections of a project, sorted by name (copies; undefined when the project does not exist). */
  connections(projectName: string): StoredConnection[] | undefined;
  /** Names of the existing projects. */
  projects(): string[];
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}
