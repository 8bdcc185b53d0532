import fc from "fast-check";
import { createFinalURL, defaultPathSerializer } from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectionsClient, MAX_NAME_LENGTH } from "../../src/client/index.js";
import { startServer, type TestServer } from "./server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const client = () => createConnectionsClient({ baseUrl: server.url, token: "tok-5f2a9c" });

/** Deletes with the given names; returns the result and the raw paths of the requests it caused. */
async function send(projectName: unknown, connectionName: unknown) {
  const before = server.requests.length;
  const result = await client().deleteConnection({ projectName, connectionName } as {
    projectName: string;
    connectionName: string;
  });
  return { result, paths: server.requests.slice(before).map((r) => r.url) };
}

const REFUSED: [string, unknown, RegExp][] = [
  ["empty", "", /must not be empty/],
  ["whitespace only", "  \u3000\u00a0", /only whitespace/],
  ["invisible only", "\u200b\ufeff", /only whitespace/],
  ["dot", ".", /dot segment/],
  ["dot dot", "..", /dot segment/],
  ["%2e", "%2e", /dot segment/],
  ["%2E%2e", "%2E%2e", /dot segment/],
  [".%2E", ".%2E", /dot segment/],
  ["double-encoded", "%252e%252E", /dot segment/],
  ["triple-encoded", "%25252e.", /dot segment/],
  ["fullwidth dots", "\uff0e\uff0e", /dot segment/],
  ["two dot leader", "\u2025", /dot segment/],
  ["padded dots", " .. ", /dot segment/],
  ["slash", "a/b", /"\/"/],
  ["backslash", "a\\b", /"\/" or "\\"/],
  ["encoded slash", "a%2Fb", /"\/"/],
  ["encoded backslash", "a%5cb", /"\/"/],
  ["fullwidth slash", "a\uff0fb", /"\/"/],
  ["NUL", "a\u0000b", /control characters/],
  ["newline", "a\nb", /control characters/],
  ["DEL", "a\u007fb", /control characters/],
  ["C1 control", "a\u0085b", /control characters/],
  ["encoded CR", "a%0Db", /control characters/],
  ["lone high surrogate", "a\ud800b", /surrogate/],
  ["lone low surrogate", "\udc00", /surrogate/],
  ["too long", "x".repeat(MAX_NAME_LENGTH + 1), /at most 255/],
  ["too long in code points", "😀".repeat(MAX_NAME_LENGTH + 1), /at most 255/],
  ["number", 42, /must be a string \(got number\)/],
  ["null", null, /must be a string \(got null\)/],
  ["undefined", undefined, /must be a string \(got undefined\)/],
];

describe("names that cannot be sent safely are refused before any request", () => {
  for (const [label, value, reason] of REFUSED) {
    it(`connectionName: ${label}`, async () => {
      const { result, paths } = await send("MyProject", value);
      expect(result).toMatchObject({ ok: false, kind: "invalid-argument" });
      expect(result.ok === false && result.message).toMatch(/^connectionName /);
      expect(result.ok === false && result.message).toMatch(reason);
      expect(paths).toEqual([]);
    });
    it(`projectName: ${label}`, async () => {
      const { result, paths } = await send(value, "c");
      expect(result.ok === false && result.message).toMatch(/^projectName /);
      expect(result.ok === false && result.message).toMatch(reason);
      expect(paths).toEqual([]);
    });
  }

  it("bad params or options never throw", async () => {
    const c = client();
    const call = c.deleteConnection as (...args: unknown[]) => ReturnType<typeof c.deleteConnection>;
    await expect(call(undefined)).resolves.toMatchObject({ kind: "invalid-argument", message: /params/ });
    await expect(call("x")).resolves.toMatchObject({ kind: "invalid-argument" });
    await expect(call({ projectName: "p", connectionName: "c" }, 5)).resolves.toMatchObject({
      kind: "invalid-argument",
      message: /options/,
    });
    await expect(call({ projectName: "p", connectionName: "c" }, { ignoreMissing: "yes" })).resolves.toMatchObject({
      kind: "invalid-argument",
      message: /ignoreMissing/,
    });
    await expect(call({ projectName: "p", connectionName: "c" }, { signal: {} })).resolves.toMatchObject({
      kind: "invalid-argument",
      message: /signal/,
    });
    const throwing = Object.defineProperty({}, "projectName", {
      get: () => {
        throw new Error("getter");
      },
    });
    await expect(call(throwing)).resolves.toMatchObject({ kind: "invalid-argument" });
  });
});

