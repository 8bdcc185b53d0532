// The parent side of the native Pact verifier: a child process (child.ts) that verifies one
// interaction per job. Its output is captured (shown only when asked for), its crashes and hangs
// are turned into results, and it is restarted for the next job after a crash. A child whose run
// ended well is kept for a moment (unreferenced, so it never holds the process open) for the next
// run in the same process: starting one and loading the native library costs ~0.1 s of CPU.
import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { stripVTControlCharacters } from "node:util";

/** The verifier's JSON results (pact-core's `pactffiVerifierJson`), as far as verify reads them. */
export interface RawMismatch {
  type?: string;
  expected?: unknown;
  actual?: unknown;
  mismatch?: string;
  path?: string;
  key?: string;
  message?: string;
}

export interface RawInteractionResult {
  description?: string;
  duration?: string;
  providerStates?: string[];
  result?: string;
  mismatch?: { type?: string; message?: string; mismatches?: RawMismatch[] };
}

export interface RawResults {
  result?: boolean;
  interactionResults?: RawInteractionResult[];
  errors?: { interaction?: string; mismatch?: { type?: string; message?: string; mismatches?: RawMismatch[] } }[];
}

export type NativeOutcome =
  | { readonly kind: "results"; readonly results: RawResults }
  /** `exited`: the child process ended before it reported (crashed, or was killed). */
  | { readonly kind: "failed"; readonly message: string; readonly exited?: boolean }
  | { readonly kind: "cannot-load"; readonly message: string };

export interface NativeJob {
  readonly pactFile: string;
  readonly providerBaseUrl: string;
  readonly stateUrl: string;
}

export interface NativeVerifier {
  /** Starts the child and loads the native library now, ahead of the first job. */
  warm(): void;
  /** Verifies one single-interaction pact file; never throws. */
  run(job: NativeJob): Promise<NativeOutcome>;
  /** Stops the child now (an interrupted run). */
  kill(): void;
  close(): Promise<void>;
}

export interface NativeOptions {
  /** Per request to the harness, in ms (the harness answers within the run's timeout). */
  readonly requestTimeoutMs: number;
  /** How long one job may take before the child is killed, in ms. */
  readonly jobTimeoutMs: number;
  /** The native library's log level; its output goes to `onOutput` only when set. */
  readonly logLevel: string;
  readonly onOutput?: ((text: string) => void) | undefined;
}

const CHILD = new URL(import.meta.url.endsWith(".ts") ? "./child.ts" : "./child.js", import.meta.url);

/** The child's environment: nothing of the parent's secrets or proxy settings; it only talks to loopback. */
function childEnv(): NodeJS.ProcessEnv {
  const keep = ["PATH", "HOME", "TMPDIR", "TEMP", "TMP", "LANG", "SYSTEMROOT"];
  const env: NodeJS.ProcessEnv = { PACT_DO_NOT_TRACK: "true", NO_COLOR: "1" };
  for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

function parseResults(text: string): RawResults | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === "object" && parsed !== null ? (parsed as RawResults) : undefined;
  } catch {
    return undefined;
  }
}

/** A child process and what its messages and output go to. */
interface Worker {
  readonly child: ChildProcess;
  /** The native library sets its log level once per process: a child serves runs of one level. */
  readonly logLevel: string;
  readonly waiting: Map<number, (outcome: NativeOutcome) => void>;
  output: ((text: string) => void) | undefined;
  nextId: number;
  idleTimer?: NodeJS.Timeout;
}

/** Children kept after a run, for the next one; at most MAX_IDLE, each for IDLE_MS. */
const idle: Worker[] = [];
const MAX_IDLE = 2;
const IDLE_MS = 2_000;

const alive = (w: Worker): boolean => w.child.exitCode === null && w.child.signalCode === null && w.child.connected;

function answerAllWaiting(w: Worker, outcome: NativeOutcome): void {
  for (const resolve of w.waiting.values()) resolve(outcome);
  w.waiting.clear();
}

function onMessage(w: Worker, message: { id: number; kind: string; text?: string; message?: string }): void {
  const resolve = w.waiting.get(message.id);
  if (resolve === undefined) return;
  w.waiting.delete(message.id);
  if (message.kind === "cannot-load") {
    resolve({ kind: "cannot-load", message: message.message ?? "" });
    return;
  }
  const results = parseResults(message.text ?? "");
  resolve(results ? { kind: "results", results } : { kind: "failed", message: (message.text ?? "").slice(0, 500) });
}

