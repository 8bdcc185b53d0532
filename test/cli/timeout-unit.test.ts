// Issue "Every day…", one voice: every command echoes its time limit in the unit the user gave
// (`--timeout 300ms` as "300 ms", `--timeout 0.3` as "0.3 s"), whether the message comes from
// verify's own sender, the package's client (fixture calls, delete, restore) or the broker calls.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../support/io.js";
import { closeAfterTest } from "../support/lifecycle.js";

const TOKEN = "unit-token-5b2e8d1c9a7f";

/** A server that takes every request and never answers, but for the healthcheck (answered OK) when `health`. */
async function silent(health = false): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (health && req.url?.includes("healthcheck")) res.end("OK");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections(); // its requests never end by themselves
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A backup file restore reads: a bare definition. */
const backup = join(mkdtempSync(join(tmpdir(), "timeout-unit-")), "c.json");
writeFileSync(backup, JSON.stringify({ type: "email", name: "c" }));
afterAll(() => rmSync(dirname(backup), { recursive: true, force: true }));

const commands: Record<string, (url: string) => string[]> = {
  verify: (url) => ["verify", "--base-url", url, "--project", "ContractTests"],
  // The healthcheck answers: the pre-flight's Get (a fixture call, through the client) never does.
  "verify (fixture call)": (url) => ["verify", "--base-url", url, "--project", "ContractTests"],
  cleanup: (url) => ["cleanup", "--base-url", url, "--project", "ContractTests"],
  drift: (url) => ["drift", "--base-url", url],
  delete: (url) => ["delete", "--base-url", url, "--project", "P", "--connection", "c"],
  restore: (url) => ["restore", backup, "--base-url", url, "--project", "P"],
};

describe.each(Object.keys(commands))("%s", (name) => {
  it.each([
    ["300ms", "300 ms"],
    ["0.3", "0.3 s"],
    ["0.3s", "0.3 s"],
  ])("--timeout %s against a silent server says %s", async (timeout, echoed) => {
    const s = closeAfterTest(await silent(name === "verify (fixture call)"));
    const r = await cli([...(commands[name] as (u: string) => string[])(s.url), "--timeout", timeout], {
      APINIZER_TOKEN: TOKEN,
    });
    expect(r.code).not.toBe(0);
    const said = r.out + r.err;
    expect(said).toContain(`within ${echoed}`);
    const other = echoed.endsWith(" ms") ? "0.3 s" : "300 ms";
    expect(said).not.toContain(`within ${other}`);
  });
});
