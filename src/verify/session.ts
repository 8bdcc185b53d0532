// One verification run's provider states on a server: fixtures with unique names, the request
// filter (real token, or a certainly invalid one; a safety gate), and the teardown.
//
// Safety rules (the server may be a shared staging Apinizer):
// - fixtures get names no one else uses (`act-verify-<run id>-<n>`, plain [a-z0-9-]) and are
//   created only after checking the name is free; only names this run created are ever deleted;
// - a request of the verifier reaches the server only when its path addresses exactly the names
//   this interaction's states set up; anything else (an unknown state, a failed setup, a path with
//   the contract's example names, an interrupted run) is answered here and fails the interaction;
// - fixtures still present are deleted after each interaction and at the end of the run.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type PathNames, STATES as states } from "../rules/contract.js";
import { connectionPath } from "../rules/route.js";
import { type ApinizerAdmin, describeAnswer, saysNotFound } from "./apinizer.js";
import { redact } from "./report.js";

export const BLOCKED_STATUS = 599;

export interface Fixture {
  projectName: string;
  connectionName: string;
}

/** What happened around one interaction, between its first state setup and its teardown. */
export interface Slot {
  states: string[];
  names?: PathNames;
  invalidToken: boolean;
  fixtures: Fixture[];
  /** Reasons the interaction must fail whatever the verifier says (setup, gate, teardown). */
  problems: string[];
  requestSent: boolean;
}

export interface SessionOptions {
  admin: ApinizerAdmin;
  /** The project in which fixtures are created (exists on the server). */
  projectName: string;
  token: string;
  runId: string;
}

type Next = (err?: unknown) => void;
type StateFn = (params?: unknown) => Promise<Record<string, string> | undefined>;

export class Session {
  readonly runId: string;
  readonly slots: Slot[] = [];
  /** Problems outside any interaction (final cleanup). */
  readonly problems: string[] = [];
  /** Requests of interactions without provider states, answered here (in order). */
  readonly stateless: string[] = [];
  private readonly admin: ApinizerAdmin;
  private readonly projectName: string;
  private readonly token: string;
  private readonly invalidToken: string;
  private readonly live = new Map<string, Fixture>();
  private current: Slot | undefined;
  private counter = 0;
  private interrupted = false;

  constructor(options: SessionOptions) {
    this.admin = options.admin;
    this.projectName = options.projectName;
    this.token = options.token;
    this.runId = options.runId;
    let invalid = `invalid-${randomBytes(24).toString("hex")}`;
    while (invalid === this.token) invalid = `invalid-${randomBytes(24).toString("hex")}`;
    this.invalidToken = invalid;
  }

  /** A fresh fixture name of this run: plain [a-z0-9-], unique per run and per use. */
  freshName(kind = ""): string {
    this.counter += 1;
    return `act-verify-${this.runId}-${this.counter}${kind ? `-${kind}` : ""}`;
  }

  /** Fixtures this run created that may still exist. */
  leftovers(): Fixture[] {
    return [...this.live.values()];
  }

  /** Stops sending anything to the server (Ctrl-C): the rest of the interactions fail fast. */
  interrupt(): void {
    this.interrupted = true;
  }

  private slot(): Slot {
    if (!this.current) {
      this.current = {
        states: [],
        invalidToken: false,
        fixtures: [],
        problems: [],
        requestSent: false,
      };
      this.slots.push(this.current);
    }
    return this.current;
  }

  private fail(slot: Slot, state: string, reason: string): void {
    slot.problems.push(`state "${state}" could not be set up: ${reason}`);
  }

  private returnNames(slot: Slot, names: PathNames): Record<string, string> {
    slot.names = names;
    return { projectName: names.projectName, connectionName: names.connectionName };
  }

  private async safely(slot: Slot, state: string, body: () => Promise<PathNames | undefined>) {
    if (this.interrupted) {
      this.fail(slot, state, "the run was interrupted");
      return undefined;
    }
    try {
      return await body();
    } catch (e) {
      this.fail(slot, state, (e as Error).message);
      return undefined;
    }
  }

  /** Creates a fixture under a fresh name (checked free first); returns its name. */
  private async createFixture(slot: Slot, state: string): Promise<string | undefined> {
    const name = this.freshName();
    const before = await this.admin.getConnection(this.projectName, name);
    if (!saysNotFound(before)) {
      this.fail(
        slot,
        state,
        `expected Get Connection of the fresh name ${name} to answer "not found", got ${describeAnswer(before)}`,
      );
      return undefined;
    }
    const created = await this.admin.createConnection(this.projectName, name);
    if (created.status < 200 || created.status > 299) {
      this.fail(
        slot,
        state,
        `Create Connection ${name} in project ${this.projectName} answered ${describeAnswer(created)}`,
      );
      return undefined;
    }
    const fixture = { projectName: this.projectName, connectionName: name };
    this.live.set(name, fixture);
    slot.fixtures.push(fixture);
    return name;
  }

