// Runs cleanups when the test process ends, however it ends: normally ("exit"), or stopped by
// vitest, which ends its fork workers with SIGTERM (Node's default for it runs no "exit"
// listener). For what lives as long as a worker (the unit project shares modules across files).
const cleanups: (() => void)[] = [];

function runAll(): void {
  for (const cleanup of cleanups.splice(0)) {
    try {
      cleanup();
    } catch {
      // One failing cleanup must not stop the others; no-litter.ts reports what stays.
    }
  }
}

let installed = false;

/** Calls `cleanup` (synchronous) when this process exits or gets SIGTERM. */
export function onWorkerEnd(cleanup: () => void): void {
  cleanups.push(cleanup);
  if (installed) return;
  installed = true;
  process.once("exit", runAll);
  process.once("SIGTERM", () => {
    runAll();
    // Ended by the signal, as it would have been without this listener.
    process.kill(process.pid, "SIGTERM");
  });
}
