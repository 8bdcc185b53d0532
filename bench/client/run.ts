// One measurement, in a fresh process: warm every variant up until its time per call is stable,
// then interleaved rounds in a random order each round. Sends a RunResult over IPC.
import { envInt, median } from "../stats.js";
import { startServer } from "./server.js";
import { type Call, makeVariants } from "./variants.js";

export interface RunResult {
  /** Warm-up calls per variant before the rounds. */
  readonly warmupCalls: number;
  /** Whether the warm-up ended because every variant was stable (false: it hit the cap). */
  readonly stable: boolean;
  /** Per variant, the warm-up checkpoints' median milliseconds per call, in order (how long settling takes). */
  readonly warmupCurve: Record<string, number[]>;
  readonly roundSize: number;
  /** Per variant, one value per round: milliseconds per call in that round. */
  readonly rounds: Record<string, number[]>;
}

export interface RunSettings {
  /** Rounds measured after the warm-up. */
  readonly rounds: number;
  /** Sequential calls per variant per round (also the warm-up block size). */
  readonly roundSize: number;
  /** At least this many warm-up calls per variant. */
  readonly warmupMin: number;
  /** At most this many warm-up calls per variant. */
  readonly warmupCap: number;
  /** Calls per variant between two stability checks of the warm-up. */
  readonly warmupBlock: number;
  /** How much faster (relative) a variant may still be getting and count as settled (see `settled`). */
  readonly tolerance: number;
}

export function settingsFrom(env: NodeJS.ProcessEnv): RunSettings {
  return {
    rounds: envInt(env, "BENCH_ROUNDS", 400),
    roundSize: envInt(env, "BENCH_ROUND_SIZE", 5),
    warmupMin: envInt(env, "BENCH_WARMUP_MIN", 3000),
    warmupCap: envInt(env, "BENCH_WARMUP_CAP", 15_000),
    warmupBlock: 500,
    tolerance: envInt(env, "BENCH_WARMUP_TOLERANCE_PCT", 3) / 100,
  };
}

/** Milliseconds per call over `n` sequential calls. */
async function block(call: Call, n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await call();
  return (performance.now() - t0) / n;
}

/** The names in a random order (Fisher–Yates). */
function shuffled(names: readonly string[]): string[] {
  const out = [...names];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out;
}

/**
 * `count` rounds; in each, one block of `size` calls per variant, in a new random order every
 * round. Random, not rotated: with a rotated fixed order a variant always follows the same other
 * one, and what the previous variant left behind (caches, inline-cache state, garbage) biased
 * the pair by ~1.5% here. Returns each variant's block times.
 */
async function interleaved(
  variants: Record<string, Call>,
  count: number,
  size: number,
): Promise<Record<string, number[]>> {
  const names = Object.keys(variants);
  const out: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < count; r++) {
    for (const name of shuffled(names)) out[name]?.push(await block(variants[name] as Call, size));
  }
  return out;
}

/** Checkpoints compared per stability check: the last WINDOW against the WINDOW before. */
const WINDOW = 3;

/** No downward trend: the median of the last WINDOW checkpoints is not faster than the WINDOW before by > tolerance. */
function settled(history: readonly number[], tolerance: number): boolean {
  if (history.length < 2 * WINDOW) return false;
  const before = median(history.slice(-2 * WINDOW, -WINDOW));
  return median(history.slice(-WINDOW)) >= before * (1 - tolerance);
}

/**
 * Warm-up until stable: checkpoints of `warmupBlock` calls per variant, done exactly like the
 * measured rounds, until every variant has `settled` (at least `warmupMin`, at most `warmupCap`
 * calls). One-sided, because warming up only ever makes calls faster while the machine's noise
 * comes and goes; windows of checkpoints, because single ones jump with that noise. fetch settles
 * after ~2,000 calls here, node:http keeps getting faster for ~6,000 (bench/README.md).
 */
async function warmUp(
  variants: Record<string, Call>,
  s: RunSettings,
): Promise<{ calls: number; stable: boolean; curve: Record<string, number[]> }> {
  const curve: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((n) => [n, []]));
  const perCheckpoint = Math.ceil(s.warmupBlock / s.roundSize);
  let calls = 0;
  while (calls < s.warmupCap) {
    const times = await interleaved(variants, perCheckpoint, s.roundSize);
    calls += perCheckpoint * s.roundSize;
    for (const [name, blocks] of Object.entries(times)) curve[name]?.push(median(blocks));
    if (calls >= s.warmupMin && Object.values(curve).every((h) => settled(h, s.tolerance))) {
      return { calls, stable: true, curve };
    }
  }
  return { calls, stable: false, curve };
}

/** Warm-up, then `s.rounds` interleaved rounds of `variants` (any set of calls). */
export async function measure(variants: Record<string, Call>, s: RunSettings): Promise<RunResult> {
  const { calls, stable, curve } = await warmUp(variants, s);
  const rounds = await interleaved(variants, s.rounds, s.roundSize);
  return { warmupCalls: calls, stable, warmupCurve: curve, roundSize: s.roundSize, rounds };
}

/**
 * BENCH_VARIANTS (comma-separated names) keeps only those variants: each variant's calls shape
 * the JIT's feedback in code they share (fetch), so a pair measured alone can differ from the
 * same pair measured among all six (bench/README.md).
 */
function selected(variants: Record<string, Call>, env: NodeJS.ProcessEnv): Record<string, Call> {
  const wanted = env["BENCH_VARIANTS"]?.split(",").map((n) => n.trim());
  if (wanted === undefined) return variants;
  const unknown = wanted.filter((n) => !(n in variants));
  if (unknown.length) throw new Error(`BENCH_VARIANTS: unknown ${unknown.join(", ")}; known: ${Object.keys(variants)}`);
  return Object.fromEntries(Object.entries(variants).filter(([n]) => wanted.includes(n)));
}

if (process.argv[2] === "--run") {
  const server = await startServer();
  try {
    process.send?.(await measure(selected(makeVariants(server.baseUrl), process.env), settingsFrom(process.env)));
  } finally {
    server.stop();
    process.disconnect?.();
  }
}
