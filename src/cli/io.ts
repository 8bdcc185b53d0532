// What a command needs from the process, passed in so tests can run commands in-process.

/** Everything a command reads from or writes to the process; tests pass their own (test/support/io.ts). */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** Stops a running command (as Ctrl-C does); default: SIGINT/SIGTERM of this process. */
  signal?: AbortSignal;
  /** Whether stdout and stderr are terminals (colour is used only there). Default: neither. */
  tty?: { readonly stdout: boolean; readonly stderr: boolean };
  /** Where relative paths (`--junit out.xml`) are resolved; default the process's working directory. */
  cwd?: string;
  /** Standard input, for `--from -`; default the process's. Tests may pass an array of chunks. */
  stdin?: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
}

/**
 * Writes to a stream that may be a pipe whose reader has gone (`| head -1`): the first EPIPE
 * silences the stream for good instead of ending in a stack trace. The command carries on and
 * exits with the code of its outcome.
 */
function pipeSafe(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") closed = true;
    else throw error;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

/** The real process: stdout and stderr (safe against a closed pipe), the environment, and whether each is a terminal. */
export const processIo = (): CliIo => ({
  stdout: pipeSafe(process.stdout),
  stderr: pipeSafe(process.stderr),
  env: process.env,
  tty: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
  stdin: process.stdin,
});

/** Colour only on a terminal, never with NO_COLOR (any non-empty value) or TERM=dumb. */
export function useColor(io: CliIo, stream: "stdout" | "stderr"): boolean {
  return io.tty?.[stream] === true && (io.env["NO_COLOR"] ?? "") === "" && io.env["TERM"] !== "dumb";
}

/** Wraps `text` in an ANSI colour when `on`. */
export function paint(on: boolean, colour: "red" | "green" | "yellow" | "dim", text: string): string {
  const codes = { red: 31, green: 32, yellow: 33, dim: 2 } as const;
  return on ? `\u001b[${codes[colour]}m${text}\u001b[0m` : text;
}

/** Makes a server-supplied string safe for a terminal: control characters (ANSI escapes, CR) are escaped. */
export function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** An SGR colour sequence (ESC [ … m), the one escape sequence this CLI writes itself; or any other control character. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_OR_COLOUR = /\u001b\[[0-9;]*m|\p{Cc}/gu;

/**
 * `text` (a report with the server's own words in it) safe for a terminal: every control
 * character shown as \uXXXX, as `printable` does, except newlines, tabs and colour sequences
 * (ESC [ … m), so that a server cannot clear the screen, set the title or move the cursor.
 */
export function terminalText(text: string): string {
  return text.replace(CONTROL_OR_COLOUR, (m) => (m.length > 1 || m === "\n" || m === "\t" ? m : printable(m)));
}

/**
 * Prints a command's final report on stdout: with --json the one JSON object (with its
 * `exitCode`), else `format(color)` made safe for a terminal; both with every secret redacted.
 */
export function printReport(
  io: CliIo,
  redact: (text: string) => string,
  json: boolean,
  report: object,
  exitCode: number,
  format: (color: boolean) => string,
): void {
  if (json) io.stdout(`${redact(JSON.stringify({ ...report, exitCode }))}\n`);
  else io.stdout(terminalText(redact(format(useColor(io, "stdout")))));
}

/** The abort reason when a process signal stops a command. */
export class Interrupted extends Error {
  override name = "Interrupted";
  readonly signalName: "SIGINT" | "SIGTERM";
  constructor(signalName: "SIGINT" | "SIGTERM") {
    super(`interrupted (${signalName})`);
    this.signalName = signalName;
  }
}

/**
 * What stops a command: `given` (the io's signal) when there is one, else an AbortSignal that fires
 * on the first SIGINT/SIGTERM of this process, with an `Interrupted` reason. A second signal gets
 * Node's default (the process ends at once). `dispose` removes the process listeners.
 */
export function interruptSignal(given?: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  if (given !== undefined) return { signal: given, dispose: () => {} };
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => controller.abort(new Interrupted(name === "SIGTERM" ? name : "SIGINT"));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

/** `SIGTERM` when a SIGTERM stopped the command, else `SIGINT` (Ctrl-C, or an in-process abort). */
export function signalOf(signal: AbortSignal): "SIGINT" | "SIGTERM" {
  return signal.reason instanceof Interrupted ? signal.reason.signalName : "SIGINT";
}
