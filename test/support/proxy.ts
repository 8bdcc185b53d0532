// A small forward proxy on loopback that records what it saw: absolute-form requests (with their
// headers) and CONNECT tunnels (the target, and the bytes that went through, which for TLS are
// opaque). Host names are mapped to loopback ports (`hosts`), so a test can use a name that does
// not resolve (apinizer.staging.invalid) and still reach its server through the proxy only.
import http from "node:http";
import net, { type AddressInfo } from "node:net";

export interface ProxySeen {
  /** `GET http://host:port/path` for absolute-form requests; `CONNECT host:port` for tunnels. */
  readonly line: string;
  readonly headers: http.IncomingHttpHeaders;
  /** For a tunnel: every byte the client sent through it. */
  readonly tunnelled: Buffer[];
}

export interface TestProxy {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly seen: ProxySeen[];
  close(): Promise<void>;
}

/** Starts the proxy; `hosts` maps `host:port` (or `host`) as the client names it to a loopback port. */
export async function startProxy(hosts: Readonly<Record<string, number>>): Promise<TestProxy> {
  const seen: ProxySeen[] = [];
  const sockets = new Set<net.Socket>();
  const portOf = (host: string, port: string): number | undefined => hosts[`${host}:${port}`] ?? hosts[host];
  const server = http.createServer((req, res) => {
    seen.push({ line: `${req.method} ${req.url}`, headers: req.headers, tunnelled: [] });
    let target: URL;
    try {
      target = new URL(req.url ?? "");
    } catch {
      res.writeHead(400).end("absolute-form only");
      return;
    }
    const port = portOf(target.hostname, target.port || "80");
    if (port === undefined) {
      res.writeHead(502).end("unknown host");
      return;
    }
    const upstream = http.request(
      { host: "127.0.0.1", port, method: req.method, path: `${target.pathname}${target.search}`, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const record: ProxySeen = { line: `CONNECT ${req.url}`, headers: req.headers, tunnelled: [] };
    seen.push(record);
    const [host = "", port = "443"] = (req.url ?? "").split(/:(?=\d+$)/);
    const to = portOf(host, port);
    if (to === undefined) {
      client.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
      return;
    }
    const upstream = net.connect(to, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) {
        record.tunnelled.push(head);
        upstream.write(head);
      }
      client.on("data", (chunk: Buffer) => record.tunnelled.push(chunk));
      client.pipe(upstream);
      upstream.pipe(client);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
