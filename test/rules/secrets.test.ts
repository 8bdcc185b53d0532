import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSecretField, redactSecretFields, secretValuesOf } from "../../src/rules/secret-fields.js";
import { REDACTED, redactDeep, redactor, tokenProblem } from "../../src/rules/secrets.js";

const TOKEN = "tok-9f8e7d6c5b4a=";

// Redactors are made inside the tests, never in a describe body: code that runs while tests are
// collected counts, for Stryker (npm run mutation), as reached by every test, and each of its
// mutants then costs a run of every test.
const tokenRedactor = () => redactor([TOKEN]);

describe("redactor", () => {
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
    const out = tokenRedactor()(`before ${form} after`);
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
    expect(tokenRedactor()('{"success":true,"deploymentResult":{"success":true}}')).toBe(
      '{"success":true,"deploymentResult":{"success":true}}',
    );
  });

  it("a text seen clean before is clean again; any other text is searched anew", () => {
    const redact = tokenRedactor();
    const clean = '{"success":true,"deploymentResult":{"success":true}}';
    expect(redact(clean)).toBe(clean);
    expect(redact(clean)).toBe(clean);
    expect(redact(`${clean}${TOKEN}`)).toBe(`${clean}${REDACTED}`);
    expect(redact(clean.slice(0, -2) + TOKEN)).toBe(`${clean.slice(0, -2)}${REDACTED}`);
    expect(redact(TOKEN)).toBe(REDACTED);
    expect(redact(clean)).toBe(clean);
  });
});

/** Each character of `s` as a JSON `\uXXXX` escape. */
const jsonEscapeAll = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

