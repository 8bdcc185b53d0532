// What a subcommand needs from the process, passed in so tests can run commands in-process.

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Stops a running command (as Ctrl-C does); default: SIGINT/SIGTERM of this process. */
  signal?: AbortSignal;
}

export const processIo = (): CliIo => ({
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
});

/** Makes a server-supplied string safe for a terminal: control characters (ANSI escapes, CR) are escaped. */
export function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * What stops a command: `given` (the io's signal) when there is one, else an AbortSignal that fires
 * on the first SIGINT/SIGTERM of this process (reason: `interrupted (SIGINT)`; no output shows it,
 * the commands report the interruption themselves). `dispose` removes the process listeners.
 */
export function interruptSignal(given?: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  if (given !== undefined) return { signal: given, dispose: () => {} };
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => controller.abort(new Error(`interrupted (${name})`));
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
