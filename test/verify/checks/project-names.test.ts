// Issue 10, input 6: the run's project name is injected into the verifier's request paths as a
// provider-state value, which the verifier encodes only partly. A name it keeps intact (`a+b`) is
// compared decoded and passes; a name it would turn into something else (`Q?x` into a query) is
// refused before anything is sent, with the reason (the CLI maps that to exit 2).
import { describe, expect, it } from "vitest";
import { serve } from "../../../src/provider/index.js";
import { nameProblem } from "../../../src/rules/names.js";
import { withServers } from "../../support/lifecycle.js";
import { againstServer, pactPath, TOKEN, verifyCollect } from "../support/harness.js";
import { existing, missing, writePact } from "../support/pacts.js";
import { startFront } from "../support/servers.js";

// The input runs the whole contract; the variants the interactions that name the project.
const NAMING = writePact([existing(), missing()]);

function runIn(projectName: string, pact = NAMING) {
  return withServers(async (track) => {
    // The stand-in refuses names no request may carry ("a/b", ".."): it then has only MyProject.
    const s = track(await serve({ token: TOKEN, projects: [nameProblem(projectName) ? "MyProject" : projectName] }));
    const front = track(await startFront(s.url, () => false));
    const r = await verifyCollect(againstServer(front.url, { projectName, pacts: [pact] }));
    return { ...r, received: front.received, stored: s.connections(projectName) ?? [] };
  });
}

describe.concurrent("a project name the verifier can inject", () => {
  // The input first, then other characters a project name may hold.
  it.each(["a+b", "QA Team", "ünïcödé-projekt", "a~b", "o'brien (qa)", "a,b;c=d", "a@b", "A&B"])(
    "%s: verified, no fixture left",
    async (projectName) => {
      const r = await runIn(projectName, projectName === "a+b" ? pactPath : NAMING);
      expect(r.report.outcome, r.reportText).toBe("verified");
      expect(r.report.interactions.every((i) => i.verdict === "passed")).toBe(true);
      expect(r.report.interactions.length).toBeGreaterThanOrEqual(2);
      expect(r.stored).toEqual([]);
    },
  );
});

// The project name is checked (rules/names.ts injectionProblem) before anything is sent: without
// that, the run would create fixtures in "Q?x" and then fail every interaction that names the
// project; ".." would send its pre-flight Get to /apiops/connections/…, outside any project.
describe.concurrent("a project name the verifier would turn into something else", () => {
  // The input first; then a fragment, an escape, and names no request may carry at all.
  it.each(["Q?x", "a#b", "a%20b", "100%", "a/b", ".."])(
    "%s: refused before anything is sent, with the reason",
    async (projectName) => {
      const r = await runIn(projectName);
      expect(r.report.outcome).toBe("usage");
      expect(r.report.problems.join("\n")).toMatch(/project/i);
      expect(r.received.map((q) => `${q.method} ${q.url}`)).toEqual([]);
    },
  );
});
