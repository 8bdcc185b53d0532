// One variant alone, for a profiler: `node build/bench/bench/client/profile.js <variant> [calls]
// [warm-up]` runs the warm-up, then the calls, and prints the time per call. Wrap it in
// `node --cpu-prof` (where the time goes) or `valgrind --tool=callgrind` (instruction counts,
// repeatable on a noisy machine: run it with two call counts and take the difference per call,
// which removes start-up and warm-up). bench/README.md shows both.
import { startServer } from "./server.js";
import { makeVariants } from "./variants.js";

const [name = "", callsArg = "20000", warmArg = "3000"] = process.argv.slice(2);
const server = await startServer();
try {
  const variants = makeVariants(server.baseUrl);
  const call = variants[name];
  if (call === undefined) {
    throw new Error(`unknown variant ${JSON.stringify(name)}; one of: ${Object.keys(variants).join(", ")}`);
  }
  for (let i = 0; i < Number(warmArg); i++) await call();
  const calls = Number(callsArg);
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await call();
  const ms = performance.now() - t0;
  console.log(
    `${name}: ${calls} calls after ${warmArg} warm-up calls, ${((ms * 1000) / calls).toFixed(1)} µs per call`,
  );
} finally {
  server.stop();
}
