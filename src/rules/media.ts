// Media types, compared as RFC 9110 §8.3.1 says: type and subtype without regard to letter case,
// parameters (`charset=UTF-8`) aside. One rule for the contract's header matcher, conformance and
// verify: Apinizer sends `application/json;charset=UTF-8`, other servers and gateways
// `APPLICATION/JSON; Charset=UTF-8`, and they all mean the same.
import { caseless } from "./wording.js";

/** The media type of every body Delete Connection documents (the spec's `content` key). */
export const JSON_MEDIA_TYPE = "application/json";

/** The `type/subtype` of a Content-Type value, lower-cased, parameters and white space dropped; "" when absent. */
export function mediaTypeOf(value: string | null | undefined): string {
  return (value ?? "").split(";", 1)[0]?.trim().toLowerCase() ?? "";
}

/** Whether a Content-Type value is `application/json` in any letter case, with any parameters. */
export function isJsonMediaType(value: string | null | undefined): boolean {
  return mediaTypeOf(value) === JSON_MEDIA_TYPE;
}

/**
 * The same rule as a Pact `regex` matcher for the Content-Type header (whole value): letter case
 * spelled out (`[Aa]`), as the wording patterns do, because neither `(?i)` nor a flag means the
 * same in JavaScript and in Pact's engine (rules/wording.ts, WORDING).
 */
export const JSON_MEDIA_TYPE_PATTERN = `^${caseless(JSON_MEDIA_TYPE)}(\\s*;.*)?$`;
