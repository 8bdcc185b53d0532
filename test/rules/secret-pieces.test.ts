// Pieces of a secret (issue 19, item 5): any run of MIN_PIECE (12) or more consecutive characters
// of a token is redacted, in every encoding the redactor handles (URL, JSON, XML escapes, base64
// at any alignment, hex), and base64 or text wrapped over lines is read whole. Shorter runs stay:
// "exact in what it promises".
import { describe, expect, it } from "vitest";
import { MIN_PIECE } from "../../src/rules/secret-pieces.js";
import { REDACTED, redactor } from "../../src/rules/secrets.js";

const TOKEN = "Tk4f0c9a1be27d6e5f38b4a9c0d1e2f3a4b5c6d7e8Zq"; // 44 characters
const redact = redactor([TOKEN]);
const half = TOKEN.length / 2;
const first = TOKEN.slice(0, half);
const second = TOKEN.slice(half);

/** Every run of MIN_PIECE characters of the token that `text` still holds. */
function piecesIn(text: string, token = TOKEN): string[] {
  const found: string[] = [];
  for (let i = 0; i + MIN_PIECE <= token.length; i++) {
    const piece = token.slice(i, i + MIN_PIECE);
    if (text.includes(piece)) found.push(piece);
  }
  return found;
}

const b64 = (s: string): string => Buffer.from(s).toString("base64");
/** `text` wrapped every `width` characters with `eol`, as MIME and PEM wrap base64. */
const wrap = (text: string, width: number, eol = "\n", indent = ""): string =>
  (text.match(new RegExp(`.{1,${width}}`, "g")) ?? []).map((l) => indent + l).join(eol);

