// `delete` when the request went out and no readable answer came back (issue 16 item 5): exit 12
// maybe-deleted, saying so, never exit 9 (which promises the request never reached the server);
// and a deletion whose answer nests deeply is exit 0, in --json too.
import { describe, expect, it } from "vitest";
import { cli } from "../support/io.js";
import { closeAfterTest } from "../support/lifecycle.js";
import { closedPort } from "../support/net.js";
import { answer, type RawHandler, startRawServer } from "../support/raw-http.js";

const TOKEN = "cli-transport-token-3a9f";
const BASE = ["delete", "--project", "P", "--connection", "c1", "--timeout", "5s"];
const DELETED = '{"success":true,"deploymentResult":{"success":true}}';
/** Runs `delete` in-process against a raw server answering with `handler`. */
async function against(argv: string[], handler: RawHandler) {
  const s = closeAfterTest(await startRawServer(handler));
  return cli(argv, { APINIZER_BASE_URL: s.url, APINIZER_TOKEN: TOKEN });
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
      const r = await against(BASE, handler);
      expect(r.code).toBe(12);
      expect(r.err).toMatch(
        /^apinizer-connections delete: error: maybe-deleted: .*may or may not have been deleted.*check whether it still exists/,
      );
      expect(r.err.split("\n")).toHaveLength(2);
      const j = await against([...BASE, "--json", "--ignore-missing"], handler);
      expect(j.code).toBe(12); // --ignore-missing cannot make an unknown outcome a success
      expect(JSON.parse(j.out)).toMatchObject({ ok: false, kind: "network", mayHaveDeleted: true, exitCode: 12 });
      expect(r.out + r.err + j.out + j.err).not.toContain(TOKEN);
    });
  }

  it("a refused connection never reached the server: exit 9 network", async () => {
    const r = await cli(BASE, { APINIZER_BASE_URL: `http://127.0.0.1:${await closedPort()}`, APINIZER_TOKEN: TOKEN });
    expect(r.code).toBe(9);
    expect(r.err).toMatch(/^apinizer-connections delete: error: network: .*ECONNREFUSED/);
    expect(r.err).not.toMatch(/may or may not/);
  });
});

describe("delete: a deletion whose answer nests deeply", () => {
  const depth = 100_000;
  const body = `{"status":"SUCCESS","deploymentResult":{"success":true},"x":${"[".repeat(depth)}${"]".repeat(depth)}}`;
  it("exit 0, and --json prints the answer whole", async () => {
    const r = await against(BASE, (s) => s.write(answer(200, body)));
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(/^Deleted connection "c1" in project "P"/);
    const j = await against([...BASE, "--json"], (s) => s.write(answer(200, body)));
    expect(j.code).toBe(0);
    const printed = JSON.parse(j.out) as { ok: boolean; deleted: boolean; exitCode: number; data: unknown };
    expect(printed).toMatchObject({ ok: true, deleted: true, exitCode: 0 });
    expect(j.out).toContain(`"x":${"[".repeat(depth)}`);
  });
});
