// Durations in messages, in the unit the user gave them: `--timeout 1500ms` is echoed as
// "1500 ms" and `--timeout 3` as "3 s", never the other unit (issue "Every day…": one voice).

/** The unit a duration is written in: milliseconds ("1500 ms") or seconds ("1.5 s"). */
export type DurationUnit = "ms" | "s";

/** `ms` milliseconds as text in `unit`: durationText(1500, "ms") is "1500 ms", durationText(1500, "s") "1.5 s". */
export function durationText(ms: number, unit: DurationUnit): string {
  return unit === "ms" ? `${ms} ms` : `${ms / 1000} s`;
}
