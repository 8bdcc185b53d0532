import { expect, it } from "vitest";
import { serve } from "../../src/provider/index.js";
import { formatInteraction, formatReport, verify } from "../../src/verify/index.js";

it("smoke", async () => {
  const standIn = await serve({ token: "tok-smoke-123456" });
  const lines: string[] = [];
  const report = await verify({
    target: { kind: "server", baseUrl: standIn.url, token: "tok-smoke-123456", projectName: "MyProject" },
    source: { kind: "files", paths: ["contracts"] },
    timeoutMs: 5000,
    output: { line: (t) => lines.push(t), result: (r) => lines.push(formatInteraction(r, { color: false })) },
  });
  console.log(lines.join("\n"));
  console.log(formatReport(report, { color: false }));
  await standIn.close();
  expect(report.outcome).toBe("verified");
}, 60_000);