  private setup(state: string): StateFn {
    return async () => {
      const slot = this.slot();
      slot.states.push(state);
      const names = await this.safely(slot, state, async (): Promise<PathNames | undefined> => {
        switch (state) {
          case states.connectionExists: {
            const name = await this.createFixture(slot, state);
            return name === undefined ? undefined : { projectName: this.projectName, connectionName: name };
          }
          case states.connectionExistsInOtherCase: {
            const name = await this.createFixture(slot, state);
            return name === undefined
              ? undefined
              : { projectName: this.projectName, connectionName: name.toUpperCase() };
          }
          case states.connectionMissing: {
            const name = this.freshName("missing");
            const answer = await this.admin.getConnection(this.projectName, name);
            if (!saysNotFound(answer)) {
              this.fail(
                slot,
                state,
                `expected Get Connection of ${name} to answer "not found", got ${describeAnswer(answer)}`,
              );
              return undefined;
            }
            return { projectName: this.projectName, connectionName: name };
          }
          case states.projectMissing: {
            const project = this.freshName("no-project");
            const name = this.freshName("missing");
            const answer = await this.admin.getConnection(project, name);
            if (!saysNotFound(answer)) {
              this.fail(
                slot,
                state,
                `expected Get Connection in the fresh project ${project} to answer "not found", got ${describeAnswer(answer)}`,
              );
              return undefined;
            }
            return { projectName: project, connectionName: name };
          }
          case states.tokenInvalid:
            slot.invalidToken = true;
            return undefined;
          default:
            return undefined;
        }
      });
      return names ? this.returnNames(slot, names) : undefined;
    };
  }

  private teardown(): StateFn {
    return async () => {
      const slot = this.current;
      if (!slot) return undefined; // the interaction's first teardown already did the work
      this.current = undefined;
      if (slot.requestSent) {
        // What the answer said must be what happened: a delete with a valid token removes the
        // fixture; one with an invalid token must leave it (authentication comes first).
        for (const f of slot.fixtures) {
          try {
            const found = await this.admin.getConnection(f.projectName, f.connectionName);
            if (slot.invalidToken && found.status !== 200) {
              const how = saysNotFound(found)
                ? "was deleted"
                : `may have been deleted (Get Connection answered ${describeAnswer(found)})`;
              slot.problems.push(`connection ${f.connectionName} ${how} although the request carried an invalid token`);
            } else if (!slot.invalidToken && !saysNotFound(found)) {
              slot.problems.push(
                found.status === 200
                  ? `connection ${f.connectionName} still exists after the delete request: the server did not delete it`
                  : `could not confirm connection ${f.connectionName} is gone after the delete request: Get Connection answered ${describeAnswer(found)}`,
              );
            }
          } catch (e) {
            slot.problems.push(`could not check whether ${f.connectionName} still exists: ${(e as Error).message}`);
          }
        }
      }
      for (const f of slot.fixtures) {
        const problem = await this.remove(f);
        if (problem) slot.problems.push(problem);
      }
      return undefined;
    };
  }

  /** Deletes one fixture of this run and confirms it is gone; returns a problem, if any. */
  private async remove(f: Fixture): Promise<string | undefined> {
    if (!this.live.has(f.connectionName)) return undefined;
    try {
      // Delete, then look: only a Get that says "not found" proves the fixture is gone (a server
      // may answer 200 and keep it, or have no Get route at all).
      const answer = await this.admin.deleteConnection(f.projectName, f.connectionName);
      if (answer.status !== 200 && !saysNotFound(answer)) {
        return `cleanup: deleting fixture ${f.connectionName} answered ${describeAnswer(answer)}`;
      }
      const found = await this.admin.getConnection(f.projectName, f.connectionName);
      if (!saysNotFound(found)) {
        return `cleanup: fixture ${f.connectionName} is still there after its deletion (Get Connection answered ${describeAnswer(found)})`;
      }
      this.live.delete(f.connectionName);
      return undefined;
    } catch (e) {
      return `cleanup: fixture ${f.connectionName}: ${(e as Error).message}`;
    }
  }

  /**
   * Deletes every fixture of this run that may still exist (end of run, failure, interrupt).
   * Returns the problems; a fixture that stays behind is also recorded as a problem of the run.
   */
  async cleanup(): Promise<string[]> {
    const problems: string[] = [];
    for (const f of this.leftovers()) {
      const problem = await this.remove(f);
      if (problem) problems.push(problem);
    }
    const left = this.leftovers().map((f) => `${f.projectName}/${f.connectionName}`);
    if (left.length) {
      const line = `fixtures left on the server (delete them by hand): ${left.join(", ")}`;
      problems.push(line);
      if (!this.problems.includes(line)) this.problems.push(line);
    }
    return problems;
  }

