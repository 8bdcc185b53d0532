// verify and cleanup called as a library (the CLI checks the same rules first): a target the
// client would refuse, or a project name that could address another resource, ends before
// anything is sent, as a usage problem (verify) or a failed cleanup, in the rule's own words and
// without repeating the value (a password in the URL, a token pasted in the wrong place).
import { describe, expect, it } from "vitest";
import { cleanup, verify } from "../../../src/verify/index.js";
import { closeAfterTest } from "../../support/lifecycle.js";
import { againstServer, TOKEN } from "../support/harness.js";
import { startServer } from "../support/servers.js";

const PASSWORD = "hunter2secret-8d1f";

/** A server that records what reaches it and answers nothing useful. */
async function recorder() {
  return closeAfterTest(await startServer((_request, res) => void res.writeHead(500).end()));
}

const cases = (url: string): [string, { baseUrl: string; token: string; projectName: string }, RegExp][] => [
  ["a token with a space", { baseUrl: url, token: "tok en-with-space-1", projectName: "MyProject" }, /^the token /],
  [
    "a base URL with credentials",
    { baseUrl: url.replace("://", `://admin:${PASSWORD}@`), token: TOKEN, projectName: "MyProject" },
    /^the base URL must not contain credentials/,
  ],
  ["the project name ..", { baseUrl: url, token: TOKEN, projectName: ".." }, /^the project name /],
  ["a project name with a slash", { baseUrl: url, token: TOKEN, projectName: "a/../b" }, /^the project name /],
];

describe("verify: a target the client would refuse is a usage problem, nothing sent", () => {
  it.each(cases("http://127.0.0.1:1").map(([label]) => label))("%s", async (label) => {
    const front = await recorder();
    const [, target, said] = cases(front.url).find(([l]) => l === label) as ReturnType<typeof cases>[number];
    const lines: string[] = [];
    const report = await verify({
      ...againstServer(target.baseUrl, { token: target.token, projectName: target.projectName }),
      output: { line: (t) => lines.push(t), result: () => {} },
    });
    expect(report.outcome).toBe("usage");
    expect(report.problems[0]).toMatch(said);
    expect(front.received).toHaveLength(0);
    const all = JSON.stringify(report) + lines.join("\n");
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain("createConnectionsClient");
  });
});

describe("cleanup: a target the client would refuse fails before anything is sent", () => {
  it.each(cases("http://127.0.0.1:1").map(([label]) => label))("%s", async (label) => {
    const front = await recorder();
    const [, target, said] = cases(front.url).find(([l]) => l === label) as ReturnType<typeof cases>[number];
    const report = await cleanup({ ...target, timeoutMs: 2_000, output: { line: () => {}, result: () => {} } });
    expect(report.outcome).toBe("failed");
    expect(report.problems[0]).toMatch(said);
    expect(front.received).toHaveLength(0);
    expect(JSON.stringify(report)).not.toContain(PASSWORD);
  });
});
