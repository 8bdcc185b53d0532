import { describe, expect, it } from "vitest";
import { isJsonMediaType, JSON_MEDIA_TYPE_PATTERN, mediaTypeOf } from "../../src/rules/media.js";

// The same verdicts from the rule and from its Pact pattern (run here by JavaScript; Pact's own
// engine runs it in test/consumer/agreement-pact-engine.test.ts).
const JSON_TYPES = [
  "application/json",
  "application/json;charset=UTF-8",
  "application/json; charset=utf-8",
  "APPLICATION/JSON; Charset=UTF-8",
  "Application/Json",
];
const OTHER_TYPES = ["text/json", "application/jsonx", "application/problem+json", "text/html", "", "json"];

describe("media types compare case-insensitively, parameters aside (RFC 9110 §8.3.1)", () => {
  it.each(JSON_TYPES)("%s is JSON", (type) => {
    expect(isJsonMediaType(type)).toBe(true);
    expect(new RegExp(JSON_MEDIA_TYPE_PATTERN).test(type)).toBe(true);
  });
  it.each(OTHER_TYPES)("%j is not", (type) => {
    expect(isJsonMediaType(type)).toBe(false);
    expect(new RegExp(JSON_MEDIA_TYPE_PATTERN).test(type)).toBe(false);
  });
  it("reads type/subtype only", () => {
    expect(mediaTypeOf(" Text/HTML ; q=1")).toBe("text/html");
    expect(mediaTypeOf(null)).toBe("");
  });
});