describe("names that can be sent are sent as exactly one segment", () => {
  const ACCEPTED = [
    "my-email-connection",
    "My Connection",
    "a.b",
    "...",
    ".hidden",
    "..a",
    "100%",
    "%zz",
    "%2",
    "a?b#c",
    "a;b=c&d",
    "ünïcödé-名前",
    "😀",
    "x".repeat(MAX_NAME_LENGTH),
    "😀".repeat(MAX_NAME_LENGTH),
    " leading and trailing ",
  ];
  for (const name of ACCEPTED) {
    it(JSON.stringify(name.length > 20 ? `${name.slice(0, 20)}...` : name), async () => {
      const { result, paths } = await send("My Project", name);
      expect(result.ok).toBe(true);
      expect(paths).toEqual([`/apiops/projects/My%20Project/connections/${encodeURIComponent(name)}/`]);
    });
  }

  it("a space is sent as %20", async () => {
    const { paths } = await send("My Project", "a b");
    expect(paths).toEqual(["/apiops/projects/My%20Project/connections/a%20b/"]);
  });

  it("a base URL with a path prefix (with or without trailing slash) is kept", async () => {
    for (const base of [`${server.url}/prefix`, `${server.url}/prefix/`, `${server.url}/a/b//`]) {
      const before = server.requests.length;
      const r = await createConnectionsClient({ baseUrl: base, token: "tok-5f2a9c" }).deleteConnection({
        projectName: "P",
        connectionName: "..",
      });
      expect(r.ok).toBe(false);
      const r2 = await createConnectionsClient({ baseUrl: base, token: "tok-5f2a9c" }).deleteConnection({
        projectName: "P",
        connectionName: "C",
      });
      expect(r2.ok).toBe(true);
      const expected = base.includes("/a/b") ? "/a/b" : "/prefix";
      expect(server.requests.slice(before).map((q) => q.url)).toEqual([`${expected}/apiops/projects/P/connections/C/`]);
    }
  });
});

/** A name is refused, or it arrives as exactly one segment that decodes back to itself. */
async function checkPair(projectName: string, connectionName: string): Promise<void> {
  const { result, paths } = await send(projectName, connectionName);
  if (result.ok === false && result.kind === "invalid-argument") {
    expect(paths).toEqual([]);
    return;
  }
  expect(result.ok).toBe(true);
  expect(paths).toHaveLength(1);
  const path = paths[0] as string;
  const match = /^\/apiops\/projects\/([^/]+)\/connections\/([^/]+)\/$/.exec(path);
  expect(match, path).not.toBeNull();
  expect(decodeURIComponent(match?.[1] ?? "")).toBe(projectName);
  expect(decodeURIComponent(match?.[2] ?? "")).toBe(connectionName);
  expect(path).toBe(
    `/apiops/projects/${encodeURIComponent(projectName)}/connections/${encodeURIComponent(connectionName)}/`,
  );
  // ... which is exactly the path openapi-fetch's own serializer (the `raw` client's) produces.
  const viaOpenapiFetch = createFinalURL("/apiops/projects/{projectName}/connections/{connectionName}/", {
    baseUrl: "",
    params: { path: { projectName, connectionName } },
    querySerializer: () => "",
    pathSerializer: defaultPathSerializer,
  });
  expect(path).toBe(viaOpenapiFetch);
}

const tricky = fc.oneof(
  fc.constantFrom(
    ".",
    "..",
    "%",
    "%2e",
    "%2E",
    "%25",
    "%2f",
    "%2F",
    "%5c",
    "/",
    "\\",
    " ",
    "\t",
    "\u0000",
    "\u001f",
    "\u007f",
    "\uff0e",
    "\uff0f",
    "\u2024",
    "\u2025",
    "?",
    "#",
    "a",
    "Z",
    "9",
    "-",
    "\ud800",
    "\udfff",
    "😀",
    "\u200b",
    "%00",
    "%0a",
  ),
  fc.string({ unit: "grapheme", maxLength: 2 }),
);
const trickyName = fc.array(tricky, { maxLength: 8 }).map((parts) => parts.join(""));

describe("property: no name ever reaches another route", () => {
  it("arbitrary full-Unicode names (including lone surrogates)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.string({ unit: "binary", maxLength: 40 }),
        checkPair,
      ),
      { numRuns: 1500 },
    );
  });

  it("targeted names mixing dots, %, slashes, spaces and control characters", async () => {
    await fc.assert(fc.asyncProperty(trickyName, trickyName, checkPair), { numRuns: 1500 });
  });

  it("long names around the length limit", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary-ascii", minLength: 250, maxLength: 260 }), async (name) =>
        checkPair("P", name),
      ),
      { numRuns: 200 },
    );
  });

  it("every request that was sent went to the connection route", () => {
    const stray = server.requests.filter(
      (r) => !/^(\/prefix|\/a\/b)?\/apiops\/projects\/[^/]+\/connections\/[^/]+\/$/.test(r.url),
    );
    expect(stray).toEqual([]);
    expect(server.requests.every((r) => r.method === "DELETE")).toBe(true);
  });
});
