// Issue 10, input 10: proxies. verify never sends the token through a proxy: when the proxy
// settings (as the CLI reads them from HTTP_PROXY, HTTPS_PROXY, NO_PROXY) apply to the server or
// the broker, the run refuses with a clear message before sending anything; NO_PROXY that
// excludes the host lets it run directly. The "proxy" is a recording server: it must see nothing.
import { describe, expect, it } from "vitest";
import { serve } from "../../../src/provider/index.js";
import { cleanup, type ProxySettings } from "../../../src/verify/index.js";
import { proxyProblem } from "../../../src/verify/server/proxy.js";
import { closeAfterTest } from "../../support/lifecycle.js";
import { againstServer, TOKEN, verifyCollect } from "../support/harness.js";
import { startFront, startVictim, type TestServer } from "../support/servers.js";

const PROJECT = "MyProject";
async function setup() {
  const s = await serve({ token: TOKEN, projects: [PROJECT] });
  closeAfterTest(s);
  const server = await startFront(s.url, () => false);
  const proxy = await startVictim();
  closeAfterTest(server, proxy);
  // A proxy URL with credentials: the message must not repeat it.
  const proxyUrl = `http://proxyuser:proxy-secret-pw@${new URL(proxy.url).host}`;
  return { server, proxy, proxyUrl };
}

const run = (baseUrl: string, proxy: ProxySettings) =>
  verifyCollect({
    ...againstServer(baseUrl, { projectName: PROJECT }),
    proxy,
  });

const nothingReached = (...servers: TestServer[]) => {
  for (const s of servers) expect(s.received.map((r) => `${r.method} ${r.url}`)).toEqual([]);
};

describe("proxy settings that apply", () => {
  // The input first: HTTP_PROXY set for an http server; then NO_PROXY entries that do not match.
  const cases: { name: string; proxy: (p: string, port: string) => ProxySettings }[] = [
    { name: "HTTP_PROXY, no NO_PROXY", proxy: (p) => ({ httpProxy: p }) },
    { name: "NO_PROXY for another domain", proxy: (p) => ({ httpProxy: p, noProxy: ".example.com,localhost" }) },
    {
      name: "NO_PROXY for the host on another port",
      proxy: (p, port) => ({ httpProxy: p, noProxy: `127.0.0.1:${Number(port) + 1}` }),
    },
    { name: "NO_PROXY for a longer host name", proxy: (p) => ({ httpProxy: p, noProxy: "127.0.0.10" }) },
  ];
  it.each(cases)("$name: refused before anything is sent, with the way out", async ({ proxy }) => {
    const { server, proxy: p, proxyUrl } = await setup();
    const r = await run(server.url, proxy(proxyUrl, new URL(server.url).port));
    expect(r.report.outcome).toBe("preflight-failed");
    const said = r.report.problems.join("\n");
    expect(said).toMatch(/HTTP_PROXY is set and applies to the server 127\.0\.0\.1/);
    expect(said).toMatch(/add 127\.0\.0\.1 to NO_PROXY/);
    expect(Object.values(r.texts).join("\n")).not.toMatch(/proxy-secret-pw|proxyuser/);
    nothingReached(server, p);
  });

  it("for the Pact Broker: refused too", async () => {
    const { proxy: p, proxyUrl } = await setup();
    const broker = await startVictim();
    closeAfterTest(broker);
    const r = await verifyCollect({
      target: { kind: "stand-in" },
      source: {
        kind: "broker",
        broker: { url: broker.url, auth: { token: "broker-token-x" }, includeWipPactsSince: "2026-01-01" },
      },
      timeoutMs: 5_000,
      proxy: { httpProxy: proxyUrl },
    });
    expect(r.report.outcome).not.toBe("verified");
    expect(r.report.problems.join("\n")).toMatch(/HTTP_PROXY is set and applies to the Pact Broker 127\.0\.0\.1/);
    nothingReached(broker, p);
  });

  it("for cleanup: refused too", async () => {
    const { server, proxy: p, proxyUrl } = await setup();
    const r = await cleanup({
      baseUrl: server.url,
      token: TOKEN,
      projectName: PROJECT,
      timeoutMs: 5_000,
      proxy: { httpProxy: proxyUrl },
      output: { line: () => {}, result: () => {} },
    });
    expect(r.outcome).toBe("failed");
    expect(r.problems.join("\n")).toMatch(/HTTP_PROXY is set/);
    nothingReached(server, p);
  });
});

describe("proxy settings that do not apply", () => {
  // The input first: NO_PROXY excluding the host; then other exclusions.
  const cases: { name: string; proxy: (p: string, port: string) => ProxySettings }[] = [
    { name: "NO_PROXY names the host", proxy: (p) => ({ httpProxy: p, noProxy: "127.0.0.1" }) },
    { name: "NO_PROXY is *", proxy: (p) => ({ httpProxy: p, noProxy: "*" }) },
    {
      name: "NO_PROXY names host and port, among spaces",
      proxy: (p, port) => ({ httpProxy: p, noProxy: ` foo , 127.0.0.1:${port} ` }),
    },
    { name: "only HTTPS_PROXY, for an http server", proxy: (p) => ({ httpsProxy: p }) },
    { name: "an empty HTTP_PROXY", proxy: () => ({ httpProxy: "" }) },
  ];
  it.each(cases)("$name: runs directly, the proxy sees nothing", async ({ proxy }) => {
    const { server, proxy: p, proxyUrl } = await setup();
    const r = await run(server.url, proxy(proxyUrl, new URL(server.url).port));
    expect(r.report.outcome, r.reportText).toBe("verified");
    expect(server.received.length).toBeGreaterThan(0);
    nothingReached(p);
  });
});

describe("which variable applies (undici's EnvHttpProxyAgent, which Node's fetch uses with NODE_USE_ENV_PROXY=1)", () => {
  const url = "https://staging.example.com/apiops/";
  it.each([
    ["an https server, HTTPS_PROXY", { httpsProxy: "http://p:3128" }, /^HTTPS_PROXY is set/],
    ["an https server, only HTTP_PROXY (the fallback)", { httpProxy: "http://p:3128" }, /^HTTP_PROXY is set/],
    ["an https server, both", { httpProxy: "http://a:1", httpsProxy: "http://b:2" }, /^HTTPS_PROXY is set/],
  ] as const)("%s: refused", (_, settings, expected) => {
    expect(proxyProblem(url, settings, "the server")).toMatch(expected);
  });

  it("an http server with only HTTPS_PROXY, or a host in NO_PROXY: direct", () => {
    expect(proxyProblem("http://staging.example.com/", { httpsProxy: "http://p:3128" }, "the server")).toBeUndefined();
    expect(proxyProblem(url, { httpProxy: "http://p:3128", noProxy: ".example.com" }, "the server")).toBeUndefined();
  });
});