describe("a token holding a character that an encoding writes differently", () => {
  // The characters JSON (" \ and, optionally, /), XML (& < > " ') and URLs escape. Each token is
  // long (8+ characters), so it is found inside words too.
  const xml = (s: string) =>
    s
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;");
  const references = (s: string, radix: 10 | 16) =>
    [...s].map((c) => (radix === 10 ? `&#${c.charCodeAt(0)};` : `&#x${c.charCodeAt(0).toString(16)};`)).join("");
  const percentAll = (s: string) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
  for (const c of ["/", '"', "\\", "&", "'", "<", ">"]) {
    const token = `tok${c}9f8e7d6c`;
    it.each([
      ["as written", token],
      ["in a JSON string", JSON.stringify(token).slice(1, -1)],
      ["in a JSON string, / written \\/", JSON.stringify(token).slice(1, -1).replace(/\//g, "\\/")],
      ["JSON-escaped, every character", jsonEscapeAll(token)],
      ["XML-escaped (&apos; for ')", xml(token)],
      ["XML decimal references (&#116;)", references(token, 10)],
      ["XML hex references (&#x74;)", references(token, 16)],
      ["XML hex references, upper-case X (&#X74;)", references(token, 16).replace(/x/g, "X")],
      ["percent-encoded", encodeURIComponent(token)],
      ["percent-encoded, every byte", percentAll(token)],
      ["JSON-escaped, then percent-encoded", encodeURIComponent(JSON.stringify(token).slice(1, -1))],
      ["XML-escaped, then JSON-escaped", jsonEscapeAll(xml(token))],
      // Mixed: the first character as \u0074 or &#116;, the rest escaped as JSON or XML write it.
      ["\\u0074, then a JSON string", `\\u0074${JSON.stringify(token.slice(1)).slice(1, -1).replace(/\//g, "\\/")}`],
      ["&#116;, then XML-escaped", `&#116;${xml(token.slice(1))}`],
    ])(`${c}: %s`, (_label, form) => {
      expect(redactor([token])(`before ${form} after`)).toBe(`before ${REDACTED} after`);
    });
    it(`${c}: glued to words on both sides, found only after decoding`, () => {
      const redact = redactor([token]);
      expect(redact(`word${jsonEscapeAll(token)}word`)).toBe(`word${REDACTED}word`);
      expect(redact(`word${references(token, 16)}word`)).toBe(`word${REDACTED}word`);
    });
  }
});

describe("base64, standard and URL-safe, at each of the three byte alignments", () => {
  // Its base64 holds "+" and "/" (URL-safe: "-" and "_") at every alignment.
  const token = "tok~?>9f8e7d6c";
  for (const lead of ["", "x", "xy"]) {
    for (const alphabet of ["base64", "base64url"] as const) {
      it(`${alphabet} of ${JSON.stringify(`${lead}<token>`)}`, () => {
        const encoded = Buffer.from(`${lead}${token}`).toString(alphabet);
        expect(encoded).toMatch(alphabet === "base64" ? /[+/]/ : /[-_]/);
        // Only the characters that also carry bits of what surrounds the token stay (at most 3
        // a side, plus padding).
        expect(redactor([token])(`before ${encoded} after`)).toMatch(
          /^before [\w+/-]{0,3}\[REDACTED\][\w+/=-]{0,4} after$/,
        );
      });
    }
  }
});

describe("base64 of a token too short for pieces (8 to 11 characters): each alignment, both alphabets", () => {
  // Found only as a whole form (pieces start at 12 characters): the token's own base64 characters
  // at each of the three byte alignments, without the ones that carry bits of what surrounds it.
  const token = "tok~?>9f";
  it.each([
    ["", "base64", "before [REDACTED]Y= after"],
    ["", "base64url", "before [REDACTED]Y after"],
    ["x", "base64", "before eH[REDACTED] after"],
    ["x", "base64url", "before eH[REDACTED] after"],
    ["xy", "base64", "before eHl[REDACTED]g== after"],
    ["xy", "base64url", "before eHl[REDACTED]g after"],
  ] as const)("%j then the token, %s", (lead, alphabet, redacted) => {
    expect(redactor([token])(`before ${Buffer.from(`${lead}${token}`).toString(alphabet)} after`)).toBe(redacted);
  });
  it("wrapped over two lines, with or without indentation", () => {
    const encoded = Buffer.from(token).toString("base64");
    for (const eol of ["\n", "\r\n  "]) {
      expect(redactor([token])(`a ${encoded.slice(0, 6)}${eol}${encoded.slice(6)} b`)).toBe("a [REDACTED]Y= b");
    }
  });
});

describe("several secrets and occurrences in one text", () => {
  it("a secret that begins another is not redacted first (the longer one would leak its tail)", () => {
    for (const order of [
      ["abcdefgh", "abcdefgh-tail"],
      ["abcdefgh-tail", "abcdefgh"],
    ]) {
      const redact = redactor(order);
      expect(redact("1 abcdefgh-tail 2 abcdefgh 3")).toBe(`1 ${REDACTED} 2 ${REDACTED} 3`);
      expect(redact(`1 ${jsonEscapeAll("abcdefgh-tail")} 2`)).toBe(`1 ${REDACTED} 2`);
    }
  });

  it("every encoded occurrence, in whatever order the decoding rounds find them", () => {
    const redact = tokenRedactor();
    // Found in round 2 (percent, then JSON), round 1 (JSON) and round 1 (XML).
    const twice = encodeURIComponent(jsonEscapeAll(TOKEN));
    const text = `a ${twice} b ${jsonEscapeAll(TOKEN)} c ${[...TOKEN].map((c) => `&#${c.charCodeAt(0)};`).join("")} d`;
    expect(redact(text)).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d`);
  });

  it("overlapping occurrences of two secrets become one placeholder", () => {
    const redact = redactor(["abcdefgh", "cdefghij"]);
    expect(redact(`<${jsonEscapeAll("abcdefghij")}>`)).toBe(`<${REDACTED}>`);
    expect(redact(`<${jsonEscapeAll("xxcdefghij")}> <${jsonEscapeAll("abcdefghxx")}>`)).toBe(
      `<\\u0078\\u0078${REDACTED}> <${REDACTED}\\u0078\\u0078>`,
    );
    // One secret inside another: the inner one adds nothing after the outer one's placeholder.
    expect(redactor(["abcdefghijkl", "cdefghij"])(`<${jsonEscapeAll("abcdefghijkl")}>`)).toBe(`<${REDACTED}>`);
  });

  it("two encoded occurrences side by side: two placeholders", () => {
    expect(tokenRedactor()(`<${jsonEscapeAll(TOKEN)}${jsonEscapeAll(TOKEN)}>`)).toBe(`<${REDACTED}${REDACTED}>`);
  });
});

describe("decoding: exactly what each escape stands for, and nothing around it", () => {
  const percentAll = (s: string) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");

  it("a secret outside ASCII, percent-encoded (2-, 3- and 4-byte UTF-8) or as XML references", () => {
    const secret = "geheim-ö€😀-\u{10ffff}";
    const redact = redactor([secret]);
    expect(redact(`a ${encodeURIComponent(secret)} b`)).toBe(`a ${REDACTED} b`);
    expect(redact(`a ${percentAll(secret)} b`)).toBe(`a ${REDACTED} b`);
    expect(redact(`a ${[...secret].map((c) => `&#${c.codePointAt(0)};`).join("")} b`)).toBe(`a ${REDACTED} b`);
  });

  it("an escape next to the secret stays as it is: only the secret's own span is replaced", () => {
    const token = "tok/9f8e7d6c";
    const redact = redactor([token]);
    expect(redact(`x%20${percentAll(token)}%20y`)).toBe(`x%20${REDACTED}%20y`);
    expect(redact(`x\\n${jsonEscapeAll(token)}\\ty`)).toBe(`x\\n${REDACTED}\\ty`);
    // Partly escaped: the plain characters after the escape are part of the span.
    expect(redact(`x \\u0074ok/9f8e7d6c y`)).toBe(`x ${REDACTED} y`);
    expect(redact(`x &#116;ok/9f8e7d6c y`)).toBe(`x ${REDACTED} y`);
  });

  it("what is not a valid escape is left alone, and the secret after it is still found", () => {
    const token = "cafe-babe-9f8e";
    const redact = redactor([token]);
    // "\n" followed by four hex digits is a newline and "cafe", not the character U+CAFE.
    expect(redact(`x\\ncafe\\u002dbabe-9f8e y`)).toBe(`x\\n${REDACTED} y`);
    // A stray "&" just before references; invalid UTF-8; a code point past U+10FFFF; "\x".
    expect(redact(`a&b ${[...token].map((c) => `&#${c.charCodeAt(0)};`).join("")} c`)).toBe(`a&b ${REDACTED} c`);
    expect(redact(`%ff%c3%28 ${percentAll(token)} %e2%82`)).toBe(`%ff%c3%28 ${REDACTED} %e2%82`);
    expect(redact(`&#1114112; &#x110000; \\x41 ${jsonEscapeAll(token)}`)).toBe(
      `&#1114112; &#x110000; \\x41 ${REDACTED}`,
    );
  });

  it("a secret holding control characters, JSON-escaped after a \\u escape, and as hex", () => {
    const secret = "p\b\f\n\r\tw-9f8e";
    const redact = redactor([secret]);
    expect(redact(`a \\u0070${JSON.stringify(secret.slice(1)).slice(1, -1)} b`)).toBe(`a ${REDACTED} b`);
    expect(redact(`a ${Buffer.from(secret).toString("hex")} b`)).toBe(`a ${REDACTED} b`);
  });

  it("hex in either letter case", () => {
    // A token long enough for pieces, and one found only as a whole form.
    for (const token of ["tok~?>9f8e7d6c", "tok~?>9f"]) {
      for (const hex of [Buffer.from(token).toString("hex"), Buffer.from(token).toString("hex").toUpperCase()]) {
        expect(hex).toMatch(/[a-fA-F]/);
        expect(redactor([token])(`a ${hex} b`)).toBe(`a ${REDACTED} b`);
      }
    }
  });

  it("encoded forms from 6 characters on: a 3-byte token's hex is redacted, a 2-byte one's is not", () => {
    expect(redactor(["k~?"])("a 6b7e3f b")).toBe(`a ${REDACTED} b`);
    expect(redactor(["k~"])("a 6b7e b")).toBe("a 6b7e b");
  });

  it("UTF-8 sequences of each length, each followed by another escape, percent-decoded whole", () => {
    // "©" (lead byte C2), "ö" (C3), "€" (E2), "ก" (E0), "😀" (F0): a short secret, so found only
    // when every one of its characters is decoded.
    const secret = "p©ö€ก😀";
    const redact = redactor([secret]);
    expect(redact(`a ${percentAll(secret)}%21 b`)).toBe(`a ${REDACTED}%21 b`);
    expect(redact(`a %20${percentAll(secret)} b`)).toBe(`a %20${REDACTED} b`);
  });

  it("an invalid UTF-8 byte right before a percent-encoded secret stays as it is", () => {
    expect(redactor(["tok/9f8e7d6c"])(`x%ff${percentAll("tok/9f8e7d6c")}y`)).toBe(`x%ff${REDACTED}y`);
  });

  it("a long token glued to words, 8 characters exactly (the shortest found inside words)", () => {
    expect(redactor(["abcdefgh"])(`x${jsonEscapeAll("abcdefgh")}x`)).toBe(`x${REDACTED}x`);
    expect(redactor(["abcdefg"])(`x${jsonEscapeAll("abcdefg")}x`)).toBe(`x${jsonEscapeAll("abcdefg")}x`);
  });

  it("looks through three rounds of encoding, as documented (the margin of truncated is sized for three)", () => {
    let text = TOKEN;
    for (let round = 1; round <= 4; round++) {
      text = percentAll(text);
      expect(tokenRedactor()(`<${text}>`)).toBe(round <= 3 ? `<${REDACTED}>` : `<${text}>`);
    }
  });
});

describe("a short secret at the very start or end of a text", () => {
  it.each([
    ["start", "k b", `${REDACTED} b`],
    ["end", "a k", `a ${REDACTED}`],
    ["whole text", "k", REDACTED],
    ["start, JSON-escaped", "\\u006b b", `${REDACTED} b`],
    ["end, JSON-escaped", "a \\u006b", `a ${REDACTED}`],
  ])("%s", (_label, text, redacted) => {
    expect(redactor(["k"])(text)).toBe(redacted);
  });
});

describe("redactDeep keeps the shape", () => {
  it("redacts every string, keys too, and keeps arrays arrays, with every item in place", () => {
    const value = { list: [`a ${TOKEN}`, 1, null, true, { [TOKEN]: [TOKEN] }], n: 2, [`k ${TOKEN}`]: "v" };
    const out = redactDeep(value, tokenRedactor());
    expect(out).toStrictEqual({
      list: [`a ${REDACTED}`, 1, null, true, { [REDACTED]: [REDACTED] }],
      n: 2,
      [`k ${REDACTED}`]: "v",
    });
    expect(Array.isArray((out as { list: unknown }).list)).toBe(true);
    expect(value.list[0]).toBe(`a ${TOKEN}`); // a copy: the input is left as it was
  });
  it("passes numbers, booleans and null through", () => {
    for (const v of [0, 1.5, true, false, null]) expect(redactDeep(v, tokenRedactor())).toBe(v);
  });
});

describe("redactor(...).truncated: a text cut before it was redacted", () => {
  it("never ends with the beginning of the token, wherever the cut fell", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: 1, max: TOKEN.length }), (prefix, k) => {
        const cut = `${prefix}${TOKEN.slice(0, k)}`;
        const out = tokenRedactor().truncated(cut);
        for (let j = 1; j <= k; j++) expect(out.endsWith(TOKEN.slice(0, j))).toBe(false);
        expect(cut.startsWith(out) || out.includes(REDACTED)).toBe(true);
      }),
    );
  });

  it("nor with the beginning of an escaped form", () => {
    const escaped = TOKEN.replace(/./g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    const long = `${"x".repeat(50_000)}${escaped.slice(0, escaped.length - 3)}`;
    const out = tokenRedactor().truncated(long);
    expect(out).toBe("x".repeat(out.length));
  });

  it("keeps what comes well before the cut", () => {
    const text = `${"a".repeat(100_000)}${TOKEN}${"b".repeat(10)}`;
    const out = tokenRedactor().truncated(text);
    expect(out.length).toBeGreaterThan(80_000);
    expect(text.startsWith(out)).toBe(true);
  });

  it("without secrets, nothing is cut or replaced", () => {
    for (const none of [[], [undefined, ""]]) {
      expect(redactor(none).truncated("abc")).toBe("abc");
      expect(redactor(none)("abc")).toBe("abc");
    }
  });
});

