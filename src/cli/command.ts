// What every command declares (options, environment, exit codes, examples) and the one way a
// command parses its arguments and reports a usage error. `--help` and docs/commands.md are
// generated from these declarations (help.ts, markdown.ts).
import { type OptionTable, type Parsed, parseOptions, UsageError } from "./args.js";
import { formatHelp } from "./help.js";
import { type CliIo, signalOf } from "./io.js";

export const PROGRAM = "apinizer-connections";

/** One exit code of a command: the number, and what it means to the user. */
export interface ExitCodeDecl {
  readonly code: number;
  readonly meaning: string;
}

/** A command's exit codes by outcome name, in the order help lists them. */
export type ExitTable = Readonly<Record<string, ExitCodeDecl>>;

/** An environment variable a command reads that is not an option's fallback (those come from the option). */
export interface EnvDecl {
  readonly name: string;
  readonly description: string;
}

export interface Example {
  readonly command: string;
  readonly comment: string;
}

/** Everything a user can know about a command without running it. */
export interface CommandSpec<O extends OptionTable = OptionTable, E extends ExitTable = ExitTable> {
  readonly name: string;
  /** What follows `apinizer-connections <name>` in the usage line. */
  readonly synopsis: string;
  /** Paragraphs, separated by a blank line. */
  readonly description: string;
  readonly options: O;
  /** The arguments after the options (restore's `FILE|DIR...`), when the command takes any; else none are accepted. */
  readonly positionals?: { readonly value: string; readonly description: string } | undefined;
  readonly environment: readonly EnvDecl[];
  readonly exitCodes: E;
  readonly examples: readonly Example[];
}

/** `-h, --help`, declared for every command. */
export const HELP_OPTION = {
  help: { type: "boolean", short: "h", description: "Print this help.", group: "Other" },
} as const satisfies OptionTable;

export const USAGE_EXIT = {
  usage: {
    code: 2,
    meaning: "usage error: an unknown or repeated option, a missing or invalid value (nothing was sent)",
  },
} as const satisfies ExitTable;

/** A bug: an exception no command expected. 70 is sysexits' EX_SOFTWARE, kept apart from every outcome. */
export const INTERNAL_EXIT = {
  internal: { code: 70, meaning: "internal error (a bug in this tool; please report it)" },
} as const satisfies ExitTable;

/** The shell's convention: 128 + the signal's number. */
export const INTERRUPT_EXITS = {
  interrupted: { code: 130, meaning: "interrupted (Ctrl-C, SIGINT)" },
  terminated: { code: 143, meaning: "terminated (SIGTERM)" },
} as const satisfies ExitTable;

/** Prints a usage error in the one format every command uses; returns the usage exit code. */
export function usageError(spec: CommandSpec, io: CliIo, message: string): number {
  io.stderr(`${PROGRAM} ${spec.name}: ${message}\nRun '${PROGRAM} ${spec.name} --help' for usage.\n`);
  return USAGE_EXIT.usage.code;
}

/**
 * Parses a command's arguments: `{ parsed }` to go on with, or `{ exit }` when the command is done
 * (help printed: 0; usage error printed: 2). `onUsage` replaces the default report of a usage error
 * (e.g. `--json` also prints it as JSON).
 */
export function parseCommand<O extends OptionTable>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  io: CliIo,
  onUsage: (message: string) => number = (message) => usageError(spec, io, message),
): { parsed: Parsed<O>; exit?: never } | { exit: number; parsed?: never } {
  let parsed: Parsed<O>;
  try {
    parsed = parseOptions(argv, spec.options, io.env, spec.positionals !== undefined);
  } catch (error) {
    if (error instanceof UsageError) return { exit: onUsage(error.message) };
    throw error;
  }
  if ((parsed.values as { help?: boolean }).help === true) {
    io.stdout(formatHelp(spec));
    return { exit: 0 };
  }
  return { parsed };
}

/**
 * parseCommand, then `toSettings` (which throws UsageError for values that fail their checks):
 * the command's settings, or the exit code of help or a usage error already printed.
 */
export function parseSettings<O extends OptionTable, S>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  io: CliIo,
  toSettings: (parsed: Parsed<O>) => S,
): { parsed: Parsed<O>; settings: S; exit?: never } | { exit: number; parsed?: never; settings?: never } {
  // With --json, a usage error is also the one JSON object on stdout (a pipeline parses it).
  const json = argv.includes("--json");
  const onUsage = (message: string): number => {
    const code = usageError(spec, io, message);
    if (json) io.stdout(`${JSON.stringify({ outcome: "usage", message, exitCode: code })}\n`);
    return code;
  };
  const result = parseCommand(spec, argv, io, onUsage);
  if (result.exit !== undefined) return { exit: result.exit };
  try {
    return { parsed: result.parsed, settings: toSettings(result.parsed) };
  } catch (error) {
    if (error instanceof UsageError) return { exit: onUsage(error.message) };
    throw error;
  }
}

/** The exit code of an interruption: 143 for SIGTERM, else 130 (SIGINT, or an abort in-process). */
export function interruptExit(signal: AbortSignal): number {
  return signalOf(signal) === "SIGTERM" ? INTERRUPT_EXITS.terminated.code : INTERRUPT_EXITS.interrupted.code;
}
