// Issue 20, proxies: one policy for every command, through the CLI's transport (src/cli/transport.ts).
// A recording proxy on loopback forwards to the stand-in under a host name that does not resolve
// (apinizer.staging.invalid), so a command can only succeed through the proxy; with NO_PROXY naming
// that host it goes direct and fails to resolve, saying so. An https target is tunnelled (CONNECT):
// the proxy sees the host and opaque bytes, never the token (a real process, for NODE_EXTRA_CA_CERTS).
import { readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { isLoopback, normaliseNoProxy, proxied, proxyConfigFrom, transportFrom } from "../../src/cli/transport.js";
import { serve } from "../../src/provider/index.js";
import { DELETED_BODY } from "../client/server.js";
import { cli } from "../support/io.js";
import { closeAfterTest } from "../support/lifecycle.js";
import { startProxy, type TestProxy } from "../support/proxy.js";
import { runCli } from "./support/process.js";

const TOKEN = "proxy-token-5e6f7a8b";
const HOST = "apinizer.staging.invalid";
const PROJECT = "MyProject";

/** The stand-in, and a proxy that knows it as HOST:PORT (the stand-in's own port). */
async function setup(): Promise<{ proxy: TestProxy; baseUrl: string; port: number }> {
  const standIn = await serve({ token: TOKEN, projects: [PROJECT], connections: [{ connectionName: "c1" }] });
  const port = Number(new URL(standIn.url).port);
  const proxy = await startProxy({ [`${HOST}:${port}`]: port });
  closeAfterTest(standIn, proxy);
  return { proxy, baseUrl: `http://${HOST}:${port}`, port };
}

const run = (argv: string[], env: Record<string, string>) => cli(argv, { APINIZER_TOKEN: TOKEN, ...env });

const commands = (baseUrl: string): [string, string[]][] => [
  ["delete", ["delete", "--base-url", baseUrl, "--project", PROJECT, "--connection", "c1", "--ignore-missing"]],
  ["verify --base-url", ["verify", "--base-url", baseUrl, "--project", PROJECT]],
  ["cleanup", ["cleanup", "--base-url", baseUrl, "--project", PROJECT]],
];

describe("through HTTP_PROXY", () => {
  it.each(["HTTP_PROXY", "http_proxy"])(
    "%s: delete, verify --base-url and cleanup reach a host only the proxy knows",
    async (variable) => {
      const { proxy, baseUrl } = await setup();
      for (const [name, argv] of commands(baseUrl)) {
        const before = proxy.seen.length;
        const r = await run(argv, { [variable]: proxy.url });
        expect(r.code, `${name}: ${r.err}${r.out}`).toBe(0);
        const lines = proxy.seen.slice(before).map((s) => s.line);
        expect(lines.length, name).toBeGreaterThan(0);
        // Absolute form: the proxy was asked for the host by name.
        for (const line of lines) expect(line).toMatch(new RegExp(`^[A-Z]+ ${baseUrl.replace(/\./g, "\\.")}/apiops/`));
        // Plain http to a host that is not loopback: one warning, on stderr.
        expect(r.err.match(/sent over plain http, through the proxy/g), name).toHaveLength(1);
        expect(r.out + r.err).not.toContain(TOKEN);
      }
    },
  );

  it.each([
    ["the host", HOST],
    ["a domain suffix", ".staging.invalid"],
    ["a suffix without the dot", "staging.invalid"],
    ["the host and its port", `${HOST}:PORT`],
    ["*", "*"],
    ["the host among others, upper case", `example.com, ${HOST.toUpperCase()}`],
  ])("NO_PROXY naming %s: each command goes direct and fails to resolve, saying so", async (_, noProxy) => {
    const { proxy, baseUrl, port } = await setup();
    for (const [name, argv] of commands(baseUrl)) {
      const r = await run(argv, { HTTP_PROXY: proxy.url, NO_PROXY: noProxy.replace("PORT", String(port)) });
      expect(r.code, name).not.toBe(0);
      // One sentence, then the raw reason (issue 20: one voice for a DNS failure).
      expect(r.err + r.out, name).toMatch(/the server's host name could not be resolved \(DNS\): .*ENOTFOUND/);
    }
    expect(proxy.seen).toEqual([]);
  });

  it("NO_PROXY for the host on another port: still through the proxy", async () => {
    const { proxy, baseUrl, port } = await setup();
    const [, argv] = commands(baseUrl)[0] as [string, string[]];
    const r = await run(argv, { HTTP_PROXY: proxy.url, NO_PROXY: `${HOST}:${port + 1}` });
    expect(r.code, r.err).toBe(0);
    expect(proxy.seen).toHaveLength(1);
  });

  it("loopback never goes through the proxy, whatever NO_PROXY says", async () => {
    const standIn = await serve({ token: TOKEN, projects: [PROJECT], connections: [{ connectionName: "c1" }] });
    const proxy = await startProxy({});
    closeAfterTest(standIn, proxy);
    const byName = standIn.url.replace("127.0.0.1", "localhost");
    for (const baseUrl of [standIn.url, byName]) {
      for (const [name, argv] of commands(baseUrl)) {
        const r = await run(argv, { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
        expect(r.code, `${name} ${baseUrl}: ${r.err}`).toBe(0);
        expect(r.err).not.toMatch(/plain http|proxy/);
      }
    }
    expect(proxy.seen).toEqual([]);
  });

  it("a proxy variable that is not a URL: a usage error that does not repeat it", async () => {
    const r = await run(commands("https://staging.example.com")[0]?.[1] ?? [], {
      HTTPS_PROXY: "http://u:pw-secret@[bad",
    });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/HTTPS_PROXY is not a valid proxy URL/);
    expect(r.err).not.toContain("pw-secret");
  });
});

describe("which proxy applies (undici's EnvHttpProxyAgent rule, plus loopback and IPv6)", () => {
  const config = (env: Record<string, string>) => proxyConfigFrom(env);
  it.each([
    [{ HTTPS_PROXY: "http://p:1" }, "https://a.example/", true],
    [{ HTTP_PROXY: "http://p:1" }, "https://a.example/", true],
    [{ HTTPS_PROXY: "http://p:1" }, "http://a.example/", false],
    [{ HTTP_PROXY: "p.corp:3128" }, "http://a.example/", true],
    [{ HTTP_PROXY: "http://p:1", NO_PROXY: "::1" }, "http://[::1]:8080/", false],
    [{ HTTP_PROXY: "http://p:1", NO_PROXY: "fd00::1" }, "http://[fd00::1]:8080/", false],
    [{ HTTP_PROXY: "http://p:1", NO_PROXY: "[fd00::1]:8080" }, "http://[fd00::1]:8080/", false],
    [{ HTTP_PROXY: "http://p:1", NO_PROXY: "[fd00::1]:8081" }, "http://[fd00::1]:8080/", true],
    [{ HTTP_PROXY: "http://p:1", NO_PROXY: "a.example,*" }, "http://b.example/", false],
    [{ HTTP_PROXY: "http://p:1", NO_PROXY: "example" }, "http://badexample/", true],
    [{ HTTP_PROXY: "http://p:1" }, "http://127.0.0.2/", false],
  ] as const)("%j for %s: proxied %s", (env, url, expected) => {
    expect(proxied(config(env), url)).toBe(expected);
  });

  it.each([
    ["fd00::1", 0],
    ["[fd00::1]", 0],
    ["", 1],
  ])(
    "the real agent, NO_PROXY=%j: an IPv6 host goes direct (0 seen by the proxy) or through it (1)",
    async (noProxy, seen) => {
      const proxy = await startProxy({});
      closeAfterTest(proxy);
      const send = transportFrom({ HTTP_PROXY: proxy.url, NO_PROXY: noProxy });
      await send(new Request("http://[fd00::1]:8080/", { signal: AbortSignal.timeout(1000) })).catch(() => undefined);
      expect(proxy.seen.map((s) => s.line)).toEqual(seen === 0 ? [] : ["GET http://[fd00::1]:8080/"]);
    },
  );

  it("NO_PROXY in undici's form: IPv6 bracketed, * alone", () => {
    expect(normaliseNoProxy("::1, localhost ,[::1]:80,fe80::1%eth0")).toBe("[::1],localhost,[::1]:80,[fe80::1%eth0]");
    expect(normaliseNoProxy("a,*")).toBe("*");
    expect(isLoopback("[::1]")).toBe(true);
    expect(isLoopback("127.10.0.1")).toBe(true);
    expect(isLoopback("127.example.com")).toBe(false);
  });
});

describe("an https target through the proxy (a real process: NODE_EXTRA_CA_CERTS is read at start-up)", () => {
  const tls = (file: string) => readFileSync(new URL(`../support/tls/${file}`, import.meta.url));

  it("is tunnelled: the proxy sees CONNECT and TLS bytes, never the token; the server gets it", async () => {
    const authorizations: (string | undefined)[] = [];
    const server = https.createServer({ key: tls("server.key"), cert: tls("server.pem") }, (req, res) => {
      authorizations.push(req.headers.authorization);
      res.writeHead(200, { "content-type": "application/json" }).end(DELETED_BODY);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    closeAfterTest({ close: () => new Promise<void>((r) => server.close(() => r())) });
    const proxy = await startProxy({ [`${HOST}:443`]: (server.address() as AddressInfo).port });
    closeAfterTest(proxy);
    const argv = ["delete", "--base-url", `https://${HOST}`, "--project", PROJECT, "--connection", "c1"];
    const env = { APINIZER_TOKEN: TOKEN, HTTPS_PROXY: proxy.url };
    const trusted = await runCli(argv, {
      ...env,
      NODE_EXTRA_CA_CERTS: new URL("../support/tls/ca.pem", import.meta.url).pathname,
    });
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stderr).toBe("");
    expect(authorizations).toEqual([`Bearer ${TOKEN}`]);
    expect(proxy.seen.map((s) => s.line)).toEqual([`CONNECT ${HOST}:443`]);
    const bytes = Buffer.concat(proxy.seen[0]?.tunnelled ?? []);
    expect(bytes[0]).toBe(0x16); // a TLS handshake record: opaque from here on
    expect(bytes.includes(TOKEN)).toBe(false);
    expect(bytes.includes("Bearer")).toBe(false);
    expect(proxy.seen[0]?.headers["authorization"]).toBeUndefined();

    // Without the corporate CA: refused by TLS, nothing sent in clear, and the reason says what to do.
    const untrusted = await runCli(argv, env);
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stderr).toMatch(
      /the TLS connection failed: the server's certificate is not trusted here \(a corporate CA: set NODE_EXTRA_CA_CERTS\): .*UNABLE_TO_VERIFY_LEAF_SIGNATURE/,
    );
    expect(untrusted.stderr).not.toContain("\\u000a");
    expect(authorizations).toHaveLength(1);
  });
});
