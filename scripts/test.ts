// `npm test [-- <vitest arguments>]`: the code gate (`npm run check`), the spec gate
// (`npm run spec:breaking`) and the tests (`vitest run`) side by side. One after the other, the
// gates kept a core idle for their ~10 s (tsc checks on one core); side by side they fill the
// gaps the tests leave while they wait on servers and tools. The tests write to the terminal as
// they run; each gate's output is printed once the tests are done, with its verdict. The exit
// code is the first failure's (0 when all three pass). Runs on Node 22 as it is (type
// stripping), with nothing but node: modules.
import { type ChildProcess, spawn } from "node:child_process";

interface Finished {
  readonly name: string;
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

/** The gates' process groups, and the tests' process: what a signal to this one is passed on to. */
const gateGroups = new Set<number>();
let vitestChild: ChildProcess | undefined;

/**
 * Runs `npm run --silent <script>`, its output kept (stdout and stderr interleaved), in a process
 * group of its own: the tests' litter check (test/support/no-litter.ts) ends whatever of their
 * own process group outlives them, and a gate may well be running still.
 */
function gate(script: string): Promise<Finished> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn("npm", ["run", "--silent", script], { stdio: ["ignore", "pipe", "pipe"], detached: true });
    if (child.pid !== undefined) gateGroups.add(child.pid);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const finish = (code: number) =>
      done({ name: `npm run ${script}`, code, output, seconds: (performance.now() - started) / 1000 });
    child.on("error", (error) => {
      output += `${error.message}\n`;
      finish(127);
    });
    child.on("close", (code, signal) => {
      if (child.pid !== undefined) gateGroups.delete(child.pid);
      finish(code ?? (signal === null ? 1 : 128));
    });
  });
}

/** Runs `vitest run <args>` on the terminal. */
function tests(args: readonly string[]): Promise<number> {
  return new Promise((done) => {
    const child = spawn("vitest", ["run", ...args], { stdio: "inherit" });
    vitestChild = child;
    child.on("error", (error) => {
      process.stderr.write(`vitest could not start: ${error.message}\n`);
      done(127);
    });
    child.on("close", (code, signal) => done(code ?? (signal === null ? 1 : 128)));
  });
}

// Ctrl-C reaches this process group (the tests' too) but not the gates' groups; a signal sent to
// this process alone reaches neither: passed on.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    for (const group of gateGroups) {
      try {
        process.kill(-group, signal);
      } catch {
        // Already gone.
      }
    }
    if (signal === "SIGTERM") vitestChild?.kill(signal);
  });
}

const [vitest, ...gates] = await Promise.all([tests(process.argv.slice(2)), gate("check"), gate("spec:breaking")]);
for (const g of gates) {
  const verdict = g.code === 0 ? "passed" : `FAILED (exit ${g.code})`;
  process.stdout.write(`\n${g.name}: ${verdict} in ${g.seconds.toFixed(1)} s\n${g.output.trimEnd()}\n`);
}
process.exitCode = [...gates.map((g) => g.code), vitest].find((code) => code !== 0) ?? 0;