  /** Handlers for every known state, `{ setup, teardown }` as the Pact Verifier takes them. */
  stateHandlers(): Record<string, { setup: StateFn; teardown: StateFn }> {
    const handlers: Record<string, { setup: StateFn; teardown: StateFn }> = {};
    for (const state of Object.values(states))
      handlers[state] = { setup: this.setup(state), teardown: this.teardown() };
    return handlers;
  }

  /** Records states the verifier sets up without a handler (they would otherwise pass silently). */
  private noteUnknownState(state: string): void {
    const slot = this.slot();
    slot.states.push(state);
    slot.problems.push(`state "${state}" is unknown to this verifier (no handler): the request was not sent`);
  }

  /**
   * Express-style middleware for the Verifier's proxy: lets state-change calls through, and for
   * the interaction's request either sets the Authorization header or answers it here.
   */
  requestFilter() {
    return (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: Next): void => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      if (path === "/_pactSetup") {
        const body = req.body as { state?: unknown; action?: unknown } | undefined;
        const state = typeof body?.state === "string" ? body.state : undefined;
        if (state === undefined || (Object.values(states) as string[]).includes(state)) {
          next();
        } else if (body?.action === "setup") {
          // The verifier announces an interaction without provider states as state "".
          if (state === "") this.slot();
          else this.noteUnknownState(state);
          next();
        } else {
          // No handler will run for it: close the interaction here.
          this.teardown()().then(() => next(), next);
        }
        return;
      }
      const slot = this.current;
      const reason = this.gate(slot, req.method ?? "", path);
      if (reason !== undefined) {
        if (slot) slot.problems.push(reason);
        else this.stateless.push(reason);
        res.writeHead(BLOCKED_STATUS, { "content-type": "text/plain", "x-apinizer-verify": "not-sent" });
        res.end(`Not sent to the server: ${reason}`);
        return;
      }
      if (!slot) return;
      slot.requestSent = true;
      req.headers["authorization"] = `Bearer ${slot.invalidToken ? this.invalidToken : this.token}`;
      redactResponse(res, [this.token]);
      next();
    };
  }

  private gate(slot: Slot | undefined, method: string, path: string): string | undefined {
    if (this.interrupted) return "the run was interrupted: the request was not sent";
    const noState = () =>
      `the interaction has no provider state, so it would address a resource this run did not create (${method} ${path}): the request was not sent`;
    if (!slot) return noState();
    if (slot.problems.length) return "a provider state could not be set up: the request was not sent";
    if (!slot.names)
      return slot.states.length === 0 ? noState() : "no provider state named the resource: the request was not sent";
    const expected = connectionPath(slot.names.projectName, slot.names.connectionName);
    if (path !== expected)
      return `${method} ${path} does not address this interaction's fixture (${expected}): the request was not sent`;
    return undefined;
  }
}

/** 8 lowercase hex characters: unique enough per run, short enough for names. */
export function newRunId(): string {
  return randomBytes(4).toString("hex");
}

/**
 * Keeps the token out of the answer the verifier sees. A server may echo the Authorization header
 * back; the native verifier prints actual bodies and headers of failures straight to stdout,
 * where nothing of ours could redact them afterwards. The proxy pipes the answer through `res`:
 * its headers are redacted as they are set, its body once it is complete (with its length fixed).
 */
function redactResponse(res: ServerResponse, secrets: readonly string[]): void {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) =>
    setHeader(
      name,
      Array.isArray(value)
        ? value.map((v) => redact(v, secrets))
        : typeof value === "string"
          ? redact(value, secrets)
          : value,
    );
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== "function") {
      chunks.push(
        Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(chunk as string, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"),
      );
    }
  };
  const end = res.end.bind(res);
  res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    keep(chunk, encoding);
    (typeof encoding === "function" ? encoding : (callback as (() => void) | undefined))?.();
    return true;
  }) as ServerResponse["write"];
  res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
    keep(chunk, encoding);
    // latin1 maps bytes 1:1, so replacing an ASCII token cannot corrupt the rest of the body.
    const body = Buffer.from(redact(Buffer.concat(chunks).toString("latin1"), secrets), "latin1");
    if (!res.headersSent && res.hasHeader("content-length")) setHeader("content-length", body.length);
    const done = [chunk, encoding, callback].find((a) => typeof a === "function") as (() => void) | undefined;
    return end(body, done);
  }) as ServerResponse["end"];
}
