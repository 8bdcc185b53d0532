#!/usr/bin/env node
// `apinizer-connections`: dispatches to one subcommand module, loaded on demand, so `delete`
// never loads Pact or the stand-in. To add a command, add an entry to COMMANDS whose module
// exports `run(argv, io): Promise<number>` (the exit code).
import { readFileSync, realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { type CliIo, processIo } from "./io.js";

export interface CommandModule {
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

export interface CommandEntry {
  /** One line for the top-level help. */
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  delete: {
    summary: "delete one connection (the typed client, from a script or pipeline)",
    load: () => import("./delete.js"),
  },
  serve: { summary: "run the in-memory Apinizer stand-in", load: () => import("./serve.js") },
  verify: {
    summary: "verify the contracts (built-in stand-in, a staging server, or a Pact Broker)",
    load: () => import("./verify.js"),
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

export function topHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  const lines = Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(width)}${entry.summary}`);
  return `Usage: apinizer-connections <command> [options]

Commands:
${lines.join("\n")}

Options:
  -h, --help       this help ('apinizer-connections <command> --help' for a command's options)
  -v, --version    print the version

Environment: APINIZER_BASE_URL, APINIZER_TOKEN (the token is never a command-line argument).
`;
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(topHelp());
    return 2;
  }
  if (first === "-h" || first === "--help") {
    io.stdout(topHelp());
    return 0;
  }
  if (first === "help") {
    const entry = rest[0] === undefined ? undefined : COMMANDS[rest[0]];
    if (entry === undefined) {
      io.stdout(topHelp());
      return rest[0] === undefined ? 0 : 2;
    }
    return (await entry.load()).run(["--help"], io);
  }
  if (first === "-v" || first === "--version") {
    io.stdout(`${version()}\n`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (entry === undefined) {
    // Echoed only when it looks like a command name: an argument may be a misplaced secret.
    const shown = /^[a-z][a-z-]{0,19}$/.test(first) ? ` '${first}'` : "";
    io.stderr(`apinizer-connections: unknown command${shown}\n\n${topHelp()}`);
    return 2;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (error) {
    io.stderr(
      `apinizer-connections ${first}: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
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
