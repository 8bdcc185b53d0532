// The name rule itself (src/rules/names.ts): which project and connection names can be sent as
// exactly one path segment, and the reason given for each that cannot. test/client/names.test.ts
// checks the same through the client (nothing refused is sent); this file pins each part of the
// rule, including the characters a decoding proxy or a normalising server would turn into a path.
import { describe, expect, it } from "vitest";
import { connectionTypeProblem, injectionProblem, MAX_NAME_LENGTH, nameProblem } from "../../src/rules/names.js";

/** `text` percent-encoded `times` times over ("." twice: "%252e"). */
const encoded = (text: string, times: number): string => {
  let out = text;
  for (let i = 0; i < times; i++) {
    out = [...out].map((c) => (/[A-Za-z0-9]/.test(c) ? c : encodeURIComponent(c).replace(/[.]/g, "%2e"))).join("");
  }
  return out;
};

describe("nameProblem refuses, with the reason", () => {
  it.each([
    ["a number", 42, "must be a string (got number)"],
    ["null", null, "must be a string (got null)"],
    ["undefined", undefined, "must be a string (got undefined)"],
    ["an object", {}, "must be a string (got object)"],
    ["the empty string", "", "must not be empty"],
    ["a lone high surrogate", "a\ud800b", "must not contain unpaired UTF-16 surrogates"],
    ["a lone low surrogate", "\udc00", "must not contain unpaired UTF-16 surrogates"],
    ["NUL", "a\u0000b", "must not contain control characters"],
    ["DEL alone", "\u007f", "must not contain control characters"],
    ["a C1 control", "a\u0085b", "must not contain control characters"],
    ["an encoded CR", "a%0Db", "must not contain control characters (percent-encoded)"],
    ["an encoded NUL at the end", "a%00", "must not contain control characters (percent-encoded)"],
    ["256 letters", "x".repeat(MAX_NAME_LENGTH + 1), "must be at most 255 characters (got 256)"],
    ["256 emoji (512 UTF-16 units)", "😀".repeat(MAX_NAME_LENGTH + 1), "must be at most 255 characters (got 256)"],
    ["spaces only", "   ", "must not be only whitespace"],
    ["ideographic and no-break spaces", "\u3000\u00a0", "must not be only whitespace"],
    ["invisible format characters only", "\u200b\ufeff", "must not be only whitespace"],
  ])("%s", (_label, value, reason) => {
    expect(nameProblem(value)).toBe(reason);
  });

  const DOT = 'must not be a dot segment ("." or ".."): the URL would address another resource';
  const ENCODED_DOT =
    'must not be a dot segment ("." or "..") (percent-encoded): the URL would address another resource';
  it.each([
    [".", DOT],
    ["..", DOT],
    [" .. ", DOT],
    ["\t.\n", "must not contain control characters"],
    ["\uff0e\uff0e", DOT], // fullwidth full stops: NFKC makes them ".."
    ["\u2025", DOT], // two dot leader: NFKC makes it ".."
    ["%2e", ENCODED_DOT],
    ["%2E%2e", ENCODED_DOT],
    [".%2E", ENCODED_DOT],
    ["%252e%252E", ENCODED_DOT],
    [encoded("..", 6), ENCODED_DOT], // the sixth round of decoding is still looked at
  ])("%j: a dot segment", (value, reason) => {
    expect(nameProblem(value)).toBe(reason);
  });

  const SLASH = 'must not contain "/" or "\\": proxies and servers may read it as a path separator';
  const ENCODED_SLASH =
    'must not contain "/" or "\\" (percent-encoded): proxies and servers may read it as a path separator';
  it.each([
    ["/", SLASH],
    ["\\", SLASH],
    ["a/b", SLASH],
    ["/a", SLASH],
    ["a/", SLASH],
    ["a b/c", SLASH],
    ["a\\b", SLASH],
    ["a\uff0fb", SLASH], // fullwidth solidus: NFKC makes it "/"
    ["a%2Fb", ENCODED_SLASH],
    ["a%5cb", ENCODED_SLASH],
    ["a%252fb", ENCODED_SLASH],
    // Characters outside the Basic Multilingual Plane (two UTF-16 units) before an escape: the
    // escape after them is still decoded.
    ["😀%2f", ENCODED_SLASH],
    ["\uffff%2f", ENCODED_SLASH],
  ])("%j: a path separator", (value, reason) => {
    expect(nameProblem(value)).toBe(reason);
  });
});

describe("nameProblem accepts", () => {
  it.each([
    "my-email-connection",
    "A-Za-z0-9._~",
    "My Connection",
    "...",
    "a.b",
    ".hidden",
    "..a",
    "100%",
    "%zz",
    "%2",
    "a%",
    "a?b#c",
    "ünïcödé-名前",
    "😀",
    " leading and trailing ",
    "a b.",
    "a b..",
    ". a",
    "a\u200bb",
    "x".repeat(MAX_NAME_LENGTH),
    "😀".repeat(MAX_NAME_LENGTH),
    "é".repeat(MAX_NAME_LENGTH),
  ])("%j", (value) => {
    expect(nameProblem(value)).toBeUndefined();
  });

  it("a name encoded more often than the six rounds looked through (no proxy decodes that often)", () => {
    expect(nameProblem(encoded("..", 7))).toBeUndefined();
  });
});

describe("injectionProblem: what verify hands the Pact verifier as a provider-state value", () => {
  it("refuses what nameProblem refuses, with its reason", () => {
    expect(injectionProblem("a/b")).toBe(nameProblem("a/b"));
    expect(injectionProblem(7)).toBe("must be a string (got number)");
  });
  it.each(["100%", "Q?x", "a#b", "%zz"])("refuses %j: the verifier would put it into the path unencoded", (value) => {
    expect(injectionProblem(value)).toBe(
      'must not contain "%", "?" or "#": the Pact verifier puts provider-state values into the request path unencoded',
    );
  });
  it.each(["a+b", "My Project", "ünïcödé", "a;b=c&d"])("accepts %j", (value) => {
    expect(injectionProblem(value)).toBeUndefined();
  });
});

describe("connectionTypeProblem: a connection type as Apinizer names them", () => {
  it.each(["email", "rabbitMq", "linux-script", "ftp_2", "K", `k${"x".repeat(63)}`])("accepts %j", (value) => {
    expect(connectionTypeProblem(value)).toBeUndefined();
  });
  it.each(["", "1email", "-email", "_email", "e mail", "email/x", "email\n", " email", "emäil", `k${"x".repeat(64)}`])(
    "refuses %j, without repeating it",
    (value) => {
      expect(connectionTypeProblem(value)).toBe(
        "must be a connection type such as email, kafka or linux-script (a letter, then letters, digits, _ or -; at most 64)",
      );
    },
  );
  it.each([5, null, undefined, ["email"]])("refuses %j: not a string", (value) => {
    expect(connectionTypeProblem(value)).toBe("must be a string (a connection type such as email or kafka)");
  });
});
