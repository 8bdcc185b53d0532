// Network facts tests need from this machine.
import { readFileSync } from "node:fs";
import net from "node:net";

/** A loopback port nothing listens on (one was open there a moment ago and is closed now). */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Binds `port` on loopback and closes it: the port it got, or undefined when it was taken. */
function bindable(port: number): Promise<number | undefined> {
  return new Promise((done) => {
    const s = net.createServer();
    s.once("error", () => done(undefined));
    s.listen(port, "127.0.0.1", () => {
      const { port: got } = s.address() as net.AddressInfo;
      s.close(() => done(got));
    });
  });
}

/**
 * A loopback port free now, for a program that binds it seconds later (Ruby, Prism): drawn below
 * Linux's ephemeral range, the ports the system hands out for `listen(0)` and outgoing
 * connections, which the suite's many servers and requests use by the thousand, so nothing takes
 * it by chance meanwhile. Outside Linux, one the system hands out.
 */
export async function portForLater(): Promise<number> {
  let ephemeralFrom = 0;
  try {
    ephemeralFrom = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
  } catch {
    // Not Linux.
  }
  if (ephemeralFrom > 20_000) {
    for (let i = 0; i < 20; i += 1) {
      const port = await bindable(10_000 + Math.floor(Math.random() * (ephemeralFrom - 10_000)));
      if (port !== undefined) return port;
    }
  }
  const port = await bindable(0);
  if (port === undefined) throw new Error("no free port on 127.0.0.1");
  return port;
}
