// `verify --junit PATH` and `--report PATH` behave like a shell's `>` (src/cli/output-file.ts): a
// regular file is replaced atomically, a device, a named pipe or a symlink is written through
// and never removed, every write is checked (a full disk, a closed pipe: exit 4), and a folder that
// cannot be made is a quick, clear error. Devices are private copies made with mknod in a temp
// folder, never the system's own.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { run, type VerifyApi } from "../../src/cli/verify.js";
import type { VerifyOutcome } from "../../src/verify/api.js";
import { captureIo } from "../support/io.js";
import { cannedReport } from "./support/report.js";

const dir = mkdtempSync(join(tmpdir(), "cli-output-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => {
  const d = join(dir, String(++n));
  mkdirSync(d);
  return d;
};

/** A verify stage that reports `outcome`; its JUnit text is `junitBytes` long (to fill a pipe). */
function fakeApi(outcome: VerifyOutcome, junitBytes = 0): VerifyApi {
  return {
    verify: async () => cannedReport(outcome),
    formatReport: (r) => `REPORT ${r.outcome}\n`,
    formatInteraction: (r) => r.verdict,
    formatJUnit: (r) => `<testsuite outcome="${r.outcome}"/>${" ".repeat(junitBytes)}`,
    reportOfProblem: (o, problem) => cannedReport(o, problem),
  };
}

/** A private device node (char major, minor) in a temp folder, or the reason it cannot be made. */
function device(name: string, minor: number): { path: string } | { skip: string } {
  const path = join(fresh(), name);
  try {
    execFileSync("mknod", [path, "c", "1", String(minor)], { stdio: "pipe" });
    return { path };
  } catch (error) {
    return { skip: `mknod not permitted here (${(error as Error).message.split("\n")[0]})` };
  }
}

/** A reader process on a named pipe (`command` reads it); killed when the test ends. */
function reader(command: string[], fifo: string): { child: ChildProcess; done: Promise<string> } {
  const child = spawn(command[0] as string, [...command.slice(1), fifo], { stdio: ["ignore", "pipe", "ignore"] });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  const chunks: Buffer[] = [];
  child.stdout?.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<string>((resolve) => child.on("close", () => resolve(Buffer.concat(chunks).toString())));
  return { child, done };
}

describe("output files behave like a shell's >", () => {
  it("a regular file is replaced by the new report, with nothing else left in its folder", async () => {
    const d = fresh();
    const junit = join(d, "verify.xml");
    writeFileSync(junit, "<stale/>");
    expect(await run(["--junit", junit], captureIo().io, fakeApi("verified"))).toBe(0);
    expect(readFileSync(junit, "utf8")).toBe('<testsuite outcome="verified"/>');
    expect(readdirSync(d)).toEqual(["verify.xml"]);
  });

  it("a symlink stays a symlink; the report goes to where it points", async () => {
    const d = fresh();
    const target = join(d, "real.xml");
    const link = join(d, "link.xml");
    writeFileSync(target, "<stale/>");
    symlinkSync(target, link);
    expect(await run(["--junit", link], captureIo().io, fakeApi("verified"))).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toBe('<testsuite outcome="verified"/>');
  });

  it("a device is written through and stays a device (a private copy of /dev/null)", async (ctx) => {
    const made = device("null", 3);
    if ("skip" in made) return ctx.skip(made.skip);
    const c = captureIo();
    expect(await run(["--junit", made.path, "--report", made.path], c.io, fakeApi("verified"))).toBe(0);
    expect(c.stderr()).toBe("");
    expect(lstatSync(made.path).isCharacterDevice()).toBe(true);
  });

  it("a full disk (a private copy of /dev/full): says the report could not be written, exit 4, device kept", async (ctx) => {
    const made = device("full", 7);
    if ("skip" in made) return ctx.skip(made.skip);
    const c = captureIo();
    expect(await run(["--junit", made.path], c.io, fakeApi("verified"))).toBe(4);
    expect(c.stderr()).toMatch(/^apinizer-connections verify: cannot write the JUnit file to .*full: .*ENOSPC/);
    expect(c.stdout()).toMatch(/cannot-run/);
    expect(lstatSync(made.path).isCharacterDevice()).toBe(true);
    // A symlink to it is written through too, and fails alike: a failing run is cannot-run as well.
    const link = join(fresh(), "link.xml");
    symlinkSync(made.path, link);
    expect(await run(["--junit", link], captureIo().io, fakeApi("failed"))).toBe(4);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it("a named pipe stays a pipe and its reader gets the report", async () => {
    const fifo = join(fresh(), "junit.pipe");
    execFileSync("mkfifo", [fifo]);
    const r = reader(["cat"], fifo);
    expect(await run(["--junit", fifo], captureIo().io, fakeApi("verified"))).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(await r.done).toBe('<testsuite outcome="verified"/>');
  });

  it("a pipe whose reader goes away (EPIPE): the report could not be written, exit 4", async () => {
    const fifo = join(fresh(), "closed.pipe");
    execFileSync("mkfifo", [fifo]);
    // Reads one byte and exits: the rest of a report larger than the pipe's buffer meets a closed pipe.
    reader(["head", "-c", "1"], fifo);
    const c = captureIo();
    expect(await run(["--junit", fifo], c.io, fakeApi("verified", 1 << 20))).toBe(4);
    expect(c.stderr()).toMatch(/cannot write the JUnit file .*EPIPE/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  // Node's own recursive mkdir never returns for this path; the test's time limit catches a hang.
  it("a folder that cannot be made (under /proc) is a clear error, not a hang", { timeout: 10_000 }, async () => {
    const c = captureIo();
    expect(await run(["--report", "/proc/apinizer-none/deeper/report.json"], c.io, fakeApi("verified"))).toBe(4);
    expect(c.stderr()).toMatch(
      /cannot write the JSON report to \/proc\/apinizer-none\/deeper\/report.json: cannot create the folder \/proc\/apinizer-none/,
    );
  });

  it("missing folders are made; a path that is a folder is refused", async () => {
    const d = fresh();
    const deep = join(d, "a", "b", "report.json");
    expect(await run(["--report", deep], captureIo().io, fakeApi("verified"))).toBe(0);
    expect(JSON.parse(readFileSync(deep, "utf8"))).toMatchObject({ outcome: "verified" });
    const c = captureIo();
    expect(await run(["--report", d], c.io, fakeApi("verified"))).toBe(4);
    expect(c.stderr()).toMatch(/is a folder/);
  });
});
