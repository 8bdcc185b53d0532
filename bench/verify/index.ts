// `npm run bench:verify`: the project's verify against a bare Pact Verifier run with equivalent
// provider states (bare-pact.ts), both against the project's stand-in with a delay per request
// (a slow staging server), interleaved over several runs. Each measurement gets a fresh stand-in
// in this process and times its command as a child process from start to exit; the stand-in
// counts the requests it receives. See bench/README.md for the numbers.
//
// Environment: BENCH_RUNS (default 10), BENCH_DELAY_MS (50), BENCH_PACT (a pact file; default the
// committed success-envelope pact), BENCH_INTERACTIONS (N: a contract of N cloned interactions
// instead), BENCH_WORKERS (e.g. "1,4": also verify --workers N, once verify has the flag),
// BENCH_BARE_ONLY=1 (only the bare Pact run).
import { spawn } from "node:child_process";
import diagnostics from "node:diagnostics_channel";
import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import os from "node:os";
import path from "node:path";
import { randomToken, serve } from "../../src/provider/index.js";
import { envInt, machine, range, secs, summarize, table, times } from "../stats.js";
import { barePactCommand, type Command, ROOT, type Target, verifyCommand, verifySupportsWorkers } from "./commands.js";
import { bigContract, committedPacts, interactionCount } from "./contract.js";

const PROJECT = "MyProject";

interface Variant {
  readonly name: string;
  readonly command: (t: Target, token: string) => Command;
}

interface Measurement {
  readonly ms: number;
  /** Requests the stand-in received, by method. */
  readonly requests: Record<string, number>;
  /** Connections left in the project afterwards (fixtures nobody deleted). */
  readonly leftovers: number;
}

/** Runs one command against a fresh stand-in; throws (with the command's output) when it fails. */
async function measure(variant: Variant, pact: string, delayMs: number): Promise<Measurement> {
  const token = randomToken();
  const standIn = await serve({ token, projects: [PROJECT], behaviour: { delayMs } });
  const requests: Record<string, number> = {};
  const count = (message: unknown) => {
    const method = (message as { request: IncomingMessage }).request.method ?? "?";
    requests[method] = (requests[method] ?? 0) + 1;
  };
  diagnostics.subscribe("http.server.request.start", count);
  try {
    const { args, env } = variant.command({ baseUrl: standIn.url, project: PROJECT, pact }, token);
    const t0 = performance.now();
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env } });
      let output = "";
      child.stdout.on("data", (d: Buffer) => {
        output += d.toString();
      });
      child.stderr.on("data", (d: Buffer) => {
        output += d.toString();
      });
      child.on("error", reject);
      child.on("close", (c) => resolve({ code: c, output }));
    });
    const ms = performance.now() - t0;
    if (code !== 0) throw new Error(`${variant.name} exited with ${code}:\n${output.slice(-3000)}`);
    return { ms, requests, leftovers: standIn.connections(PROJECT)?.length ?? 0 };
  } finally {
    diagnostics.unsubscribe("http.server.request.start", count);
    await standIn.close();
  }
}

function variants(env: NodeJS.ProcessEnv): Variant[] {
  const list: Variant[] = [{ name: "bare Pact", command: (t, token) => barePactCommand(t, token) }];
  if (env["BENCH_BARE_ONLY"] === "1") return list;
  const workers = (env["BENCH_WORKERS"] ?? "").split(",").filter(Boolean).map(Number);
  if (workers.length === 0) {
    list.push({ name: "verify", command: (t, token) => verifyCommand(t, token) });
  } else if (!verifySupportsWorkers()) {
    console.log(`BENCH_WORKERS: the built verify has no --workers yet; timing plain verify only.\n`);
    list.push({ name: "verify", command: (t, token) => verifyCommand(t, token) });
  } else {
    for (const w of workers) list.push({ name: `verify --workers ${w}`, command: (t, tk) => verifyCommand(t, tk, w) });
  }
  return list;
}

