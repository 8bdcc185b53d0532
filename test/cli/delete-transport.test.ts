// `delete` when the request went out and no readable answer came back (issue 16 item 5): exit 12
// maybe-deleted, saying so, never exit 9 (which promises the request never reached the server);
// and a deletion whose answer nests deeply is exit 0, in --json too.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { captureIo } from "../support/io.js";
import { answer, type RawHandler, type RawServer, startRawServer } from "../support/raw-http.js";

const TOKEN = "cli-transport-token-3a9f";
const BASE = ["delete", "--project", "P", "--connection", "c1", "--timeout", "5s"];
const DELETED = '{"success":true,"deploymentResult":{"success":true}}';
const servers: RawServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function cli(argv: string[], handler: RawHandler) {
  const s = await startRawServer(handler);
  servers.push(s);
  const c = captureIo({ APINIZER_BASE_URL: s.url, APINIZER_TOKEN: TOKEN });
  const code = await main(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

const COOKIES = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`set-cookie-${i}`, `c=${"v".repeat(1000)}`]));
const faults: [string, RawHandler][] = [
  [
    "an unsolicited 100 Continue before the 200",
    (s) => s.write(`HTTP/1.1 100 Continue\r\n\r\n${answer(200, DELETED)}`),
  ],
  ["64 KiB of headers", (s) => s.write(answer(200, DELETED, COOKIES))],
  ["a body that cannot be decoded", (s) => s.write(answer(200, "not gzip", { "content-encoding": "gzip" }))],
  ["the connection closed before any answer", (s) => s.end()],
];

describe("delete: sent, no readable answer -> exit 12 maybe-deleted", () => {
  for (const [name, handler] of faults) {
    it(name, async () => {
      const r = await cli(BASE, handler);
      expect(r.code).toBe(12);
      expect(r.err).toMatch(/^error: maybe-deleted: .*may or may not have been deleted.*check whether it still exists/);
      expect(r.err.split("\n")).toHaveLength(2);
      const j = await cli([...BASE, "--json", "--ignore-missing"], handler);
      expect(j.code).toBe(12); // --ignore-missing cannot make an unknown outcome a success
      expect(JSON.parse(j.out)).toMatchObject({ ok: false, kind: "network", mayHaveDeleted: true, exitCode: 12 });
      expect(r.out + r.err + j.out + j.err).not.toContain(TOKEN);
    });
  }

  it("a refused connection never reached the server: exit 9 network", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const c = captureIo({ APINIZER_BASE_URL: `http://127.0.0.1:${port}`, APINIZER_TOKEN: TOKEN });
    expect(await main(BASE, c.io)).toBe(9);
    expect(c.stderr()).toMatch(/^error: network: .*ECONNREFUSED/);
    expect(c.stderr()).not.toMatch(/may or may not/);
  });
});

describe("delete: a deletion whose answer nests deeply", () => {
  const depth = 100_000;
  const body = `{"status":"SUCCESS","deploymentResult":{"success":true},"x":${"[".repeat(depth)}${"]".repeat(depth)}}`;
  it("exit 0, and --json prints the answer whole", async () => {
    const r = await cli(BASE, (s) => s.write(answer(200, body)));
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(/^Deleted connection "c1" in project "P"/);
    const j = await cli([...BASE, "--json"], (s) => s.write(answer(200, body)));
    expect(j.code).toBe(0);
    const printed = JSON.parse(j.out) as { ok: boolean; deleted: boolean; exitCode: number; data: unknown };
    expect(printed).toMatchObject({ ok: true, deleted: true, exitCode: 0 });
    expect(j.out).toContain(`"x":${"[".repeat(depth)}`);
  });
});
