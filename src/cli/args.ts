// A strict, token-safe layer over node:util parseArgs: error messages name the option, never the
// value (a value may be a secret typed in the wrong place).
import { parseArgs } from "node:util";

export interface OptionDef {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** A string option that may be repeated: its values are collected, in order, in an array. */
  readonly multiple?: boolean;
}

export type OptionSpec = Readonly<Record<string, OptionDef>>;

export class UsageError extends Error {
  override name = "UsageError";
}

export const TOKEN_REFUSED =
  "a token is never accepted on the command line (it would leak into process lists and shell history); set APINIZER_TOKEN in the environment instead";

export type ParsedValues<S extends OptionSpec> = {
  -readonly [K in keyof S]?: S[K]["type"] extends "string"
    ? S[K] extends { readonly multiple: true }
      ? string[]
      : string
    : boolean;
};

/**
 * Parses `argv` against `spec`. Throws UsageError for a token flag (`--token`, `--api-token`),
 * an unknown option, a missing value, a value
 * given to a flag, an option given twice (unless it is `multiple`: its values are collected in
 * order), or any positional argument.
 */
export function parseOptions<S extends OptionSpec>(argv: readonly string[], spec: S): ParsedValues<S> {
  // Refused before parsing, in any spelling, without repeating what followed the flag.
  if (argv.some((arg) => /^--?(api-?)?token(=|$)/i.test(arg))) throw new UsageError(TOKEN_REFUSED);
  const { tokens } = parseArgs({
    args: [...argv],
    options: spec,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | string[] | boolean> = {};
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") {
      throw new UsageError("unexpected argument (this command takes options only; see --help)");
    }
    // Own properties only: "--constructor" or "--__proto__" is unknown, not an Object.prototype member.
    const option = Object.hasOwn(spec, token.name) ? spec[token.name] : undefined;
    if (option === undefined) throw new UsageError(`unknown option ${token.rawName}`);
    if (Object.hasOwn(values, token.name) && option.multiple !== true)
      throw new UsageError(`${token.rawName} was given more than once`);
    if (option.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} does not take a value`);
      values[token.name] = true;
    } else {
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith("-") && token.value.length > 1)) {
        throw new UsageError(`${token.rawName} needs a value`);
      }
      values[token.name] =
        option.multiple === true ? [...((values[token.name] as string[] | undefined) ?? []), token.value] : token.value;
    }
  }
  return values as ParsedValues<S>;
}

/** Parses a `--timeout` value: seconds ("30", "2.5") or a duration ("1500ms", "10s"); returns milliseconds. */
export function parseTimeout(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value.trim());
  const ms = match === null ? Number.NaN : Number(match[1]) * (match[2] === "ms" ? 1 : 1000);
  if (!Number.isFinite(ms) || ms <= 0 || ms > 3_600_000) {
    throw new UsageError(
      '--timeout must be a positive number of seconds (e.g. "30", "2.5") or a duration like "1500ms", at most one hour',
    );
  }
  return ms;
}
