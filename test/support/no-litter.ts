// globalSetup of the whole run (vitest.config.ts, root level): the suite leaves nothing behind.
//
// - Temp folder: the run gets a private one (TMPDIR, TMP and TEMP point into it before any test
//   process starts), so everything any tool of the run makes there (our code, Pact's native
//   library, vitest, child processes) lands in it, and nothing of another agent's or CI job's
//   runs on the same machine does. At the end it must be empty; it is removed either way.
// - Processes: every process of the run must be gone at the end: those descending from this one,
//   those of its process group started after it (an orphan keeps the group when its parent dies)
//   and those whose environment carries the run's mark (a detached child keeps it too).
//
// The check runs when the vitest process exits, not in the teardown: vitest runs teardowns
// before it closes its worker pool, and a worker's own exit handlers (test/verify/support/pacts.ts
// removes its temp folders on exit) run only then. A failed check prints what was left on stderr,
// ends what it found of this run's processes and sets the exit code to 1.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** A process as /proc/PID/stat tells it: parent, process group, start time (clock ticks since boot). */
interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly start: number;
  /** R, S, D, Z (exited, not yet reaped), … */
  readonly state: string;
  readonly command: string;
}

function procOf(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command (field 2) is in parentheses and may hold spaces: read the fields after it.
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    let command = stat.slice(stat.indexOf("(") + 1, close);
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim() || command;
    } catch {
      // Gone meanwhile, or not readable: the short name will do.
    }
    // After the command: state(0) ppid(1) pgrp(2) … starttime(19).
    return {
      pid,
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      start: Number(fields[19]),
      state: fields[0] ?? "",
      command,
    };
  } catch {
    return undefined;
  }
}

function allProcs(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const p = procOf(Number(entry));
    if (p !== undefined) out.push(p);
  }
  return out;
}

/** Whether process `pid` was started with `marker` (NAME=value) in its environment. */
function hasInEnvironment(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(marker);
  } catch {
    return false;
  }
}

/**
 * Processes of this run still alive: descendants of this process, members of its process group
 * started after it, and any process whose environment carries this run's mark (a detached child
 * that was reparented keeps it). Never this process or its ancestors; never a zombie (it has
 * exited already and waits only for its parent, or init, to collect its status).
 */
export function leftoverProcesses(marker: string): Proc[] {
  const self = procOf(process.pid);
  if (self === undefined) return []; // no /proc (not Linux): nothing to check
  const procs = allProcs();
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const ancestors = new Set<number>();
  for (let p = self.ppid; p > 0 && !ancestors.has(p); p = byPid.get(p)?.ppid ?? 0) ancestors.add(p);
  const byParent = new Map<number, Proc[]>();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const descendants = new Set<number>();
  const stack = [process.pid];
  while (stack.length > 0) {
    for (const child of byParent.get(stack.pop() as number) ?? []) {
      if (!descendants.has(child.pid)) {
        descendants.add(child.pid);
        stack.push(child.pid);
      }
    }
  }
  return procs.filter(
    (p) =>
      p.pid !== process.pid &&
      !ancestors.has(p.pid) &&
      p.state !== "Z" &&
      (descendants.has(p.pid) || (p.pgid === self.pgid && p.start >= self.start) || hasInEnvironment(p.pid, marker)),
  );
}

/** What is left in `folder`, as paths relative to it (folders end with /), at most `max`. */
function entriesOf(folder: string, max = 20): string[] {
  try {
    return readdirSync(folder, { recursive: true, withFileTypes: true })
      .slice(0, max)
      .map((e) => `${join(e.parentPath, e.name).slice(folder.length + 1)}${e.isDirectory() ? "/" : ""}`);
  } catch {
    return [];
  }
}

/** Set to the run's private temp folder: a project that inherits this setup does not start a second check. */
const MARK = "APINIZER_TEST_RUN_TMPDIR";

export default function noLitter(): void {
  if (process.env[MARK] !== undefined) return;
  const folder = mkdtempSync(join(tmpdir(), "apinizer-test-run-"));
  for (const name of ["TMPDIR", "TMP", "TEMP", MARK]) process.env[name] = folder;
  // Node's compile cache (vitest turns it on) goes under the temp folder unless told otherwise:
  // a cache that outlives the run belongs in the git-ignored build/.
  process.env["NODE_COMPILE_CACHE"] ??= resolve(import.meta.dirname, "../../build/node-compile-cache");
  process.once("exit", () => {
    const problems: string[] = [];
    const left = entriesOf(folder);
    if (left.length > 0)
      problems.push(
        `the temp folder was not left as it was found; left in it:\n${left.map((e) => `  ${e}`).join("\n")}`,
      );
    const procs = leftoverProcesses(`${MARK}=${folder}`);
    if (procs.length > 0)
      problems.push(
        `processes of the run still alive:\n${procs.map((p) => `  ${p.pid} (parent ${p.ppid}, ${p.state}) ${p.command}`).join("\n")}`,
      );
    for (const p of procs) {
      try {
        process.kill(p.pid, "SIGKILL");
      } catch {
        // Gone meanwhile.
      }
    }
    rmSync(folder, { recursive: true, force: true });
    if (problems.length > 0) {
      process.stderr.write(`\nThe suite left things behind (test/support/no-litter.ts):\n${problems.join("\n")}\n`);
      process.exitCode = 1;
    }
  });
}
