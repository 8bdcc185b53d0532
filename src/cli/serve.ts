// `apinizer-connections serve`: runs the in-memory Apinizer stand-in until Ctrl-C, logging each
// request on stderr.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import type { RequestLogEntry, ServeOptions, StandIn } from "../provider/index.js";
import { DEFAULT_PROJECT, serve } from "../provider/index.js";
import { ENVELOPES } from "../rules/envelope.js";
import { connectionPath, connectionsPath } from "../rules/route.js";
import { shellWord } from "../rules/shell.js";
import { type Parsed, parseChoice, parseCount, UsageError } from "./args.js";
import { interruptExit, PROGRAM, parseCommand, usageError } from "./command.js";
import { type CliIo, interruptSignal, paint, printable, processIo, useColor } from "./io.js";
import { readSeed } from "./serve-seed.js";
import { MAX_CONNECTIONS_LIMIT, MAX_STORED_MIB_LIMIT, SERVE_EXIT_CODES, serveSpec } from "./serve-spec.js";
import { checkName, tokenFrom } from "./target.js";

export { SERVE_EXIT_CODES, serveSpec as spec };

type Options = Omit<ServeOptions, "onRequest" | "behaviour">;

/** ServeOptions from the flags, the seed file and the environment; throws UsageError. */
function optionsOf({ values }: Parsed<typeof serveSpec.options>, env: CliIo["env"], cwd: string): Options {
  const seed = values.seed === undefined ? { projects: [], connections: [] } : readSeed(values.seed, cwd);
  // MyProject only when neither --project nor the seed file names a project.
  const named = [...new Set([...(values.project ?? []).map((p) => checkName(p, "--project")), ...seed.projects])];
  const projects = named.length === 0 ? [DEFAULT_PROJECT] : named;
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

/**
 * A curl command that works as printed, in any terminal of this user: Delete of the first seeded
 * connection, else List. The stand-in's own random token is printed; a token the user chose
 * (APINIZER_TOKEN) never is: the header is read from `headerFile` (0600, removed on stop), since
 * `$APINIZER_TOKEN` is empty in another terminal when the token was set inline.
 */
function curlExample(standIn: StandIn, options: Options, headerFile: string | undefined): string {
  const first = options.projects?.[0] ?? "";
  const seeded = options.connections?.find((c) => (c.projectName ?? first) === first);
  const path =
    seeded === undefined ? `${connectionsPath(first)}?type=email` : connectionPath(first, seeded.connectionName);
  const auth = headerFile === undefined ? `"Authorization: Bearer ${standIn.token}"` : shellWord(`@${headerFile}`);
  return `curl -X ${seeded === undefined ? "GET" : "DELETE"} -H ${auth} ${shellWord(`${standIn.url}${path}`)}`;
}

/** A URL other machines can use when the stand-in listens on every interface (0.0.0.0, ::); else its own URL. */
export function reachableUrl(standIn: Pick<StandIn, "host" | "port" | "url">): string {
  if (standIn.host !== "0.0.0.0" && standIn.host !== "::") return standIn.url;
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && (standIn.host === "::" || a.family === "IPv4"))
    // IPv4 first, then global IPv6 (a link-local address needs a zone to be used).
    .sort((a, b) => Number(a?.family !== "IPv4") - Number(b?.family !== "IPv4"))
    .filter((a) => a !== undefined && !a.address.toLowerCase().startsWith("fe80:"));
  const found = addresses[0];
  if (found === undefined) return `http://${hostname()}:${standIn.port}`;
  return `http://${found.family === "IPv6" ? `[${found.address}]` : found.address}:${standIn.port}`;
}

function banner(standIn: StandIn, options: Options, env: CliIo["env"], headerFile: string | undefined): string {
  const fromEnv = (name: string) => (env[name] ?? "") !== "";
  const url = reachableUrl(standIn);
  const listening = url === standIn.url ? url : `${url} (every interface; on this machine ${standIn.url})`;
  const seeds = (options.connections ?? []).map(
    (c) => `${c.connectionName} (${c.projectName ?? options.projects?.[0]})`,
  );
  const mib = (bytes: number) => `${bytes / 1024 / 1024} MiB`;
  return [
    `Apinizer stand-in listening on ${listening} (envelope: ${standIn.envelope}${standIn.nulls ? ", unset fields as null" : ""})`,
    `  projects:      ${(options.projects ?? []).join(", ")}`,
    `  connections:   ${seeds.length === 0 ? "none yet (start with --connection NAME to have one to delete)" : seeds.join(", ")}`,
    `  token:         ${fromEnv("APINIZER_TOKEN") ? "the value of APINIZER_TOKEN" : `${standIn.token}   (random; set APINIZER_TOKEN to choose one)`}`,
    `  limited token: ${fromEnv("APINIZER_LIMITED_TOKEN") ? "the value of APINIZER_LIMITED_TOKEN" : standIn.limitedToken}   (may read; lacks CONNECTIONS + MANAGE)`,
    `  limits:        ${standIn.limits.maxConnections} connections, ${mib(standIn.limits.maxStoredBytes)} of stored bodies, ${mib(standIn.limits.maxBodyBytes)} per request body`,
    `  try:           ${curlExample(standIn, options, headerFile)}`,
    "Requests are logged on stderr. Press Ctrl-C to stop.",
    "",
  ].join("\n");
}

/** The header `curl -H @FILE` reads: the chosen token, in a file only this user can read, removed on stop. */
function authorizationFile(token: string): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "apinizer-stand-in-"));
  const path = join(dir, "authorization");
  writeFileSync(path, `Authorization: Bearer ${token}\n`, { mode: 0o600 });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
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
  let header: { path: string; remove: () => void } | undefined;
  try {
    const standIn = await start(io, { ...options, onRequest: (entry) => io.stderr(logLine(entry)) });
    if (typeof standIn === "number") return standIn;
    if (!standIn.loopback) {
      const warning = `${PROGRAM} serve: ${paint(useColor(io, "stderr"), "yellow", "warning:")}`;
      io.stderr(
        `${warning} listening on ${standIn.host}, not loopback: every machine that can reach this one can use the stand-in with the token printed below\n`,
      );
    }
    header = options.token === undefined ? undefined : authorizationFile(options.token);
    io.stdout(banner(standIn, options, io.env, header?.path));
    if (!signal.aborted) await new Promise((stopped) => signal.addEventListener("abort", stopped, { once: true }));
    await standIn.close();
    io.stdout("Apinizer stand-in stopped.\n");
    return interruptExit(signal);
  } finally {
    header?.remove();
    dispose();
  }
}
