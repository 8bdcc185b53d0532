import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/serve.js";
import { captureIo, waitFor } from "../support/io.js";

describe("apinizer-connections serve", () => {
  it("prints the URL and a random token, serves, and stops cleanly on abort", async () => {
    const t = captureIo();
    const done = run(["--project", "Alpha", "--project", "Beta"], t.io);
    await waitFor(() => t.stdout() !== "");
    const banner = t.stdout();
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

    t.abort();
    expect(await done).toBe(130);
    expect(t.stdout()).toContain("stopped");
    await expect(fetch(`${url}/apiops/test/healthcheck`)).rejects.toThrow();
  });

  it("uses APINIZER_TOKEN and never prints it", async () => {
    const secret = "very-secret-serve-token-31337";
    const t = captureIo({ APINIZER_TOKEN: secret });
    const done = run([], t.io);
    await waitFor(() => t.stdout() !== "");
    const url = /listening on (\S+)/.exec(t.stdout())?.[1];
    const res = await fetch(`${url}/apiops/projects/MyProject/connections/none/`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(400);
    t.abort();
    expect(await done).toBe(130);
    expect(t.stdout() + t.stderr()).not.toContain(secret);
  });

  it("rejects bad usage with exit code 2", async () => {
    for (const argv of [["--port", "x"], ["--nope"], ["extra"]]) {
      const t = captureIo();
      expect(await run(argv, t.io)).toBe(2);
      expect(t.stderr()).toMatch(/^apinizer-connections serve: /);
    }
    const h = captureIo();
    expect(await run(["--help"], h.io)).toBe(0);
    expect(h.stdout()).toContain("Usage: apinizer-connections serve");
  });
});
