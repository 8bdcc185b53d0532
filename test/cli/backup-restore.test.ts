// `delete --backup DIR` then `restore DIR`, against the stand-in seeded with connections of two
// types carrying secrets: the same definitions come back (field by field), the files are 0600 in
// 0700 folders, and no secret appears in any output. A backup that cannot be written (a folder
// under a file, a full disk) deletes nothing.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { main } from "../../src/cli/index.js";
import { createConnectionsClient } from "../../src/client/index.js";
import { type SeedConnection, type ServeOptions, serve } from "../../src/provider/index.js";
import { captureIo } from "../support/io.js";

const TOKEN = "backup-token-5c4b3a2910";
const P = "Payments";
const SECRETS = ["smtp-Pa55-word!", "kafka+sasl/Secret==", "ldap-bind-secret-77", "ca-pass-9f"];

const SEED: SeedConnection[] = [
  {
    connectionName: "mail-out",
    type: "email",
    fields: { host: "smtp.example.com", port: 587, username: "robot", password: SECRETS[0], additionalProperties: [] },
  },
  {
    connectionName: "events",
    type: "kafka",
    deployToWorker: false,
    fields: {
      topicName: "events",
      bootstrapServers: "k1:9092",
      saslPassword: SECRETS[1],
      caTruststoreFilePass: SECRETS[3],
      // The secret repeated inside another field: restore's redaction finds it there too.
      jaasConfig: `user="svc" password="${SECRETS[1]}"`,
    },
  },
  { connectionName: "directory", type: "ldap", fields: { url: "ldap://dir:389", bindPassword: SECRETS[2] } },
  { connectionName: "kept", type: "email", fields: { host: "smtp.example.com", password: "kept-secret-x1" } },
];

async function standIn(options: ServeOptions = {}) {
  const s = await serve({ token: TOKEN, projects: [P], connections: SEED, ...options });
  onTestFinished(() => s.close());
  return s;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "apinizer-backup-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function cli(argv: string[], url: string, stdin?: string) {
  const c = captureIo({ APINIZER_TOKEN: TOKEN, APINIZER_BASE_URL: url });
  const io = stdin === undefined ? c.io : { ...c.io, stdin: [stdin] };
  const code = await main(argv, io);
  return { code, out: c.stdout(), err: c.stderr() };
}

const NAMES = ["mail-out", "events", "directory"];
const noSecretIn = (text: string) => {
  for (const secret of [...SECRETS, TOKEN]) expect(text).not.toContain(secret);
  expect(text).not.toContain("kafka%2Bsasl"); // nor an encoded form
};

describe.each(["success", "status"] as const)("delete --backup, then restore (%s envelope)", (envelope) => {
  it("brings the three connections back with the same definitions; files 0600, folders 0700, no secret printed", async () => {
    const s = await standIn({ envelope });
    const client = createConnectionsClient({ baseUrl: s.url, token: TOKEN });
    const before = await Promise.all(NAMES.map((c) => client.getConnection({ projectName: P, connectionName: c })));
    const dir = join(tempDir(), "backups");

    const deleted = await cli(
      ["delete", "--project", P, ...NAMES.flatMap((n) => ["--connection", n]), "--backup", dir],
      s.url,
    );
    expect(deleted.code, deleted.err).toBe(0);
    noSecretIn(deleted.out + deleted.err);
    for (const name of NAMES) {
      const file = join(dir, P, `${name}.json`);
      expect(deleted.out).toContain(`(backup: ${file})`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(await client.getConnection({ projectName: P, connectionName: name })).toMatchObject({
        kind: "connection-not-found",
      });
    }
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, P)).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, P)).sort()).toEqual(["directory.json", "events.json", "mail-out.json"]);

    const restored = await cli(["restore", dir], s.url);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out.match(/^Restored connection /gm)).toHaveLength(3);
    noSecretIn(restored.out + restored.err);

    for (const [i, name] of NAMES.entries()) {
      const now = await client.getConnection({ projectName: P, connectionName: name });
      const was = before[i];
      if (!now.ok || !was?.ok) throw new Error(`${name}: ${JSON.stringify(now)}`);
      // Field by field: every field of the definition as it was, and no other.
      expect(Object.keys(now.connection).sort(), name).toEqual(Object.keys(was.connection).sort());
      for (const [field, value] of Object.entries(was.connection))
        expect(now.connection[field], `${name}.${field}`).toEqual(value);
    }
    expect(await client.getConnection({ projectName: P, connectionName: "kept" })).toMatchObject({ ok: true });
  });
});

