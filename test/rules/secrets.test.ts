import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REDACTED, redactDeep, redactor, tokenProblem } from "../../src/rules/secrets.js";

const TOKEN = "tok-9f8e7d6c5b4a=";

describe("redactor", () => {
  const redact = redactor([TOKEN]);
  it.each([
    ["the token itself", `Bearer ${TOKEN}`],
    [
      "JSON-escaped, every character",
      [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
    ],
    ["'=' as \\u003d", TOKEN.replace("=", "\\u003d")],
    ["percent-encoded", encodeURIComponent(TOKEN)],
    ["XML character references", [...TOKEN].map((c) => `&#${c.charCodeAt(0)};`).join("")],
    ["base64", btoa(`x${TOKEN}`)],
    ["hex", Buffer.from(TOKEN).toString("hex")],
  ])("removes %s", (_label, form) => {
    const out = redact(`before ${form} after`);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(form);
    expect(out.startsWith("before ")).toBe(true);
  });

  it("any length, even one character", () => {
    expect(redactor(["k"])("a k b")).toBe(`a ${REDACTED} b`);
  });

  it("a short secret (under 8 characters) only as a word of its own: text and JSON around it stay intact", () => {
    const e = redactor(["e"]);
    const json = '{"ok":false,"kind":"unauthorized","exitCode":5,"runId":"565c6970a0eb","echo":"e"}';
    expect(e(json)).toBe(`{"ok":false,"kind":"unauthorized","exitCode":5,"runId":"565c6970a0eb","echo":"${REDACTED}"}`);
    expect(JSON.parse(e(json))).toMatchObject({ kind: "unauthorized", exitCode: 5 });
    expect(e("Verifying ... Authorization: Bearer e")).toBe(`Verifying ... Authorization: Bearer ${REDACTED}`);
    expect(redactor(["tok"])("token tok tok-1 xtok")).toBe(`token ${REDACTED} ${REDACTED}-1 xtok`);
    // Escaped, the same rule: "\u0065" alone is the token, inside a word it is a letter.
    expect(e('"\\u0065"')).toBe(`"${REDACTED}"`);
    // From 8 characters on, every occurrence, inside words too.
    expect(redactor(["abcdefgh"])("xabcdefghx")).toBe(`x${REDACTED}x`);
  });

  it("leaves other text alone", () => {
    expect(redact('{"success":true,"deploymentResult":{"success":true}}')).toBe(
      '{"success":true,"deploymentResult":{"success":true}}',
    );
  });
});

describe("redactor(...).truncated: a text cut before it was redacted", () => {
  const redact = redactor([TOKEN]);
  it("never ends with the beginning of the token, wherever the cut fell", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: 1, max: TOKEN.length }), (prefix, k) => {
        const cut = `${prefix}${TOKEN.slice(0, k)}`;
        const out = redact.truncated(cut);
        for (let j = 1; j <= k; j++) expect(out.endsWith(TOKEN.slice(0, j))).toBe(false);
        expect(cut.startsWith(out) || out.includes(REDACTED)).toBe(true);
      }),
    );
  });

  it("nor with the beginning of an escaped form", () => {
    const escaped = TOKEN.replace(/./g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    const long = `${"x".repeat(50_000)}${escaped.slice(0, escaped.length - 3)}`;
    expect(redact.truncated(long)).toBe("x".repeat(redact.truncated(long).length));
  });

  it("keeps what comes well before the cut", () => {
    const text = `${"a".repeat(100_000)}${TOKEN}${"b".repeat(10)}`;
    const out = redact.truncated(text);
    expect(out.length).toBeGreaterThan(80_000);
    expect(text.startsWith(out)).toBe(true);
  });

  it("without secrets, nothing is cut", () => {
    expect(redactor([]).truncated("abc")).toBe("abc");
  });
});

describe("tokenProblem", () => {
  it.each([
    ["", /non-empty/],
    ["a b", /visible ASCII/],
    ["a\r\nb", /CR or LF/],
    ["tök", /visible ASCII/],
  ])("%j is refused without repeating it", (token, reason) => {
    const problem = tokenProblem(token);
    expect(problem).toMatch(reason);
    if (token.length > 0) expect(problem).not.toContain(token);
  });
  it("accepts visible ASCII of any length", () => {
    expect(tokenProblem("x")).toBeUndefined();
    expect(tokenProblem(TOKEN)).toBeUndefined();
  });
});

describe("redactDeep", () => {
  const redact = redactor(["s3cr3t-token"]);

  it("redacts every string and key, and copies the rest as it was", () => {
    const value = JSON.parse(
      '{"a":"x s3cr3t-token","s3cr3t-token":[1,null,true,{"b":"s3cr3t-token"}],"__proto__":{"c":"s3cr3t-token"}}',
    );
    const out = redactDeep(value, redact) as Record<string, unknown>;
    expect(JSON.stringify(out)).toBe(
      `{"a":"x ${REDACTED}","${REDACTED}":[1,null,true,{"b":"${REDACTED}"}],"__proto__":{"c":"${REDACTED}"}}`,
    );
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(value)).toContain("s3cr3t-token");
  });

  it("walks a body nested deeper than the call stack goes (a server decides the depth)", () => {
    const depth = 200_000;
    const value = JSON.parse(`${'{"a":['.repeat(depth)}"s3cr3t-token"${"]}".repeat(depth)}`);
    let out = redactDeep(value, redact) as { a: unknown[] };
    for (let i = 1; i < depth; i++) out = out.a[0] as { a: unknown[] };
    expect(out.a[0]).toBe(REDACTED);
  });
});
