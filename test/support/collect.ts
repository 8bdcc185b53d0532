// Garbage collection on demand, for the tests of time limits that must hold however the collector
// runs: Node's fetch (undici) follows a Request's signal only while that Request object is alive
// (nodejs/node#55428), so a limit can silently stop working after a collection.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/**
 * What `work` resolves or rejects with, while garbage is collected every 10 ms; `undefined` when
 * it has settled neither way after `boundMs` (it hung).
 */
export async function underCollection(work: () => Promise<unknown>, boundMs = 5_000): Promise<unknown> {
  const collecting = setInterval(gc, 10);
  let bound: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work().catch((error: unknown) => error),
      new Promise((resolve) => {
        bound = setTimeout(() => resolve(undefined), boundMs);
      }),
    ]);
  } finally {
    clearInterval(collecting);
    clearTimeout(bound);
  }
}
