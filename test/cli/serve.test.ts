// `apinizer-connections serve`, in-process: the banner and its curl example (which works as
// printed), seeding, envelopes, the request log, the loopback warning, limits, and its exit codes.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/serve.js";
import { type CapturedIo, captureIo } from "../support/io.js";

const dir = mkdtempSync(join(tmpdir(), "cli-serve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `serve` in-process; resolves once the banner is printed. */
async function started(argv: string[], env: Record<string, string> = {}) {
  const c = captureIo(env);
  let printed: () => void = () => {};
  const banner = new Promise<void>((resolve) => {
    printed = resolve;
  });
  const stdout = (t: string) => {
    c.io.stdout(t);
    printed();
  };
  const io = { ...c.io, cwd: dir, stdout };
  const done = run(argv, io);
  await Promise.race([banner, done]);
  const url = /listening on (\S+)/.exec(c.stdout())?.[1] ?? "";
  const curl = /try: +(curl .*)$/m.exec(c.stdout())?.[1] ?? "";
  const token = /token: +(standin-\S+)/.exec(c.stdout())?.[1] ?? env["APINIZER_TOKEN"] ?? "";
  const stop = async () => {
    c.abort();
    return await done;
  };
  return { c, done, url, curl, token, stop };
}

/** The printed curl command, read back into a fetch (method, header or header file, URL). */
async function fetchLike(curl: string) {
  const m = /^curl -X (\w+) -H (?:"Authorization: Bearer (\S+)"|'?@([^' ]+)'?) (\S+)$/.exec(curl);
  if (m === null) throw new Error(`not the expected curl shape: ${curl}`);
  const fromFile = m[3] === undefined ? undefined : /^Authorization: Bearer (\S+)\n$/.exec(readFileSync(m[3], "utf8"));
  const token = fromFile?.[1] ?? m[2] ?? "";
  // One POSIX shell word: plain, or in single quotes with ' written as '\''.
  const word = m[4] ?? "";
  const url = word.startsWith("'") ? word.slice(1, -1).replaceAll("'\\''", "'") : word;
  const res = await fetch(url, { method: m[1] ?? "", headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.text() };
}

const hasCurl = await promisify(execFile)("curl", ["--version"]).then(
  () => true,
  () => false,
);

describe("serve --connection: the printed example works as printed", () => {
  it("deletes the seeded connection (200), then answers 400 not found", async () => {
    const s = await started(["--connection", "my-email-connection"]);
    expect(s.curl).toMatch(/^curl -X DELETE .*\/apiops\/projects\/MyProject\/connections\/my-email-connection\/$/);
    expect(s.c.stdout()).toContain("connections:   my-email-connection (MyProject)");
    expect(await fetchLike(s.curl)).toMatchObject({ status: 200, body: expect.stringContaining('"success":true') });
    expect(await fetchLike(s.curl)).toEqual({
      status: 400,
      body: expect.stringContaining("Connection (name: my-email-connection) was not found!"),
    });
    expect(s.c.stderr()).toMatch(
      /^DELETE \/apiops\/projects\/MyProject\/connections\/my-email-connection\/ 200 [\d.]+ ms \(deleted\)\nDELETE \S+ 400 [\d.]+ ms \(connection-not-found\)\n$/,
    );
    expect(await s.stop()).toBe(130);
  });

  it.skipIf(!hasCurl)(
    "token set inline (APINIZER_TOKEN=… serve): the printed curl works in another terminal, without the variable, and never shows the token",
    async () => {
      const env = { APINIZER_TOKEN: "serve-env-token-8d7c6b" };
      const s = await started(["--connection", "my-email-connection", "--envelope", "status"], env);
      expect(s.c.stdout()).not.toContain(env.APINIZER_TOKEN);
      expect(s.curl).not.toContain("$APINIZER_TOKEN");
      const file = /-H '?@([^' ]+)/.exec(s.curl)?.[1] ?? "";
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // Another terminal: no APINIZER_TOKEN in its environment.
      const sh = (cmd: string) => promisify(execFile)("sh", ["-c", `${cmd} -s`], { env: { PATH: "/usr/bin:/bin" } });
      expect((await sh(s.curl)).stdout).toMatch(/^\{"status":"SUCCESS"/);
      expect((await sh(s.curl)).stdout).toContain("was not found!");
      await s.stop();
      expect(existsSync(file)).toBe(false);
    },
  );

  it.skipIf(!hasCurl)("a name with a quote and a space: the printed command still works in a shell", async () => {
    const env = { APINIZER_TOKEN: "serve-env-token-3f2e1d" };
    const s = await started(["--connection", "o'brien's conn"], env);
    const sh = (cmd: string) =>
      promisify(execFile)("sh", ["-c", `${cmd} -s`], { env: { PATH: "/usr/bin:/bin", ...env } });
    expect((await sh(s.curl)).stdout).toMatch(/^\{"success":true/);
    expect((await sh(s.curl)).stdout).toContain("was not found!");
    await s.stop();
  });

  it("without a seed, the example lists the project's connections, which works too", async () => {
    const s = await started(["--project", "Alpha", "--project", "Beta"]);
    expect(s.c.stdout()).toContain("projects:      Alpha, Beta");
    expect(s.c.stdout()).toContain("none yet (start with --connection NAME");
    expect(s.curl).toMatch(/^curl -X GET .*\/apiops\/projects\/Alpha\/connections\/\?type=email'$/);
    expect(await fetchLike(s.curl)).toMatchObject({ status: 200 });
    await s.stop();
  });

  it("--seed FILE: projects and connections of any type, in their projects", async () => {
    const seed = join(dir, "seed.json");
    const connections = [
      { connectionName: "c1" },
      { projectName: "Staging", connectionName: "events", type: "kafka", deployToWorker: false },
    ];
    writeFileSync(seed, JSON.stringify({ projects: ["Staging"], connections }));
    const s = await started(["--seed", "seed.json", "--envelope", "status"]);
    // The seed names its projects: MyProject is not added, and c1 (no projectName) is in the first.
    expect(s.c.stdout()).toContain("projects:      Staging\n");
    expect(s.c.stdout()).toContain("connections:   c1 (Staging), events (Staging)");
    const res = await fetch(`${s.url}/apiops/projects/Staging/connections/events/`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${s.token}` },
    });
    expect(await res.json()).toEqual({ status: "SUCCESS" });
    await s.stop();
  });
});

describe("serve: tokens, host, limits", () => {
  it("uses APINIZER_TOKEN and APINIZER_LIMITED_TOKEN and never prints them; the log has no token", async () => {
    const env = { APINIZER_TOKEN: "very-secret-serve-token-31337", APINIZER_LIMITED_TOKEN: "limited-secret-4242" };
    const s = await started(["--connection", "c1"], env);
    const res = await fetch(`${s.url}/apiops/projects/MyProject/connections/c1/`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${env.APINIZER_LIMITED_TOKEN}` },
    });
    expect(res.status).toBe(400);
    await fetch(`${s.url}/apiops/projects/${env.APINIZER_TOKEN}/connections/c1/`, { method: "DELETE" });
    expect(s.c.stderr()).toMatch(/\(permission-denied\)\n/);
    await s.stop();
    expect(s.c.stdout() + s.c.stderr()).not.toContain(env.APINIZER_TOKEN);
    expect(s.c.stdout() + s.c.stderr()).not.toContain(env.APINIZER_LIMITED_TOKEN);
  });

  it("warns when it listens beyond loopback, before the token is printed", async () => {
    const s = await started(["--host", "0.0.0.0"]);
    expect(s.c.stderr()).toMatch(
      /^apinizer-connections serve: warning: listening on 0\.0\.0\.0, not loopback: every machine .* token/,
    );
    // The first line names a URL other machines can use (an interface's address), and it answers.
    expect(s.url).not.toMatch(/127\.0\.0\.1|localhost|\[::1\]/);
    expect((await fetch(`${s.url}/apiops/test/healthcheck`)).status).toBe(200);
    await s.stop();
    const local = await started([]);
    expect(local.c.stderr()).toBe("");
    await local.stop();
  });

  it("limits: the 2nd connection over --max-connections 1 is refused with 507, said in the log", async () => {
    const s = await started(["--connection", "c1", "--max-connections", "1"]);
    expect(s.c.stdout()).toContain("limits:        1 connections, 64 MiB of stored bodies, 1 MiB per request body");
    const res = await fetch(`${s.url}/apiops/projects/MyProject/connections/c2/`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" },
      body: JSON.stringify({ type: "email", name: "c2" }),
    });
    expect(res.status).toBe(507);
    expect(s.c.stderr()).toMatch(/^POST \S+ 507 [\d.]+ ms \(limit-reached\)\n$/);
    await s.stop();
  });
});