describe("restore", () => {
  it("refuses to overwrite an existing connection unless --overwrite; the project defaults to the recorded one", async () => {
    const s = await standIn({ envelope: "status" });
    const dir = tempDir();
    expect((await cli(["delete", "--project", P, "--connection", "mail-out", "--backup", dir], s.url)).code).toBe(0);
    expect((await cli(["restore", dir], s.url)).code).toBe(0);
    const again = await cli(["restore", dir], s.url);
    expect(again.code).toBe(3);
    expect(again.err).toContain("error: exists");
    const replaced = await cli(["restore", dir, "--overwrite"], s.url);
    expect(replaced.code, replaced.err).toBe(0);
    expect(replaced.out).toContain("Replaced connection");
  });

  it("on a server that refuses an existing name, --overwrite says it cannot replace it", async () => {
    const s = await standIn({ envelope: "success" });
    const dir = tempDir();
    await cli(["delete", "--project", P, "--connection", "mail-out", "--backup", dir], s.url);
    await cli(["restore", dir], s.url);
    const r = await cli(["restore", dir, "--overwrite", "--json"], s.url);
    expect(r.code).toBe(3);
    const [line] = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(line).toMatchObject({ outcome: "exists", status: 400, connectionName: "mail-out", exitCode: 3 });
    expect(line.message).toContain("does not replace");
  });

  it("--dry-run shows what it would send with every secret field redacted, and sends nothing", async () => {
    const s = await standIn();
    const dir = tempDir();
    await cli(["delete", "--project", P, "--connection", "events", "--backup", dir], s.url);
    const log: string[] = [];
    const watched = await serve({ token: TOKEN, projects: [P], onRequest: (e) => void log.push(e.method) });
    onTestFinished(() => watched.close());
    for (const json of [[], ["--json"]]) {
      const r = await cli(["restore", dir, "--dry-run", ...json], watched.url);
      expect(r.code).toBe(0);
      expect(r.out).toContain("POST");
      expect(r.out).toContain("[REDACTED]");
      expect(r.out).toContain("k1:9092"); // other fields are shown
      noSecretIn(r.out + r.err);
    }
    expect(log).toEqual([]);
  });

  it("--project puts them in another project; a bare definition needs --project", async () => {
    const s = await standIn({ projects: [P, "Staging"] });
    const dir = tempDir();
    const bare = join(dir, "bare.json");
    writeFileSync(bare, JSON.stringify({ type: "email", name: "bare-one", password: "bare-secret-1" }));
    const without = await cli(["restore", bare], s.url);
    expect(without.code).toBe(12);
    expect(without.err).toContain("give --project");
    const into = await cli(["restore", bare, "--project", "Staging"], s.url);
    expect(into.code, into.err).toBe(0);
    const client = createConnectionsClient({ baseUrl: s.url, token: TOKEN });
    expect(await client.getConnection({ projectName: "Staging", connectionName: "bare-one" })).toMatchObject({
      ok: true,
      connection: { password: "bare-secret-1" },
    });
  });
});

describe("a backup that cannot be written deletes nothing", () => {
  it("a folder that cannot be made (under a file): exit 13 before anything is sent", async () => {
    const s = await standIn();
    const file = join(tempDir(), "a-file");
    writeFileSync(file, "");
    for (const backup of [join(file, "backups"), "/proc/apinizer-backups"]) {
      const r = await cli(["delete", "--project", P, "--connection", "mail-out", "--backup", backup], s.url);
      expect(r.code).toBe(13);
      expect(r.err).toMatch(
        /^apinizer-connections delete: error: not-backed-up: .*cannot be created .*nothing was deleted/,
      );
    }
    const client = createConnectionsClient({ baseUrl: s.url, token: TOKEN });
    expect(await client.getConnection({ projectName: P, connectionName: "mail-out" })).toMatchObject({ ok: true });
  });

  it.skipIf(process.getuid?.() !== 0)(
    "a full disk (a private /dev/full): exit 13, the connection still there",
    async () => {
      const s = await standIn();
      const dir = tempDir();
      mkdirSync(join(dir, P), { mode: 0o700 });
      // The partial file the backup is written to is a copy of /dev/full: every write fails with ENOSPC.
      execFileSync("mknod", [join(dir, P, "mail-out.json.partial"), "c", "1", "7"]);
      const r = await cli(["delete", "--project", P, "--connection", "mail-out", "--backup", dir, "--json"], s.url);
      expect(r.code).toBe(13);
      const out = JSON.parse(r.out);
      expect(out).toMatchObject({ ok: false, kind: "not-backed-up", stage: "write", exitCode: 13 });
      expect(out.message).toContain("ENOSPC");
      noSecretIn(r.out + r.err);
      expect(existsSync(join(dir, P, "mail-out.json"))).toBe(false);
      const client = createConnectionsClient({ baseUrl: s.url, token: TOKEN });
      expect(await client.getConnection({ projectName: P, connectionName: "mail-out" })).toMatchObject({ ok: true });
    },
  );

  it("among several, only the one whose backup failed is kept; the others are deleted", async () => {
    const s = await standIn();
    const dir = tempDir();
    mkdirSync(join(dir, P), { mode: 0o700 });
    // A folder where the partial file would go: opening it for writing fails (EISDIR).
    mkdirSync(join(dir, P, "events.json.partial"));
    const r = await cli(
      ["delete", "--project", P, "--connection", "mail-out", "--connection", "events", "--backup", dir],
      s.url,
    );
    expect(r.code).toBe(13);
    const client = createConnectionsClient({ baseUrl: s.url, token: TOKEN });
    expect(await client.getConnection({ projectName: P, connectionName: "events" })).toMatchObject({ ok: true });
    expect(await client.getConnection({ projectName: P, connectionName: "mail-out" })).toMatchObject({
      kind: "connection-not-found",
    });
    expect(JSON.parse(readFileSync(join(dir, P, "mail-out.json"), "utf8")).definition.password).toBe(SECRETS[0]);
  });
});
