// How a test looks for a token in what verify shows, independently of src/rules/secrets: the
// token itself, any 10-character piece of it (an echo cut before redaction leaves a beginning),
// and its common encodings (URL, JSON \u escapes, XML entities, base64 at any alignment, hex).
import { randomBytes } from "node:crypto";
import { expect } from "vitest";

/** A distinctive random token; `extra` is mixed in (e.g. `&<>"` or `=`). */
export function distinctiveToken(extra = ""): string {
  return `Tk${randomBytes(12).toString("hex")}${extra}${randomBytes(6).toString("hex")}Zq`;
}

const hex = (s: string): string => Buffer.from(s).toString("hex");
const uEscape = (s: string): string =>
  [...s].map((c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`).join("");
const xmlEscape = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Base64 of `secret` as it appears inside a longer base64 text at each of the three alignments. */
function base64Cores(secret: string): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset, 0x20), Buffer.from(secret)]).toString("base64");
    const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + secret.length) * 8) / 6));
    out.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return out;
}

/** Every form of `token` a reader must never see. */
export function tokenForms(token: string): string[] {
  const pieces: string[] = [];
  for (let i = 0; i + 10 <= token.length; i++) pieces.push(token.slice(i, i + 10));
  return [
    ...new Set([
      token,
      ...pieces,
      encodeURIComponent(token),
      JSON.stringify(token).slice(1, -1),
      uEscape(token),
      xmlEscape(token),
      ...base64Cores(token),
      hex(token),
      hex(token).toUpperCase(),
    ]),
  ];
}

/** Asserts that no form of `token` appears in any of `texts` (named, for the failure message). */
export function expectNoToken(token: string, texts: Record<string, string>): void {
  const forms = tokenForms(token);
  const found: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    for (const form of forms) {
      const at = text.indexOf(form);
      if (at >= 0) found.push(`${where}: ${JSON.stringify(form)} in …${text.slice(Math.max(0, at - 60), at + 60)}…`);
    }
  }
  expect(found, "a form of the token was shown").toEqual([]);
}