describe("serve: exit codes", () => {
  it("a busy port: exit 3 with the reason, not an internal error", async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
    const { port } = busy.address() as { port: number };
    const c: CapturedIo = captureIo();
    expect(await run(["--port", String(port)], c.io)).toBe(3);
    expect(c.stderr()).toBe(
      `apinizer-connections serve: cannot listen on 127.0.0.1:${port}: the port is already in use\n`,
    );
    await new Promise((r) => busy.close(r));
  });

  it.each([
    [["--port", "65536"], /--port must be a whole number from 0 to 65535/],
    [["--envelope", "both"], /--envelope must be one of: success, status/],
    [["--connection", ".."], /--connection must not be a dot segment/],
    [["--project", "a/b"], /--project must not contain "\/"/],
    [["--connection", "c1", "--connection", "C1"], /given twice/],
    [["--max-connections", "0"], /--max-connections must be a whole number from 1/],
    [["--host", "bad host!"], /--host must be a host name or an IP address/],
    [["--seed", "missing.json"], /--seed: the file cannot be read \(ENOENT\)/],
  ])("%j: exit 2, %s", async (argv, message) => {
    const c = captureIo();
    expect(await run(argv, { ...c.io, cwd: dir })).toBe(2);
    expect(c.stderr()).toMatch(/^apinizer-connections serve: /);
    expect(c.stderr()).toMatch(message);
  });

  it.each([
    ["not json", /--seed: the file is not JSON/],
    ["[]", /must hold an object/],
    ['{"connections": [{"connectionName": 1}]}', /connections\[0\]\.connectionName must be a string/],
    ['{"connections": [{"connectionName": "%2e%2e"}]}', /connections\[0\]\.connectionName must not be a dot segment/],
    ['{"connections": [{"connectionName": "x", "projectName": "Nope"}]}', /is not one of the projects/],
    ['{"projects": ["ok", 3]}', /projects\[1\] must be a string/],
  ])("--seed with %j: exit 2, %s", async (content, message) => {
    const file = join(mkdtempSync(join(dir, "seed-")), "seed.json");
    writeFileSync(file, content);
    const c = captureIo();
    expect(await run(["--seed", file], c.io)).toBe(2);
    expect(c.stderr()).toMatch(message);
  });
});
