// A loopback HTTP/1.1 server written on node:net, for faults node:http will not produce on
// purpose: an interim `100 Continue` nobody asked for, oversized headers, a body that cannot be
// decoded, a kept-alive connection closed when the next request arrives. The handler gets the
// socket and writes raw bytes; the server records which connection each request came on.
import net from "node:net";

/** A request head as received, with where it came from. */
export interface RawRequest {
  readonly method: string;
  /** The request target as sent. */
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The request body (read by Content-Length). */
  readonly body: string;
  /** Which connection (0, 1, ... in the order they were accepted). */
  readonly connection: number;
  /** Which request on that connection (0 = the first: a fresh connection; more = a reused one). */
  readonly onConnection: number;
}

export type RawHandler = (socket: net.Socket, request: RawRequest) => void;

export interface RawServer {
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly received: RawRequest[];
  handler: RawHandler;
  close(): Promise<void>;
}

/** A complete answer's bytes: status line, headers (Content-Length added), body. */
export function answer(status: number, body: string, headers: Readonly<Record<string, string>> = {}): string {
  const lines = Object.entries({ "content-type": "application/json", ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
  return `HTTP/1.1 ${status} X\r\n${lines.join("")}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function parseHead(head: string): Omit<RawRequest, "body" | "connection" | "onConnection"> {
  const [requestLine = "", ...lines] = head.split("\r\n");
  const [method = "", target = ""] = requestLine.split(" ");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(":");
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return { method, target, headers };
}

/** Starts a server on 127.0.0.1; each complete request goes to `handler`. */
export async function startRawServer(handler: RawHandler): Promise<RawServer> {
  const received: RawRequest[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const state: RawServer = {
    url: "",
    received,
    handler,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((socket) => {
    const connection = connections++;
    let onConnection = 0;
    let buffer = Buffer.alloc(0);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = parseHead(buffer.subarray(0, end).toString("latin1"));
        const length = Number(head.headers["content-length"] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const body = buffer.subarray(end + 4, end + 4 + length).toString("utf8");
        buffer = buffer.subarray(end + 4 + length);
        const request = { ...head, body, connection, onConnection: onConnection++ };
        received.push(request);
        state.handler(socket, request);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  (state as { url: string }).url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return state;
}

/**
 * Lets the client's connection pool take back the connection of the answer just read: undici
 * returns it to the pool a turn of the event loop after the body ends, and a request made in
 * the same turn opens a new connection. Not a timer: one turn.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