describe("tokenProblem", () => {
  it.each([
    ["", /non-empty/],
    ["a b", /visible ASCII/],
    ["a\r\nb", /CR or LF/],
    ["a\rb", /CR or LF/],
    ["a\nb", /CR or LF/],
    ["tök", /visible ASCII/],
  ])("%j is refused without repeating it", (token, reason) => {
    const problem = tokenProblem(token);
    expect(problem).toMatch(reason);
    if (token.length > 0) expect(problem).not.toContain(token);
  });
  it.each([5, null, undefined, {}, ["t"]])("%j is not a token", (value) => {
    expect(tokenProblem(value)).toBe("must be a non-empty string");
  });
  it("accepts visible ASCII of any length", () => {
    expect(tokenProblem("x")).toBeUndefined();
    expect(tokenProblem(TOKEN)).toBeUndefined();
  });
});

describe("redactDeep", () => {
  const redact = redactor(["s3cr3t-token"]);

  it("hands out plain data: the copy's fields can be changed and deleted, as JSON.parse's can", () => {
    const out = redactDeep(JSON.parse('{"a":{"b":"s3cr3t-token"},"c":[1]}'), redact) as Record<string, unknown>;
    out["a"] = "changed";
    delete out["c"];
    expect(out).toStrictEqual({ a: "changed" });
  });

  it("an array's items stay in place, whatever the secret (its indexes are no text)", () => {
    expect(redactDeep(["a", ["b", "c"]], redactor(["1"]))).toStrictEqual(["a", ["b", "c"]]);
  });

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

describe("secret fields: which fields of a connection's definition hold secrets", () => {
  it.each([
    "password",
    "elasticPassword",
    "connectionFactoryPassword",
    "caKeystoreFilePass",
    "authPassphrase",
    "privPassphrase",
    "dbPasswd",
    "secret",
    "clientSecret",
    "apiKey",
    "api_key",
    "api-key",
    "privateKey",
    "private_key",
    "accessKey",
    "access_key",
    "access-key",
    "credentials",
    "token",
    "accessToken",
    "PASSWORD",
  ])("%s holds a secret", (name) => {
    expect(isSecretField(name)).toBe(true);
  });
  it.each(["name", "type", "host", "passive", "passport", "tokenUrl", "tokenEndpoint", "keyAlias"])(
    "%s does not",
    (name) => {
      expect(isSecretField(name)).toBe(false);
    },
  );
});

describe("secretValuesOf and redactSecretFields: the values under secret fields, at any depth", () => {
  const definition = {
    type: "db",
    name: "orders",
    password: "pw-1",
    url: "jdbc:x://h/db?password=pw-1",
    empty: { password: "" },
    nested: { ssl: { caKeystoreFilePass: "pw-2" }, list: [{ apiKey: "k-3" }, "not-secret"] },
    credentials: { user: "u-4", parts: ["p-5", 6, null] },
    additionalProperties: [
      { name: "secret", value: "v-7" },
      { name: "timeout", value: "30" },
      { name: 5, value: "31" },
      { name: ["password"], value: "32" },
    ],
    count: 8,
    none: null,
  };

  it("secretValuesOf: every non-empty string under a secret field (a secret field's object or array counts whole)", () => {
    expect(secretValuesOf(definition)).toEqual(["pw-1", "pw-2", "k-3", "u-4", "p-5", "v-7"]);
    for (const value of [null, "password", 5, [], {}]) expect(secretValuesOf(value)).toEqual([]);
    expect(secretValuesOf(["x", { token: "t" }])).toEqual(["t"]);
  });

  it("redactSecretFields: the same values replaced by the placeholder, everything else as it was", () => {
    expect(redactSecretFields(definition)).toStrictEqual({
      ...definition,
      password: REDACTED,
      nested: { ssl: { caKeystoreFilePass: REDACTED }, list: [{ apiKey: REDACTED }, "not-secret"] },
      credentials: { user: REDACTED, parts: [REDACTED, 6, null] },
      additionalProperties: [
        { name: "secret", value: REDACTED },
        { name: "timeout", value: "30" },
        { name: 5, value: "31" },
        { name: ["password"], value: "32" },
      ],
    });
    for (const value of [null, "password", 5]) expect(redactSecretFields(value)).toBe(value);
    expect(definition.password).toBe("pw-1"); // a copy
  });
});
