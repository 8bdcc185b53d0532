// The parent side of the native Pact verifier: a child process (native-child) that verifies one
// interaction per job. Its output is captured (shown only when asked for), its crashes and hangs
// are turned into results, and it is restarted for the next job after a crash.
import { type ChildProcess, fork } from "node:child_process";
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
  | { readonly kind: "failed"; readonly message: string }
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

const CHILD = new URL(import.meta.url.endsWith(".ts") ? "./native-child.ts" : "./native-child.js", import.meta.url);

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

export function startNative(options: NativeOptions): NativeVerifier {
  let child: ChildProcess | undefined;
  let nextId = 0;
  const waiting = new Map<number, (outcome: NativeOutcome) => void>();

  const settleAll = (outcome: NativeOutcome): void => {
    for (const resolve of waiting.values()) resolve(outcome);
    waiting.clear();
  };
  const spawnChild = (): ChildProcess => {
    const c = fork(CHILD, [], {
      env: childEnv(),
      execArgv: [],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "json",
    });
    // Whole lines only: a token split across two chunks would slip past the redaction of each.
    const lines = (stream: NodeJS.ReadableStream | null): void => {
      let pending = "";
      stream?.on("data", (chunk: Buffer) => {
        pending += chunk.toString("utf8");
        const end = pending.lastIndexOf("\n");
        if (end < 0) return;
        options.onOutput?.(stripVTControlCharacters(pending.slice(0, end + 1)));
        pending = pending.slice(end + 1);
      });
      stream?.on("end", () => {
        if (pending !== "") options.onOutput?.(stripVTControlCharacters(pending));
      });
    };
    lines(c.stdout);
    lines(c.stderr);
    c.on("message", (message: { id: number; kind: string; text?: string; message?: string }) => {
      const resolve = waiting.get(message.id);
      if (resolve === undefined) return;
      waiting.delete(message.id);
      if (message.kind === "cannot-load") resolve({ kind: "cannot-load", message: message.message ?? "" });
      else {
        const results = parseResults(message.text ?? "");
        resolve(
          results ? { kind: "results", results } : { kind: "failed", message: (message.text ?? "").slice(0, 500) },
        );
      }
    });
    c.on("exit", (code, signal) => {
      if (child === c) child = undefined;
      settleAll({ kind: "failed", message: `the native verifier stopped (${signal ?? `exit code ${code}`})` });
    });
    c.on("error", (error) =>
      settleAll({ kind: "failed", message: `the native verifier could not run: ${error.message}` }),
    );
    return c;
  };

  return {
    warm() {
      child ??= spawnChild();
      child.send({ kind: "load" });
    },
    run(job) {
      child ??= spawnChild();
      const c = child;
      const id = nextId++;
      return new Promise<NativeOutcome>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          c.kill("SIGKILL");
          resolve({
            kind: "failed",
            message: `the native verifier did not finish within ${options.jobTimeoutMs / 1000} s`,
          });
        }, options.jobTimeoutMs);
        waiting.set(id, (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        });
        c.send({ id, ...job, timeoutMs: options.requestTimeoutMs, logLevel: options.logLevel });
      });
    },
    kill() {
      child?.kill("SIGKILL");
    },
    async close() {
      const c = child;
      child = undefined;
      if (c === undefined || c.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once("exit", () => resolve());
        c.disconnect();
        setTimeout(() => c.kill("SIGKILL"), 2_000).unref();
      });
    },
  };
}
