// Issue 10, input 4's second half: "the report, JUnit and cleanup happen whatever the native
// verifier does". The native verifier runs in a child process of this one; here it is killed
// (SIGKILL) while it waits for the server's answer to an interaction's DELETE. That interaction
// is an error that says so; the next ones are verified by a new child; the fixtures are removed.
import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { serve } from "../../../src/provider/index.js";
import { closeAfterTest } from "../../support/lifecycle.js";
import { againstServer, TOKEN, verifyCollect } from "../support/harness.js";
import { startFront } from "../support/servers.js";
import { parseXml } from "../support/xml.js";

const PROJECT = "MyProject";
/** This process's children running the native verifier (Linux /proc); never anyone else's. */
function nativeChildren(): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (ppid === process.pid && cmdline.includes("verify/native/child")) found.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

it("a native verifier killed mid-interaction: an error for it, the rest verified, a report, no fixture left", async () => {
  const s = await serve({ token: TOKEN, projects: [PROJECT] });
  closeAfterTest(s);
  let killed: number[] = [];
  const deleted = new Set<string>();
  const front = await startFront(s.url, async (ctx) => {
    const { method, url, headers } = ctx.request;
    if (method !== "DELETE") return false;
    const first = !deleted.has(url.toLowerCase());
    deleted.add(url.toLowerCase());
    // The verifier's DELETE of the existing connection: the first DELETE of a lower-case fixture
    // name with the real token (the invalid token's fixture is first deleted with the invalid
    // one; its cleanup with the real token comes second; the other-case name is upper-case).
    const target = first && /\/act-verify-[0-9a-f]{12}-\d+\/$/.test(url) && headers.authorization === `Bearer ${TOKEN}`;
    if (!target || killed.length > 0) return false;
    killed = nativeChildren();
    for (const pid of killed) process.kill(pid, "SIGKILL");
    return false; // the server still deletes it
  });
  closeAfterTest(front);

  const r = await verifyCollect(againstServer(front.url, { projectName: PROJECT }));

  expect(killed.length, "no native verifier child was found to kill").toBeGreaterThan(0);
  const hit = r.report.interactions.find((i) => i.description === "a request to delete an existing connection");
  expect(hit?.verdict).toBe("error");
  expect(hit?.problems.join("\n")).toMatch(/the native verifier stopped \(SIGKILL\)/);
  expect(r.report.interactions.filter((i) => i.verdict === "passed")).toHaveLength(4);
  expect(r.report.outcome).toBe("failed");
  expect(r.reportText).toMatch(/^NOT VERIFIED: 5 interactions, 4 passed, 1 failed/m);
  parseXml(r.junit);
  expect(s.connections(PROJECT)).toEqual([]);
  expect(r.report.fixturesLeft).toEqual([]);
});