describe("pieces of a secret", () => {
  it("split over two JSON fields: neither half survives", () => {
    const out = redact(JSON.stringify({ part1: first, part2: second, other: "kept" }));
    expect(piecesIn(out)).toEqual([]);
    expect(out).toContain('"other":"kept"');
    expect(out).toContain(REDACTED);
  });

  it("split over two lines, or with text around each piece", () => {
    for (const text of [`${first}\n${second}`, `a=${first}; b=${second}.`, `x${TOKEN.slice(5, 5 + MIN_PIECE)}y`]) {
      expect(piecesIn(redact(text)), text).toEqual([]);
    }
  });

  it("a text that is all piece, and a piece whose one sampled gram is the last one that fits", () => {
    const redactHere = redactor([TOKEN]);
    // Grams are looked up every MIN_PIECE - 8 + 1 = 5 characters. In 6 + 12 characters, the piece's
    // only looked-up gram starts at 10, the last position a gram of 8 fits.
    for (const text of [TOKEN.slice(3, 3 + MIN_PIECE + 8), `~~~~~~${TOKEN.slice(7, 7 + MIN_PIECE)}`]) {
      expect(piecesIn(redactHere(text)), text).toEqual([]);
    }
  });

  it("a piece beside an escape character that decodes nothing (a bare &, % or \\): found where it stands", () => {
    const redactHere = redactor([TOKEN]);
    const piece = TOKEN.slice(4, 4 + MIN_PIECE + 3);
    for (const text of [
      `a & b ${piece} c`,
      `R&D:${piece}`,
      `${piece} & more`,
      `100% ${piece}`,
      `C:\\dir ${piece}`,
      `&${piece}&`,
    ]) {
      const out = redactHere(text);
      expect(piecesIn(out), text).toEqual([]);
      expect(out.length, text).toBeLessThan(text.length); // only the piece went
    }
  });

  it("each piece in every encoding already handled", () => {
    const piece = TOKEN.slice(7, 7 + MIN_PIECE);
    const forms = [
      encodeURIComponent(piece),
      [...piece].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
      [...piece].map((c) => `&#${c.charCodeAt(0)};`).join(""),
      Buffer.from(piece).toString("hex"),
      Buffer.from(piece).toString("hex").toUpperCase(),
      Buffer.from(TOKEN.slice(0, MIN_PIECE)).toString("hex").toUpperCase(), // "546B34...": letters in its hex
      b64(piece),
      b64(` ${piece}`),
      b64(`  ${piece}`),
      b64(piece).replace(/\+/g, "-").replace(/\//g, "_"),
    ];
    for (const form of forms) {
      const out = redact(`seen: ${form} end`);
      expect(out, form).toContain(REDACTED);
      expect(out.replace(REDACTED, ""), form).not.toMatch(/[A-Za-z0-9]{6,}/);
    }
  });

  it("base64 wrapped over lines (MIME CRLF at 76, PEM LF at 64, indented, JSON-escaped newlines)", () => {
    const payload = b64(`Authorization: Bearer ${TOKEN}\r\nX-Other: ${"y".repeat(60)}`);
    for (const text of [
      wrap(payload, 76, "\r\n"),
      wrap(payload, 64),
      wrap(payload, 20, "\n", "    "),
      JSON.stringify({ blob: wrap(payload, 16) }),
    ]) {
      const out = redact(text);
      expect(out, text).toContain(REDACTED);
      // Read whole again, no piece of the token's base64 is left.
      const whole = Buffer.from(out.replace(/\\n|\s|"|\{|\}|:|blob/g, "").replace(REDACTED, ""), "base64").toString();
      expect(piecesIn(whole), text).toEqual([]);
    }
  });

  it("base64 wrapped so narrowly that no line holds a piece: found only when read whole", () => {
    expect(redact(wrap(b64(TOKEN), 10))).toBe(`${REDACTED}E=`);
    expect(redact(wrap(b64(TOKEN), 10, "\r\n", "  "))).toBe(`  ${REDACTED}E=`);
    expect(redact(wrap(b64(`x${TOKEN}`), 10, "\r"))).toBe(`eF${REDACTED}`);
    expect(redact(JSON.stringify(wrap(b64(TOKEN), 10)))).toBe(`"${REDACTED}E="`);
  });

  it("a piece at the very start or end of a text, as it is or escaped", () => {
    const start = TOKEN.slice(0, MIN_PIECE);
    const end = TOKEN.slice(-MIN_PIECE);
    const jsonEscape = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
    expect(redact(`${start} tail`)).toBe(`${REDACTED} tail`);
    expect(redact(`head ${end}`)).toBe(`head ${REDACTED}`);
    expect(redact(`${jsonEscape(start)} tail`)).toBe(`${REDACTED} tail`);
    expect(redact(`head ${jsonEscape(end)}`)).toBe(`head ${REDACTED}`);
    // Pieces are looked up every 5th character: here the only gram inside the piece is the text's last.
    expect(redact(`=${end}`)).toBe(`=${REDACTED}`);
  });

  it("two secrets with a common prefix (as tokens of one issuer have): a piece of each is found", () => {
    const a = "sk-live-1a2b3c4d5e6f";
    const b = "sk-live-9z8y7x6w5v4u";
    const both = redactor([a, b]);
    // At the start of the text: the one gram looked up inside the piece is the common prefix.
    expect(both(`${a.slice(0, MIN_PIECE)} y`)).toBe(`${REDACTED} y`);
    expect(both(`${b.slice(0, MIN_PIECE)} y`)).toBe(`${REDACTED} y`);
  });

  it("a text that only shares a hash with a piece stays as it is", () => {
    // "tokena~9" and "tokenb_9" have one gram hash (31 × 1 = 31): the text is compared, not only the hash.
    const secret = "tokena~9f8e7";
    expect(redactor([secret])("abcd tokenb_9f8e7 z")).toBe("abcd tokenb_9f8e7 z");
    expect(redactor([secret])("abcd tokena~9f8e7 z")).toBe(`abcd ${REDACTED} z`);
  });

  it("a run one character shorter than a piece stays as it is", () => {
    const short = TOKEN.slice(3, 3 + MIN_PIECE - 1);
    expect(redact(`seen ${short} here`)).toBe(`seen ${short} here`);
    expect(redact(`${TOKEN.slice(0, MIN_PIECE - 1)}\n`)).toBe(`${TOKEN.slice(0, MIN_PIECE - 1)}\n`);
  });

  it("a piece at the end of a 1 MB text is found (pieces are looked up by sampled grams, not by every substring)", () => {
    const text = `${"abcdefghij0123456789".repeat(50_000)}${first}`; // 1 MB
    const out = redact(text);
    expect(out.endsWith(REDACTED)).toBe(true);
    expect(out.length).toBe(1_000_000 + REDACTED.length);
  });
});
