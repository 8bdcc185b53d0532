// `apinizer-connections serve`: runs the in-memory Apinizer stand-in until Ctrl-C, logging each
// request on stderr.

import type { RequestLogEntry, ServeOptions, StandIn } from "../provider/index.js";
import { serve } from "../provider/index.js";
import { ENVELOPES } from "../rules/envelope.js";
import { connectionPath, connectionsPath } from "../rules/route.js";
import { shellWord } from "../rules/shell.js";
import { type Parsed, parseChoice, parseCount, UsageError } from "./args.js";
import { interruptExit, parseCommand, usageError } from "./command.js";
import { type CliIo, interruptSignal, paint, printable, processIo, useColor } from "./io.js";
import { readSeed } from "./serve-seed.js";
import { MAX_CONNECTIONS_LIMIT, MAX_STORED_MIB_LIMIT, SERVE_EXIT_CODES, serveSpec } from "./serve-spec.js";
import { checkName, tokenFrom } from "./target.js";

export { SERVE_EXIT_CODES, serveSpec as spec };

type Options = Omit<ServeOptions, "onRequest" | "behaviour">;

/** ServeOptions from the flags, the seed file and the environment; throws UsageError. */
function optionsOf({ values }: Parsed<typeof serveSpec.options>, env: CliIo["env"], cwd: string): Options {
  const seed = values.seed === undefined ? { projects: [], connections: [] } : readSeed(values.seed, cwd);
  const projects = [...new Set([...(values.project ?? []).map((p) => checkName(p, "--project")), ...seed.projects])];
  const connections = [
    ...(values.connection ?? []).map((c) => ({ connectionName: checkName(c, "--connection") })),
    ...seed.connections,
  ];
  const host = values.host ?? "";
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(host)) throw new UsageError("--host must be a host name or an IP address");
  const token = tokenFrom(env, "APINIZER_TOKEN", false);
  const limitedToken = tokenFrom(env, "APINIZER_LIMITED_TOKEN", false);
  if (token !== undefined && token === limitedToken) {
    throw new UsageError("APINIZER_LIMITED_TOKEN must differ from APINIZER_TOKEN");
  }
  return {
    port: parseCount(values.port ?? "", "--port", 0, 65535),
    host: host.replace(/^\[(.*)\]$/, "$1"),
    envelope: parseChoice(values.envelope ?? "", "--envelope", ENVELOPES),
    nulls: values.nulls === true,
    projects,
    connections,
    maxConnections: parseCount(values["max-connections"] ?? "", "--max-connections", 1, MAX_CONNECTIONS_LIMIT),
    maxStoredBytes:
      parseCount(values["max-stored-mib"] ?? "", "--max-stored-mib", 1, MAX_STORED_MIB_LIMIT) * 1024 * 1024,
    ...(token === undefined ? {} : { token }),
    ...(limitedToken === undefined ? {} : { limitedToken }),
  };
}

/** A curl command that works as printed: Delete of the first seeded connection, else List. */
function curlExample(standIn: StandIn, options: Options, tokenFromEnv: boolean): string {
  const first = options.projects?.[0] ?? "";
  const seeded = options.connections?.find((c) => (c.projectName ?? first) === first);
  const path =
    seeded === undefined ? `${connectionsPath(first)}?type=email` : connectionPath(first, seeded.connectionName);
  const auth = tokenFromEnv ? '"Authorization: Bearer $APINIZER_TOKEN"' : `"Authorization: Bearer ${standIn.token}"`;
  return `curl -X ${seeded === undefined ? "GET" : "DELETE"} -H ${auth} ${shellWord(`${standIn.url}${path}`)}`;
}

function banner(standIn: StandIn, options: Options, env: CliIo["env"]): string {
  const fromEnv = (name: string) => (env[name] ?? "") !== "";
  const seeds = (options.connections ?? []).map(
    (c) => `${c.connectionName} (${c.projectName ?? options.projects?.[0]})`,
  );
  const mib = (bytes: number) => `${bytes / 1024 / 1024} MiB`;
  return [
    `Apinizer stand-in listening on ${standIn.url} (envelope: ${standIn.envelope}${standIn.nulls ? ", unset fields as null" : ""})`,
    `  projects:      ${(options.projects ?? []).join(", ")}`,
    `  connections:   ${seeds.length === 0 ? "none yet (start with --connection NAME to have one to delete)" : seeds.join(", ")}`,
    `  token:         ${fromEnv("APINIZER_TOKEN") ? "the value of APINIZER_TOKEN" : `${standIn.token}   (random; set APINIZER_TOKEN to choose one)`}`,
    `  limited token: ${fromEnv("APINIZER_LIMITED_TOKEN") ? "the value of APINIZER_LIMITED_TOKEN" : standIn.limitedToken}   (may read; lacks CONNECTIONS + MANAGE)`,
    `  limits:        ${standIn.limits.maxConnections} connections, ${mib(standIn.limits.maxStoredBytes)} of stored bodies, ${mib(standIn.limits.maxBodyBytes)} per request body`,
    `  try:           ${curlExample(standIn, options, fromEnv("APINIZER_TOKEN"))}`,
    "Requests are logged on stderr. Press Ctrl-C to stop.",
    "",
  ].join("\n");
}

/** One line per answered request: method, path, status, milliseconds and what the stand-in decided. */
function logLine(entry: RequestLogEntry): string {
  return `${entry.method} ${printable(entry.path)} ${entry.status} ${entry.durationMs} ms (${entry.outcome})\n`;
}

/** Starts the stand-in: the StandIn, or the exit code of a refusal (already reported). */
async function start(io: CliIo, options: ServeOptions): Promise<StandIn | number> {
  try {
    return await serve(options);
  } catch (error) {
    const message = printable((error as Error).message);
    if (error instanceof TypeError || error instanceof RangeError) return usageError(serveSpec, io, message);
    if (typeof (error as NodeJS.ErrnoException).code !== "string") throw error;
    io.stderr(`apinizer-connections serve: ${message}\n`);
    return SERVE_EXIT_CODES["cannot-listen"].code;
  }
}

/** Runs `serve` until `io.signal` (or SIGINT/SIGTERM) stops it; resolves to its exit code (SERVE_EXIT_CODES). */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const parsed = parseCommand(serveSpec, argv, io);
  if (parsed.exit !== undefined) return parsed.exit;
  let options: Options;
  try {
    options = optionsOf(parsed.parsed, io.env, io.cwd ?? process.cwd());
  } catch (error) {
    if (error instanceof UsageError) return usageError(serveSpec, io, error.message);
    throw error;
  }
  const { signal, dispose } = interruptSignal(io.signal);
  try {
    const standIn = await start(io, { ...options, onRequest: (entry) => io.stderr(logLine(entry)) });
    if (typeof standIn === "number") return standIn;
    if (!standIn.loopback) {
      const warning = paint(useColor(io, "stderr"), "yellow", "warning:");
      io.stderr(
        `${warning} listening on ${standIn.host}, not loopback: every machine that can reach this one can use the stand-in with the token printed below\n`,
      );
    }
    io.stdout(banner(standIn, options, io.env));
    if (!signal.aborted) await new Promise((stopped) => signal.addEventListener("abort", stopped, { once: true }));
    await standIn.close();
    io.stdout("Apinizer stand-in stopped.\n");
    return interruptExit(signal);
  } finally {
    dispose();
  }
}
