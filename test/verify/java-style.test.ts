// Verification against servers that write their answers their own way (issue 16): unset fields
// as null (the stand-in's `nulls` mode, as Apinizer's Java serialiser writes them) and the media
// type in another letter case. Both envelopes pass, from the pre-flight to the clean-up; the
// contract's header matcher, conformance and the pre-flight read them by the same rules.
import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/provider/index.js";
import { ENVELOPES } from "../../src/rules/envelope.js";
import { cleanup } from "../../src/verify/index.js";
import { onDelete } from "../support/replies.js";
import { passCount, TOKEN, verifyVariant } from "./support/harness.js";

const SHOUTED = "APPLICATION/JSON; Charset=UTF-8";
const shouted = (reply: Reply): Reply => ({ ...reply, headers: { ...reply.headers, "content-type": SHOUTED } });

describe.concurrent.each(ENVELOPES)("the %s envelope", (envelope) => {
  it("passes against a server that writes every unset field as null", async () => {
    const r = await verifyVariant({}, { envelope, nulls: true }, { limited: true });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Pre-flight: the server answers in the ${envelope} envelope`, "m"));
    expect(r.report.interactions.flatMap((i) => i.findings)).toEqual([]);
    expect(passCount(r.stdout)).toBe(r.report.interactions.length);
    expect(r.standIn.connections("MyProject")).toEqual([]);
  });

  it(`passes against a server answering ${SHOUTED}, nulls or not`, async () => {
    for (const nulls of [false, true]) {
      const r = await verifyVariant({ reply: onDelete(shouted) }, { envelope, nulls }, { limited: true });
      expect(r.code, r.stdout).toBe(0);
      expect(r.report.interactions.flatMap((i) => i.findings)).toEqual([]);
    }
  });

  it("fails against a server answering another media type (text/plain): the contract and conformance say so", async () => {
    const plain = (reply: Reply): Reply => ({ ...reply, headers: { ...reply.headers, "content-type": "text/plain" } });
    const r = await verifyVariant({ reply: onDelete(plain) }, { envelope }, { limited: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/conformance: .*media type application\/json/);
  });
});

describe("cleanup against a server that writes unset fields as null", () => {
  it("reads a List whose resultList is null as an empty list", async () => {
    const { serve } = await import("../../src/provider/index.js");
    for (const envelope of ENVELOPES) {
      const s = await serve({ envelope, nulls: true, token: TOKEN });
      try {
        const report = await cleanup({
          baseUrl: s.url,
          token: TOKEN,
          projectName: "MyProject",
          timeoutMs: 5_000,
          output: { line: () => {}, result: () => {} },
        });
        expect(report.outcome, report.problems.join("\n")).toBe("clean");
      } finally {
        await s.close();
      }
    }
  });
});
