// ServeOptions checked and completed: defaults filled in, bad values refused before anything
// listens (TypeError for a wrong kind of value, RangeError for a number out of range; a message
// never repeats a token), seed connections stored.
import { randomBytes } from "node:crypto";
import { ENVELOPES, type Envelope } from "../rules/envelope.js";
import { nameProblem } from "../rules/names.js";
import { redactor, tokenProblem } from "../rules/secrets.js";
import {
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_STORED_BYTES,
  DEFAULT_PROJECT,
  type SeedConnection,
  type ServeOptions,
} from "./options.js";
import type { Route } from "./request.js";
import { Store } from "./store.js";
import type { Outcome, StandInBehaviour } from "./types.js";

/** Everything a running stand-in needs, complete. */
export interface Settings {
  port: number;
  host: string;
  envelope: Envelope;
  /** Unset fields written as `null` (ServeOptions.nulls). */
  nulls: boolean;
  token: string;
  limitedToken: string;
  behaviour: StandInBehaviour;
  limits: { maxConnections: number; maxStoredBytes: number };
  store: Store;
  /** Reports one answered request to `onRequest` (path redacted); undefined without `onRequest`. */
  log: ((route: Route, outcome: Outcome, status: number, durationMs: number) => void) | undefined;
}

function count(name: string, value: number | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer from 0 to ${max}`);
  }
  return value;
}

function checkedToken(name: string, value: string | undefined, make: () => string): string {
  if (value === undefined) return make();
  const problem = tokenProblem(value);
  if (problem !== undefined) throw new TypeError(`${name} ${problem}`);
  return value;
}

/** A fresh random token, e.g. `standin-3q…` (24 random bytes, base64url): what `serve` uses when none is given. */
export function randomToken(): string {
  return `standin-${randomBytes(24).toString("base64url")}`;
}

/** Validates `options` and fills in the defaults; throws TypeError or RangeError for a bad option. */
export function resolveSettings(options: ServeOptions): Settings {
  const envelope = options.envelope ?? "success";
  if (!ENVELOPES.includes(envelope)) throw new TypeError(`envelope must be one of ${ENVELOPES.join(", ")}`);
  if (options.nulls !== undefined && typeof options.nulls !== "boolean") throw new TypeError("nulls must be a boolean");
  const token = checkedToken("token", options.token, randomToken);
  const limitedToken = checkedToken("limitedToken", options.limitedToken, () =>
    randomToken().replace(/^standin-/, "standin-limited-"),
  );
  if (limitedToken === token) throw new TypeError("limitedToken must differ from token");
  const projects = options.projects ?? [DEFAULT_PROJECT];
  for (const p of projects) {
    const problem = nameProblem(p);
    if (problem !== undefined) throw new TypeError(`project name ${JSON.stringify(p)} ${problem}`);
  }
  const behaviour = options.behaviour ?? {};
  count("behaviour.delayMs", behaviour.delayMs, 0, 2_147_483_647);
  const limits = {
    maxConnections: count("maxConnections", options.maxConnections, DEFAULT_MAX_CONNECTIONS),
    maxStoredBytes: count("maxStoredBytes", options.maxStoredBytes, DEFAULT_MAX_STORED_BYTES),
  };
  const store = new Store(projects, limits);
  for (const seed of options.connections ?? []) plant(store, seed, projects[0]);
  return {
    port: count("port", options.port, 0, 65535),
    host: options.host ?? "127.0.0.1",
    envelope,
    nulls: options.nulls ?? false,
    token,
    limitedToken,
    behaviour,
    limits,
    store,
    log: logger(options.onRequest, [token, limitedToken]),
  };
}

/** Stores one seed connection: a minimal connection of its type, enabled, deployed unless it says not. */
function plant(store: Store, seed: SeedConnection, firstProject: string | undefined): void {
  const projectName = seed.projectName ?? firstProject ?? "";
  const name = seed.connectionName;
  const problem = nameProblem(name);
  if (problem !== undefined) throw new TypeError(`seed connection name ${JSON.stringify(name)} ${problem}`);
  if (!store.hasProject(projectName)) {
    throw new TypeError(
      `seed connection ${JSON.stringify(name)}: project ${JSON.stringify(projectName)} is not one of the projects`,
    );
  }
  if (store.get(projectName, name)) {
    throw new TypeError(
      `seed connection ${JSON.stringify(name)} is given twice in project ${JSON.stringify(projectName)} (names ignore letter case)`,
    );
  }
  const connection = {
    description: "Seeded when the stand-in started",
    enabled: true,
    ...seed.fields,
    type: seed.type ?? "email",
    name,
    deployToWorker: seed.deployToWorker ?? true,
  };
  const put = store.put(projectName, connection);
  if (typeof put === "object") throw new RangeError(`the seed connections pass the ${put.limit} limit`);
}

function logger(onRequest: ServeOptions["onRequest"], secrets: string[]): Settings["log"] {
  if (!onRequest) return undefined;
  const redact = redactor(secrets);
  return (route, outcome, status, durationMs) => {
    try {
      onRequest({
        method: route.method,
        path: redact(route.path),
        status,
        durationMs: Math.round(durationMs * 10) / 10,
        operation: route.operation,
        outcome,
      });
    } catch {
      // A log that fails must not take the stand-in down.
    }
  };
}
