// Options are declared once (name, value placeholder, default, environment variables,
// description, help group); the parser, `--help` and docs/commands.md all read the declaration.
// The parser is a strict, token-safe layer over node:util parseArgs: an error names the option,
// never the value (a value may be a secret typed in the wrong place).
import { parseArgs } from "node:util";
import type { DurationUnit } from "../rules/duration.js";

/** One option of a command. The key it is declared under is its long name (`--base-url`). */
export interface OptionDecl {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** The value's placeholder in help, e.g. `NAME` (string options only). */
  readonly value?: string;
  /** A string option that may be repeated: its values are collected, in order, in an array. */
  readonly multiple?: boolean;
  /** The value used when neither the option nor one of `env` is given; shown in help. */
  readonly default?: string;
  /** Environment variables that supply the value when the option is absent; the first non-empty wins. */
  readonly env?: readonly string[];
  /** One or more sentences; help wraps it. */
  readonly description: string;
  /** The help section it is listed under, e.g. `Target`, `Output`. */
  readonly group: string;
}

export type OptionTable = Readonly<Record<string, OptionDecl>>;

export class UsageError extends Error {
  override name = "UsageError";
}

const TOKEN_REFUSED =
  "a token is never accepted on the command line (it would leak into process lists and shell history); set APINIZER_TOKEN in the environment instead";

export type ParsedValues<S extends OptionTable> = {
  -readonly [K in keyof S]?: S[K]["type"] extends "string"
    ? S[K] extends { readonly multiple: true }
      ? string[]
      : string
    : boolean;
};

export interface Parsed<S extends OptionTable> {
  readonly values: ParsedValues<S>;
  /**
   * Where each value came from, for messages: `--base-url`, `APINIZER_BASE_URL` or
   * `the default of --timeout`.
   */
  readonly origin: { readonly [K in keyof S]?: string };
  /** The arguments that are not options, in order (only for a command that takes them). */
  readonly positionals: readonly string[];
}

/** Words safe to name in a message: short plain words (anything else may be a misplaced secret). */
export function showable(arg: string): boolean {
  return /^-{0,2}[A-Za-z_][A-Za-z0-9_-]{0,23}$/.test(arg);
}

/**
 * Parses `argv` against `options`, then fills absent options from their environment variables
 * and defaults. Throws UsageError for a token flag (`--token`, `--api-token`, any case), an
 * unknown option, a missing value, a value given to a flag, an option given twice (unless it is
 * `multiple`), or a positional argument (unless `allowPositionals`). Messages name the option,
 * never a value.
 */
export function parseOptions<S extends OptionTable>(
  argv: readonly string[],
  options: S,
  env: Readonly<Record<string, string | undefined>> = {},
  allowPositionals = false,
): Parsed<S> {
  // Refused before parsing, in any spelling, without repeating what followed the flag.
  if (argv.some((arg) => /^--?(api[-_]?)?token(=|$)/i.test(arg))) throw new UsageError(TOKEN_REFUSED);
  const config = Object.fromEntries(
    Object.entries(options).map(([name, o]) => [
      name,
      { type: o.type, ...(o.short === undefined ? {} : { short: o.short }) },
    ]),
  );
  const { tokens } = parseArgs({
    args: [...argv],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | string[] | boolean> = {};
  const origin: Record<string, string> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional" && allowPositionals) {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === "positional") {
      const named = showable(token.value) && !token.value.startsWith("-") ? ` '${token.value}'` : "";
      throw new UsageError(`unexpected argument${named} (this command takes options only)`);
    }
    // Own properties only: "--constructor" or "--__proto__" is unknown, not an Object.prototype member.
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (option === undefined) {
      throw new UsageError(
        showable(token.rawName) ? `unknown option ${token.rawName}` : "unknown option (not shown: it may be a secret)",
      );
    }
    const label = `--${token.name}`;
    if (Object.hasOwn(values, token.name) && option.multiple !== true) {
      throw new UsageError(`${label} was given more than once`);
    }
    origin[token.name] = label;
    if (option.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`${label} does not take a value`);
      values[token.name] = true;
      continue;
    }
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith("-") && token.value.length > 1)) {
      throw new UsageError(`${label} needs a value`);
    }
    values[token.name] =
      option.multiple === true ? [...((values[token.name] as string[] | undefined) ?? []), token.value] : token.value;
  }
  fillAbsent(options, env, values, origin);
  return { values: values as ParsedValues<S>, origin: origin as Parsed<S>["origin"], positionals };
}

function fillAbsent(
  options: OptionTable,
  env: Readonly<Record<string, string | undefined>>,
  values: Record<string, string | string[] | boolean>,
  origin: Record<string, string>,
): void {
  for (const [name, option] of Object.entries(options)) {
    if (Object.hasOwn(values, name) || option.type !== "string") continue;
    const variable = option.env?.find((v) => (env[v] ?? "").trim() !== "");
    const value = variable === undefined ? option.default : (env[variable] as string).trim();
    if (value === undefined) continue;
    values[name] = option.multiple === true ? [value] : value;
    origin[name] = variable ?? `the default of --${name}`;
  }
}

/**
 * Parses a --timeout: seconds ("30", "2.5", "10s") or milliseconds ("1500ms"). Returns the
 * milliseconds and the unit it was given in, which messages echo (rules/duration.ts).
 */
export function parseTimeout(
  value: string,
  label = "--timeout",
): { readonly timeoutMs: number; readonly timeoutUnit: DurationUnit } {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value.trim());
  const timeoutUnit = match?.[2] === "ms" ? "ms" : "s";
  const ms = match === null ? Number.NaN : Number(match[1]) * (timeoutUnit === "ms" ? 1 : 1000);
  if (!Number.isFinite(ms) || ms <= 0 || ms > 3_600_000) {
    throw new UsageError(
      `${label} must be a positive number of seconds (e.g. "30", "2.5") or a duration like "1500ms", at most one hour`,
    );
  }
  return { timeoutMs: Math.round(ms), timeoutUnit };
}

/** Parses an age such as `90s`, `30m`, `12h` or `7d` (a whole number and a unit) into milliseconds; at most 365 days. */
export function parseDuration(value: string, label: string): number {
  const match = /^(\d{1,6})(s|m|h|d)$/.exec(value.trim());
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
  const ms = match === null ? Number.NaN : Number(match[1]) * unit[match[2] as keyof typeof unit];
  if (!Number.isFinite(ms) || ms <= 0 || ms > 365 * unit.d) {
    throw new UsageError(`${label} must be a duration such as "90s", "30m", "12h" or "7d" (at most 365 days)`);
  }
  return ms;
}

/** Parses a whole number in [min, max]; the message names the option and the range, not the value. */
export function parseCount(value: string, label: string, min: number, max: number): number {
  if (!/^\d{1,9}$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${label} must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

/** Checks a value against a fixed list of words; the message lists the words, not the value. */
export function parseChoice<T extends string>(value: string, label: string, choices: readonly T[]): T {
  const found = choices.find((c) => c === value.trim());
  if (found === undefined) throw new UsageError(`${label} must be one of: ${choices.join(", ")}`);
  return found;
}
