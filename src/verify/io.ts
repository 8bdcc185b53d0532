// What the `verify` and `serve` subcommands need from the process, passed in so that tests can
// run them in-process.
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Stops a long-running command (as Ctrl-C does); default: SIGINT/SIGTERM of this process. */
  signal?: AbortSignal;
}

export const processIo = (): CommandIo => ({
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
});

/** An AbortSignal that fires on the first SIGINT/SIGTERM; `dispose` removes the listeners. */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
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
