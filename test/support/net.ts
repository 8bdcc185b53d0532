// Network facts tests need from this machine.
import net from "node:net";

/** A loopback port nothing listens on (one was open there a moment ago and is closed now). */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
