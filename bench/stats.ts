// Order statistics and formatting shared by the benchmarks. Medians and quartiles, never means:
// on a shared, noisy machine one slow round must not move the result.
import os from "node:os";

/** The q-quantile (0..1) of `xs`, linear interpolation between the two nearest ranks. NaN when empty. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (at - lo);
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/** The median and the spread of a sample: interquartile range and full range. */
export interface Summary {
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function summarize(xs: readonly number[]): Summary {
  return {
    median: median(xs),
    q1: quantile(xs, 0.25),
    q3: quantile(xs, 0.75),
    min: Math.min(...xs),
    max: Math.max(...xs),
    n: xs.length,
  };
}

/** Microseconds from milliseconds, e.g. "412.3 µs". */
export const us = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;
/** Seconds from milliseconds, e.g. "1.23 s". */
export const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
/** A ratio, e.g. "1.034×". */
export const times = (r: number): string => `${r.toFixed(3)}×`;

/** "a–b" with `format` applied to both ends. */
export const range = (lo: number, hi: number, format: (x: number) => string): string => `${format(lo)}–${format(hi)}`;

/** One line naming the machine: Node version, CPU count and model, OS, load average. */
export function machine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  return `Node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? "cpu"}, ${os.platform()} ${os.arch()}, load average ${load}`;
}

/** A plain-text table; `rows[0]` is the header. Columns of numbers are right-aligned, text left-aligned. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  const numeric = widths.map((_, c) => rows.slice(1).every((r) => /^[\d.]/.test(r[c] ?? "")));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (numeric[c] ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** An integer ≥ `min` (default 1) from the environment, or `fallback`. Throws for anything else. */
export function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be an integer >= ${min} (got ${JSON.stringify(raw)})`);
  return n;
}