function spawnWorker(logLevel: string): Worker {
  const child = fork(CHILD, [], {
    env: childEnv(),
    execArgv: [],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    serialization: "json",
  });
  const w: Worker = { child, logLevel, waiting: new Map(), output: undefined, nextId: 0 };
  // Whole lines only: a token split across two chunks would slip past the redaction of each.
  const lines = (stream: NodeJS.ReadableStream | null): void => {
    let pending = "";
    stream?.on("data", (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const end = pending.lastIndexOf("\n");
      if (end < 0) return;
      w.output?.(stripVTControlCharacters(pending.slice(0, end + 1)));
      pending = pending.slice(end + 1);
    });
    stream?.on("end", () => {
      if (pending !== "") w.output?.(stripVTControlCharacters(pending));
    });
  };
  lines(child.stdout);
  lines(child.stderr);
  child.on("message", (message: { id: number; kind: string; text?: string; message?: string }) =>
    onMessage(w, message),
  );
  child.on("exit", (code, signal) => {
    if (idle.includes(w)) idle.splice(idle.indexOf(w), 1);
    const message = `the native verifier stopped (${signal ?? `exit code ${code}`})`;
    answerAllWaiting(w, { kind: "failed", message, exited: true });
  });
  child.on("error", (error) =>
    answerAllWaiting(w, { kind: "failed", message: `the native verifier could not run: ${error.message}` }),
  );
  child.send({ kind: "load" });
  return w;
}

/** A kept child of this log level if one is alive, else a new one; referenced again while in use. */
function takeWorker(logLevel: string): Worker {
  const at = idle.findIndex((w) => w.logLevel === logLevel && alive(w));
  if (at < 0) return spawnWorker(logLevel);
  const [w] = idle.splice(at, 1) as [Worker];
  clearTimeout(w.idleTimer);
  setReferenced(w, true);
  return w;
}

/** Whether the child (its process, IPC channel and output pipes) keeps this process running. */
function setReferenced(w: Worker, referenced: boolean): void {
  const handles = [w.child, w.child.channel, w.child.stdout, w.child.stderr] as (
    | { ref?(): void; unref?(): void }
    | null
    | undefined
  )[];
  for (const h of handles) {
    if (referenced) h?.ref?.();
    else h?.unref?.();
  }
}

function stop(w: Worker): Promise<void> {
  if (!alive(w)) return Promise.resolve();
  return new Promise<void>((resolve) => {
    w.child.once("exit", () => resolve());
    w.child.disconnect();
    setTimeout(() => w.child.kill("SIGKILL"), 2_000).unref();
  });
}

/** Keeps a child whose run ended well for the next run, or stops it. */
function park(w: Worker): Promise<void> {
  w.output = undefined;
  if (!alive(w) || w.waiting.size > 0 || idle.length >= MAX_IDLE) return stop(w);
  setReferenced(w, false);
  w.idleTimer = setTimeout(() => {
    idle.splice(idle.indexOf(w), 1);
    void stop(w);
  }, IDLE_MS).unref();
  idle.push(w);
  return Promise.resolve();
}

/**
 * Whether the native Pact library (`@pact-foundation/pact-core`, an optional peer) can be found
 * from here, as the child will look for it: checked before the run creates anything on a server.
 */
export function nativeInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve("@pact-foundation/pact-core");
    return true;
  } catch {
    return false;
  }
}

export function startNative(options: NativeOptions): NativeVerifier {
  let worker: Worker | undefined;
  const current = (): Worker => {
    if (worker === undefined || !alive(worker)) {
      worker = takeWorker(options.logLevel);
      worker.output = options.onOutput;
    }
    return worker;
  };
  return {
    warm() {
      current();
    },
    run(job) {
      const w = current();
      const id = w.nextId++;
      return new Promise<NativeOutcome>((resolve) => {
        const timer = setTimeout(() => {
          w.waiting.delete(id);
          w.child.kill("SIGKILL");
          resolve({
            kind: "failed",
            message: `the native verifier did not finish within ${options.jobTimeoutMs / 1000} s`,
          });
        }, options.jobTimeoutMs);
        w.waiting.set(id, (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        });
        w.child.send({ id, ...job, timeoutMs: options.requestTimeoutMs, logLevel: options.logLevel });
      });
    },
    kill() {
      worker?.child.kill("SIGKILL");
      worker = undefined;
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w !== undefined) await park(w);
    },
  };
}
