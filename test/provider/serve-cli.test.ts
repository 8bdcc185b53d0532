import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/serve.js";

function io(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  return {
    out,
    err,
    controller,
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), env, signal: controller.signal },
  };
}

async function waitFor(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe("apinizer-connections serve", () => {
  it("prints the URL and a random token, serves, and stops cleanly on abort", async () => {
    const t = io();
    const done = run(["--project", "Alpha", "--project", "Beta"], t.io);
    await waitFor(() => t.out.length > 0);
    const banner = t.out.join("");
    const url = /listening on (\S+)/.exec(banner)?.[1];
    const token = /token: +(standin-\S+)/.exec(banner)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(token).toBeDefined();
    expect(banner).toContain("projects: Alpha, Beta");

    const res = await fetch(`${url}/apiops/projects/Beta/connections/none/`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(400);

    t.controller.abort();
    expect(await done).toBe(0);
    expect(t.out.join("")).toContain("stopped");
    await expect(fetch(`${url}/apiops/test/healthcheck`)).rejects.toThrow();
  });

  it("uses APINIZER_TOKEN and never prints it", async () => {
    const secret = "very-secret-serve-token-31337";
    const t = io({ APINIZER_TOKEN: secret });
    const done = run([], t.io);
    await waitFor(() => t.out.length > 0);
    const url = /listening on (\S+)/.exec(t.out.join(""))?.[1];
    const res = await fetch(`${url}/apiops/projects/MyProject/connections/none/`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(400);
    t.controller.abort();
    expect(await done).toBe(0);
    expect([...t.out, ...t.err].join("")).not.toContain(secret);
  });

  it("rejects bad usage with exit code 2", async () => {
    for (const argv of [["--port", "x"], ["--nope"], ["extra"]]) {
      const t = io();
      expect(await run(argv, t.io)).toBe(2);
      expect(t.err.join("")).toMatch(/serve:/);
    }
    const h = io();
    expect(await run(["--help"], h.io)).toBe(0);
    expect(h.out.join("")).toContain("Usage: apinizer-connections serve");
  });
});