const total = (m: Measurement): number => Object.values(m.requests).reduce((a, b) => a + b, 0);
const spread = (xs: number[]): string =>
  Math.min(...xs) === Math.max(...xs) ? String(xs[0]) : `${Math.min(...xs)}–${Math.max(...xs)}`;

function requestsCell(ms: readonly Measurement[]): string {
  const methods = [...new Set(ms.flatMap((m) => Object.keys(m.requests)))].sort();
  const by = methods.map((k) => `${k} ${spread(ms.map((m) => m.requests[k] ?? 0))}`).join(", ");
  return `${spread(ms.map(total))} (${by})`;
}

async function main(): Promise<void> {
  const env = process.env;
  const runs = envInt(env, "BENCH_RUNS", 10);
  const delayMs = envInt(env, "BENCH_DELAY_MS", 50, 0);
  const n = env["BENCH_INTERACTIONS"] ? envInt(env, "BENCH_INTERACTIONS", 1) : undefined;
  const source = env["BENCH_PACT"] ?? committedPacts(path.join(ROOT, "contracts"))[0];
  if (source === undefined) throw new Error("no committed pact of the success-envelope provider in contracts/");
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-verify-"));
  try {
    const pact = n === undefined ? source : bigContract(source, n, tmp);
    const list = variants(env);
    const results: Record<string, Measurement[]> = Object.fromEntries(list.map((v) => [v.name, []]));
    for (let r = 0; r < runs; r++) {
      // Rotated order: neither side always runs first (the machine's load drifts).
      for (let i = 0; i < list.length; i++) {
        const v = list[(i + r) % list.length] as Variant;
        const m = await measure(v, pact, delayMs);
        results[v.name]?.push(m);
        process.stderr.write(`run ${r + 1}/${runs}: ${v.name} ${secs(m.ms)}, ${total(m)} requests\n`);
      }
    }
    const what = `${path.relative(ROOT, source)}${n === undefined ? "" : ` cloned to`}, ${interactionCount(pact)} interactions`;
    console.log(report(list, results, { what, delayMs, runs }));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function report(
  list: readonly Variant[],
  results: Record<string, Measurement[]>,
  info: { what: string; delayMs: number; runs: number },
): string {
  const rows = list.map((v) => {
    const ms = results[v.name] ?? [];
    const s = summarize(ms.map((m) => m.ms));
    return [
      v.name,
      secs(s.median),
      range(s.q1, s.q3, secs),
      range(s.min, s.max, secs),
      requestsCell(ms),
      spread(ms.map((m) => m.leftovers)),
    ];
  });
  // Paired per run: the commands of one run ran back to back, under the same load.
  const ratio = (num: Variant, den: Variant, goal?: number): string[] => {
    const d = results[den.name] ?? [];
    const s = summarize((results[num.name] ?? []).map((m, i) => m.ms / (d[i] as Measurement).ms));
    const verdict = goal === undefined ? "" : `goal ≤ ${goal}×: ${s.median <= goal ? "met" : "NOT met"}`;
    return [
      `${num.name} / ${den.name}`,
      times(s.median),
      range(s.q1, s.q3, times),
      range(s.min, s.max, times),
      verdict,
    ];
  };
  const [bare, ...verifies] = list;
  const ratioRows = bare === undefined ? [] : verifies.map((v) => ratio(v, bare, 1.3));
  const [first, ...more] = verifies;
  if (first !== undefined) for (const v of more) ratioRows.push(ratio(v, first));
  return [
    machine(),
    `${info.what}; stand-in delay ${info.delayMs} ms per request; ${info.runs} runs, order rotated; wall time from start to exit of each command`,
    "",
    table([["command", "median", "runs IQR", "runs min–max", "requests received", "left behind"], ...rows]),
    ...(ratioRows.length
      ? ["", table([["ratio (paired per run)", "median", "runs IQR", "runs min–max", ""], ...ratioRows])]
      : []),
  ].join("\n");
}

await main();
