#!/usr/bin/env node
// `apinizer-connections`: dispatches to one subcommand module, loaded on demand, so `delete`
// never loads Pact, the verifier or the stand-in. To add a command, add an entry to COMMANDS whose
// module exports `spec` (its declarations, see command.ts) and `run(argv, io): Promise<number>`.
import { readFileSync, realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { redactor } from "../rules/secrets.js";
import { showable } from "./args.js";
import { type CommandSpec, INTERNAL_EXIT, PROGRAM, USAGE_EXIT } from "./command.js";
import { type CliIo, printable, processIo } from "./io.js";
import { secretsInEnvironment } from "./target.js";

/** What a command's module exports: its declarations (for help and docs) and the command itself. */
export interface CommandModule {
  readonly spec: CommandSpec;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** A command in the table: its one-line summary, and its module, loaded only when it runs. */
export interface CommandEntry {
  /** One line for the top-level help and the docs. */
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
}

/** Every command, in the order help and docs list them. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  delete: {
    summary: "delete connections (one, or many at once), each backed up first with --backup",
    load: () => import("./delete.js"),
  },
  restore: {
    summary: "create connections again from the backups delete --backup wrote",
    load: () => import("./restore.js"),
  },
  verify: {
    summary: "verify the contracts against the built-in stand-in, a staging server or a Pact Broker's pacts",
    load: () => import("./verify.js"),
  },
  serve: { summary: "run the in-memory Apinizer stand-in to develop against", load: () => import("./serve.js") },
  cleanup: {
    summary: "find and remove this tool's own verify fixtures left in a project",
    load: () => import("./cleanup.js"),
  },
  drift: {
    summary: "compare a server's published OpenAPI description of Delete Connection with this project's spec",
    load: () => import("./drift.js"),
  },
};

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}

/** The top-level help: the commands and the options the program itself takes. */
function topHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  const lines = Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(width)}${entry.summary}`);
  return `Usage: ${PROGRAM} <command> [options]

Commands:
${lines.join("\n")}

Options:
  -h, --help       this help ('${PROGRAM} help <command>' for a command's options)
  -v, --version    print the version

Tokens come from the environment only (APINIZER_TOKEN, PACT_BROKER_TOKEN), never from the command line.
`;
}

function topUsage(io: CliIo, message: string): number {
  io.stderr(`${PROGRAM}: ${message}\nRun '${PROGRAM} --help' for usage.\n`);
  return USAGE_EXIT.usage.code;
}

/** The command named `name`, or undefined (own properties only: `constructor` is not a command). */
function entryOf(name: string): CommandEntry | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

/** Names an unknown command when it is a short plain word; anything else may be a misplaced secret. */
function unknownCommand(io: CliIo, name: string): number {
  const shown = showable(name) && !name.startsWith("-") ? ` '${name}'` : "";
  const what = name.startsWith("-") ? `unknown option${showable(name) ? ` ${name}` : ""}` : `unknown command${shown}`;
  return topUsage(io, `${what} (commands: ${Object.keys(COMMANDS).join(", ")})`);
}

/** Runs `apinizer-connections` with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(topHelp());
    return USAGE_EXIT.usage.code;
  }
  if (first === "-h" || first === "--help") {
    io.stdout(topHelp());
    return 0;
  }
  if (first === "-v" || first === "--version") {
    io.stdout(`${version()}\n`);
    return 0;
  }
  if (first === "help") {
    if (rest[0] === undefined) {
      io.stdout(topHelp());
      return 0;
    }
    const entry = entryOf(rest[0]);
    return entry === undefined ? unknownCommand(io, rest[0]) : (await entry.load()).run(["--help"], io);
  }
  const entry = entryOf(first);
  if (entry === undefined) return unknownCommand(io, first);
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(redactor(secretsInEnvironment(io.env))(`${PROGRAM} ${first}: internal error: ${printable(message)}\n`));
    return INTERNAL_EXIT.internal.code;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
