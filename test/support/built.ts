// The suite's build of the package (test/support/build-once.ts starts it as the run begins):
// `await builtDist()` where a test needs it, instead of building again.
import { existsSync, readFileSync } from "node:fs";
import { inject } from "vitest";

let waiting: Promise<string> | undefined;

/**
 * build/test-package/dist, once the suite's `npm run build` has ended well (polled every 50 ms;
 * the build itself is bounded by build-once's timeout). Rejects with the build's output when it
 * failed (a type error in src/, say): every test that needs the build then says why.
 */
export function builtDist(): Promise<string> {
  waiting ??= new Promise<string>((resolve, reject) => {
    const { dist, verdict } = inject("suiteBuild");
    const poll = () => {
      if (!existsSync(verdict)) {
        setTimeout(poll, 50);
        return;
      }
      const ended = JSON.parse(readFileSync(verdict, "utf8")) as { ok: boolean; output: string };
      if (ended.ok) resolve(dist);
      else reject(new Error(`the suite's build (npm run build, test/support/build-once.ts) failed:\n${ended.output}`));
    };
    poll();
  });
  return waiting;
}
