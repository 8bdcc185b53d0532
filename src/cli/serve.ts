// `apinizer-connections serve`: runs the in-memory Apinizer stand-in until Ctrl-C.
import { DEFAULT_PROJECT, serve } from "../provider/index.js";
import { parseOptions, UsageError } from "./args.js";
import { type CliIo, interruptSignal, processIo } from "./io.js";

export const serveHelp = `Usage: apinizer-connections serve [--port N] [--host H] [--project NAME]...

Runs the in-memory Apinizer stand-in (Delete, Create, Get and List Connection, and the
healthcheck) until Ctrl-C. Everything lives in memory and is gone when it stops.

Options:
  --port N          port to listen on (default: a free one, printed at start)
  --host H          interface to bind (default: 127.0.0.1, loopback only)
  --project NAME    a project that exists (repeatable; default: ${DEFAULT_PROJECT})
  -h, --help        this help

Token: the stand-in accepts the one token in APINIZER_TOKEN; when that is not set it makes up a
random one and prints it.
`;

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  project: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let values: ReturnType<typeof parseOptions<typeof OPTIONS>>;
  try {
    values = parseOptions(argv, OPTIONS);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`serve: ${e.message}\n\n${serveHelp}`);
    return 2;
  }
  if (values.help) {
    io.stdout(serveHelp);
    return 0;
  }
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) {
      io.stderr("serve: --port must be a number from 0 to 65535\n");
      return 2;
    }
  }
  const projects = values.project ?? [DEFAULT_PROJECT];
  if (projects.some((p) => p === "" || p.includes("/"))) {
    io.stderr("serve: --project must be a non-empty name without '/'\n");
    return 2;
  }
  const envToken = io.env["APINIZER_TOKEN"];
  if (envToken !== undefined && !/^\S+$/.test(envToken)) {
    io.stderr("serve: APINIZER_TOKEN must be a non-empty token without spaces\n");
    return 2;
  }

  const { signal, dispose } = interruptSignal(io.signal);
  try {
    const standIn = await serve({
      port,
      projects,
      ...(values.host !== undefined ? { host: values.host } : {}),
      ...(envToken ? { token: envToken } : {}),
    });
    io.stdout(
      [
        `Apinizer stand-in listening on ${standIn.url}`,
        `  projects: ${projects.join(", ")}`,
        envToken
          ? "  token:    the value of APINIZER_TOKEN"
          : `  token:    ${standIn.token}   (random; set APINIZER_TOKEN to choose one)`,
        `  try:      curl -X DELETE -H "Authorization: Bearer <token>" ${standIn.url}/apiops/projects/${encodeURIComponent(projects[0] ?? DEFAULT_PROJECT)}/connections/my-email-connection/`,
        "Press Ctrl-C to stop.",
        "",
      ].join("\n"),
    );
    if (!signal.aborted) {
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    }
    await standIn.close();
    io.stdout("Apinizer stand-in stopped.\n");
    return 0;
  } catch (e) {
    io.stderr(`serve: cannot start the stand-in: ${(e as Error).message}\n`);
    return 1;
  } finally {
    dispose();
  }
}
