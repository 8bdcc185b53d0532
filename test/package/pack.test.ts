/**
 * The published package, end to end: `npm pack` of what `npm run build` makes (built once for the
 * suite, test/support/build-once.ts), install the tarball
 * into a scratch project offline, type-check a strict TypeScript consumer against the installed
 * declarations with the repo's tsc, run it against a local server, and run the installed bin.
 *
 * The pack runs in a temporary copy of the repo (node_modules symlinked), so the shared dist/
 * is never wiped while other work uses it. The slowest file of the suite (a pack, an install, two tsc runs).
 */
import { type ExecFileException, execFile, spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtDist } from "../support/built.js";
import { startProxy } from "../support/proxy.js";

const repo = path.resolve(import.meta.dirname, "../..");
const TOKEN = "pack-test-token-3c9d1e";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(
  file: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number },
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeout ?? 180_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error: ExecFileException | null, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
      },
    );
  });
}

/** The Node binaries the client is run on: this one, and the machine's own Node 20 when there is one. */
function nodeMatrix(): string[] {
  const found = spawnSync("/usr/bin/node", ["--version"], { encoding: "utf8" });
  const node20 = found.status === 0 && /^v20\./.test(found.stdout) ? ["/usr/bin/node"] : [];
  return [process.execPath, ...node20];
}

const npm = (args: string[], cwd: string): Promise<Run> =>
  exec("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd });

let work: string;
let scratch: string;
let server: http.Server;
let baseUrl: string;
const requests: { method: string; url: string; auth: string | undefined }[] = [];
/** The stand-in state for this test: the connections that exist. */
const existing = new Set([
  "MyProject/my-email-connection",
  "MyProject/cli-connection",
  "NewProject/my-email-connection",
]);
/** Projects whose server answers in the status envelope (Apinizer's pages since mid-2026); the rest in the seed's. */
const STATUS_PROJECTS = new Set(["NewProject", "LimitedProject"]);

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "apinizer-pack-"));
  server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization });
    const m = /^\/apiops\/projects\/([^/]+)\/connections\/([^/]+)\/$/.exec(req.url ?? "");
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    const project = decodeURIComponent(m?.[1] ?? "");
    const statusEnvelope = STATUS_PROJECTS.has(project);
    const fail = (status: number, error: string, message: string) =>
      send(
        status,
        statusEnvelope ? { status: "FAILURE", resultMessage: message } : { error, error_description: message },
      );
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return fail(401, "unauthorized_client", "Invalid token");
    if (req.method !== "DELETE" || m === null) return fail(404, "not_found", "no such route");
    if (project === "LimitedProject")
      return fail(400, "bad_request", "User does not have required permission for this operation!");
    const name = decodeURIComponent(m[2] ?? "");
    if (!existing.delete(`${project}/${name}`))
      return fail(400, "bad_request", `Connection (name: ${name}) was not found!`);
    send(
      200,
      statusEnvelope ? { status: "SUCCESS" } : { success: true, deploymentResult: { success: true, responseTime: 3 } },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 30_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe("npm pack -> install -> strict TypeScript consumer", () => {
  let tarball: string;

  it("packs the built dist/ (with declarations) and only the intended files", async () => {
    const src = path.join(work, "src-copy");
    await mkdir(src);
    await cp(await builtDist(), path.join(src, "dist"), { recursive: true });
    for (const entry of ["package.json", "README.md", "LICENSE", "src", "openapi", "contracts"]) {
      await cp(path.join(repo, entry), path.join(src, entry), { recursive: true }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== "ENOENT") throw e;
      });
    }
    await symlink(path.join(repo, "node_modules"), path.join(src, "node_modules"), "dir");
    // The build is the suite's (prepack would build it again).
    const packed = await npm(["pack", "--json", "--ignore-scripts", "--pack-destination", work], src);
    expect(packed.stderr.replace(/npm warn.*\n/gi, "")).not.toMatch(/error/i);
    expect(packed.code).toBe(0);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as [
      { filename: string; files: { path: string }[] },
    ];
    tarball = path.join(work, info.filename);
    const files = info.files.map((f) => f.path);
    for (const needed of [
      "dist/client/index.js",
      "dist/client/index.d.ts",
      "dist/cli/index.js",
      "dist/generated/openapi.d.ts",
      "dist/openapi.yaml",
      "package.json",
      "LICENSE",
    ]) {
      expect(files).toContain(needed);
    }
    expect(files.filter((f) => f.startsWith("src/") || f.startsWith("test/") || f.startsWith("node_modules/"))).toEqual(
      [],
    );
  }, 240_000);

  it("installs offline into a scratch project; runtime dependencies: openapi-fetch (the client), undici (the CLI's proxies)", async () => {
    scratch = path.join(work, "consumer");
    await mkdir(scratch);
    await writeFile(
      path.join(scratch, "package.json"),
      JSON.stringify({ name: "scratch-consumer", private: true, type: "module" }),
    );
    // The runtime dependencies come from this repo's node_modules, as tarballs (an npm tarball is a
    // gzipped tar of package/…): `--offline` then needs no registry metadata in the npm cache (a
    // fresh machine has none).
    const deps = await Promise.all(
      ["openapi-fetch", "openapi-typescript-helpers", "undici"].map(async (dep) => {
        const file = path.join(work, `${dep}.tgz`);
        const tar = await exec(
          "tar",
          ["-czf", file, "--transform", "s,^\\.,package,", "-C", path.join(repo, "node_modules", dep), "."],
          { cwd: work },
        );
        expect(tar.code, tar.stderr).toBe(0);
        return file;
      }),
    );
    const installed = await npm(["install", tarball, ...deps, "--offline"], scratch);
    expect(installed.stderr).toBe("");
    expect(installed.code).toBe(0);
    const pkg = JSON.parse(
      await readFile(path.join(scratch, "node_modules/apinizer-connections/package.json"), "utf8"),
    ) as Record<string, unknown>;
    expect(pkg["dependencies"]).toEqual({ "openapi-fetch": "0.17.0", undici: "7.30.3" });
    // Pact is needed only by `verify`: an optional peer, which npm does not install.
    // What only `verify` (and `drift`) load, optional peers that npm does not install.
    const verifyOnly = ["@pact-foundation/pact-core", "ajv", "yaml"];
    expect(Object.keys(pkg["peerDependencies"] as object).sort()).toEqual(verifyOnly);
    expect(pkg["peerDependenciesMeta"]).toEqual(Object.fromEntries(verifyOnly.map((p) => [p, { optional: true }])));
    expect(pkg["optionalDependencies"]).toBeUndefined();
    // openapi-fetch brings its own type helpers; undici has no dependencies; nothing else (no Pact, no express, ...).
    const top = (await readdir(path.join(scratch, "node_modules"))).filter((n) => !n.startsWith("."));
    expect(top.sort()).toEqual(["apinizer-connections", "openapi-fetch", "openapi-typescript-helpers", "undici"]);
  }, 120_000);

  it("a strict NodeNext consumer type-checks against the installed declarations, runs, and deletes", async () => {
    await writeFile(
      path.join(scratch, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          verbatimModuleSyntax: true,
          // Fast: the declarations themselves are checked strictly below, without Node's types.
          skipLibCheck: true,
          outDir: "out",
          types: ["node"],
          typeRoots: [path.join(repo, "node_modules/@types")],
        },
        files: ["consumer.ts"],
      }),
    );
    await writeFile(
      path.join(scratch, "consumer.ts"),
      `import { createConnectionsClient, CONNECTION_ERROR_KINDS, type DeleteConnectionResult, type components } from "apinizer-connections";

type Deleted = components["schemas"]["DeleteConnectionResponse"];

function explain(r: DeleteConnectionResult): string {
  if (r.ok) return r.deleted ? \`deleted (\${r.envelope} envelope, workers \${r.workers})\` : "already gone";
  switch (r.kind) {
    case "connection-not-found": return "not found: " + r.message;
    case "permission-denied": return "no permission (" + r.envelope + " envelope)";
    case "bad-request": return "bad request";
    case "unauthorized": return "unauthorized";
    case "project-not-found": return "no project";
    case "http-error": return "http " + r.status;
    case "unexpected-response": return "unexpected " + r.body;
    case "network": return "network";
    case "timeout": return "timeout";
    case "invalid-argument": return "invalid";
    default: { const never: never = r; return never; }
  }
}

// A consumer that gets the union wrong must not compile (tsc fails on an unused expectation).
// @ts-expect-error only a successful result carries data
export const wrong = (r: DeleteConnectionResult) => r.data;

const [baseUrl, token] = process.argv.slice(2) as [string, string];
const client = createConnectionsClient({ baseUrl, token, timeoutMs: 5000 });
const first = await client.deleteConnection({ projectName: "MyProject", connectionName: "my-email-connection" });
const again = await client.deleteConnection({ projectName: "MyProject", connectionName: "my-email-connection" }, { ignoreMissing: true });
const refused = await client.deleteConnection({ projectName: "MyProject", connectionName: ".." });
const current = await client.deleteConnection({ projectName: "NewProject", connectionName: "my-email-connection" });
const limited = await client.deleteConnection({ projectName: "LimitedProject", connectionName: "c1" }, { ignoreMissing: true });
const data: Deleted | undefined = first.ok && first.deleted && first.envelope === "success" ? first.data : undefined;
console.log(JSON.stringify({ first: explain(first), again: explain(again), refused: explain(refused), current: explain(current), limited: explain(limited), envelopes: [first.envelope, current.envelope, refused.envelope ?? null], deployment: data?.deploymentResult.success, kinds: CONNECTION_ERROR_KINDS.length }));
`,
    );
    // The client's declarations (and openapi-fetch's) must hold in a consumer without Node's
    // types (a browser, Deno, an edge runtime): checked with library checking on, which is cheap
    // without @types/node.
    await writeFile(
      path.join(scratch, "types-only.ts"),
      `import type { ConnectionsClient, DeleteConnectionResult, components } from "apinizer-connections";\nexport type T = [ConnectionsClient, DeleteConnectionResult, components["schemas"]["StatusEnvelopeSuccess"]];\n`,
    );
    const tscBin = path.join(repo, "node_modules/typescript/bin/tsc");
    const bare = (file: string, skipLibCheck: boolean) =>
      JSON.stringify({
        compilerOptions: {
          noEmit: true,
          strict: true,
          exactOptionalPropertyTypes: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          types: [],
          lib: ["ES2022", "DOM"],
          skipLibCheck,
          // TypeScript's own lib.*.d.ts are not what this checks (lib.dom.d.ts alone is a third of its time).
          skipDefaultLibCheck: true,
        },
        files: [file],
      });
    await writeFile(path.join(scratch, "tsconfig.types-only.json"), bare("types-only.ts", false));
    const [tsc, typesOnly] = await Promise.all([
      exec(process.execPath, [tscBin, "-p", "."], { cwd: scratch }),
      exec(process.execPath, [tscBin, "-p", "tsconfig.types-only.json"], { cwd: scratch }),
    ]);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
    expect(typesOnly.stdout + typesOnly.stderr).toBe("");
    expect(typesOnly.code).toBe(0);

    // The client claims Node >= 20 (engines): it runs on this toolchain's Node 22 and, when the
    // machine has one, on Node 20 too.
    for (const node of nodeMatrix()) {
      existing.add("MyProject/my-email-connection").add("NewProject/my-email-connection");
      const before = requests.length;
      const ran = await exec(node, ["out/consumer.js", baseUrl, TOKEN], { cwd: scratch, timeout: 30_000 });
      expect(ran.stderr, node).toBe("");
      expect(ran.code, node).toBe(0);
      expect(JSON.parse(ran.stdout), node).toEqual({
        first: "deleted (success envelope, workers removed)",
        again: "already gone",
        refused: "invalid",
        current: "deleted (status envelope, workers not-deployed)",
        limited: "no permission (status envelope)",
        envelopes: ["success", "status", null],
        deployment: true,
        kinds: 10,
      });
      const path = (p: string) =>
        `/apiops/projects/${p}/connections/${p === "LimitedProject" ? "c1" : "my-email-connection"}/`;
      expect(requests.slice(before).map((r) => r.url)).toEqual(
        ["MyProject", "MyProject", "NewProject", "LimitedProject"].map(path),
      );
      expect(existing.has("MyProject/my-email-connection")).toBe(false);
    }
  }, 120_000);

  it("importing the package loads only its client files and openapi-fetch (no Pact, no stand-in, no CLI)", async () => {
    const log = path.join(work, "loaded.txt");
    await writeFile(
      path.join(scratch, "hooks.mjs"),
      `import { appendFileSync } from "node:fs";\nexport async function resolve(specifier, context, next) {\n  const r = await next(specifier, context);\n  appendFileSync(process.env.LOAD_LOG ?? ${JSON.stringify(log)}, r.url + "\\n");\n  return r;\n}\n`,
    );
    await writeFile(
      path.join(scratch, "register.mjs"),
      `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`,
    );
    await writeFile(
      path.join(scratch, "import-only.mjs"),
      `const m = await import("apinizer-connections");\nconsole.log(typeof m.createConnectionsClient);\n`,
    );
    const ran = await exec(process.execPath, ["--import", "./register.mjs", "import-only.mjs"], {
      cwd: scratch,
      timeout: 30_000,
    });
    expect(ran.stdout.trim()).toBe("function");
    const loaded = (await readFile(log, "utf8"))
      .trim()
      .split("\n")
      .filter((u) => u.includes("/node_modules/"));
    expect(loaded.length).toBeGreaterThan(2);
    const outside = loaded.filter(
      (u) => !/\/node_modules\/(apinizer-connections\/dist\/(client|rules|generated)\/|openapi-fetch\/)/.test(u),
    );
    expect(outside).toEqual([]);
    expect(loaded.some((u) => u.includes("openapi-fetch"))).toBe(true);
  }, 60_000);

  it("exports the stand-in and the bundled spec", async () => {
    const script = [
      'const { serve } = await import("apinizer-connections/provider");',
      'const spec = await import("node:fs").then((fs) => fs.readFileSync(new URL(import.meta.resolve("apinizer-connections/openapi.yaml")), "utf8"));',
      "const s = await serve();",
      "const r = await fetch(s.url + '/apiops/test/healthcheck');",
      "await s.close();",
      "console.log(typeof serve, r.status, /^openapi: 3\\.1/m.test(spec));",
    ].join("\n");
    const ran = await exec(process.execPath, ["--input-type=module", "-e", script], { cwd: scratch, timeout: 30_000 });
    expect(ran.stderr).toBe("");
    expect(ran.stdout.trim()).toBe("function 200 true");
  }, 60_000);

  it("the installed bin runs (shebang, exit codes, --json) and exits promptly", async () => {
    const bin = path.join(scratch, "node_modules/.bin/apinizer-connections");
    const env = { ...process.env, APINIZER_BASE_URL: baseUrl, APINIZER_TOKEN: TOKEN };
    const version = await exec(bin, ["--version"], { cwd: scratch, env, timeout: 30_000 });
    expect(version).toMatchObject({
      code: 0,
      stdout: `${JSON.parse(await readFile(path.join(repo, "package.json"), "utf8")).version}\n`,
    });
    const t0 = Date.now();
    const del = await exec(bin, ["delete", "--project", "MyProject", "--connection", "cli-connection", "--json"], {
      cwd: scratch,
      env,
      timeout: 30_000,
    });
    expect(del.stderr).toBe("");
    expect(del.code).toBe(0);
    expect(JSON.parse(del.stdout)).toMatchObject({ ok: true, deleted: true, exitCode: 0 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    // Through a proxy (undici, the CLI's runtime dependency), to a host only the proxy knows.
    const port = Number(new URL(baseUrl).port);
    const proxy = await startProxy({ [`apinizer.staging.invalid:${port}`]: port });
    existing.add("MyProject/cli-connection");
    const proxied = await exec(
      bin,
      [
        "delete",
        "--project",
        "MyProject",
        "--connection",
        "cli-connection",
        "--base-url",
        `http://apinizer.staging.invalid:${port}`,
      ],
      { cwd: scratch, env: { ...env, HTTP_PROXY: proxy.url }, timeout: 30_000 },
    );
    await proxy.close();
    expect(proxied.code, proxied.stderr).toBe(0);
    expect(proxy.seen.map((s) => s.line)).toEqual([
      `DELETE http://apinizer.staging.invalid:${port}/apiops/projects/MyProject/connections/cli-connection/`,
    ]);
    const missing = await exec(bin, ["delete", "--project", "MyProject", "--connection", "cli-connection"], {
      cwd: scratch,
      env,
      timeout: 30_000,
    });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^apinizer-connections delete: error: connection-not-found \(HTTP 400\)/);
    // `delete` loads the CLI, the client and openapi-fetch: never Pact, the stand-in or verify.
    const cliLog = path.join(work, "cli-loaded.txt");
    existing.add("MyProject/cli-connection");
    const traced = await exec(
      process.execPath,
      [
        "--import",
        "./register.mjs",
        "node_modules/apinizer-connections/dist/cli/index.js",
        "delete",
        "--project",
        "MyProject",
        "--connection",
        "cli-connection",
      ],
      { cwd: scratch, env: { ...env, LOAD_LOG: cliLog }, timeout: 30_000 },
    );
    expect(traced.code).toBe(0);
    const cliLoaded = (await readFile(cliLog, "utf8"))
      .trim()
      .split("\n")
      .filter((u) => u.includes("/node_modules/"));
    expect(cliLoaded.some((u) => u.endsWith("/dist/cli/delete.js"))).toBe(true);
    expect(
      cliLoaded.filter((u) => /@pact-foundation|\/dist\/(provider|verify)\/|\/dist\/cli\/(serve|verify)\.js/.test(u)),
    ).toEqual([]);
    const usage = await exec(bin, ["delete", "--project", "MyProject", "--connection", "x", "--token", TOKEN], {
      cwd: scratch,
      env,
      timeout: 30_000,
    });
    expect(usage.code).toBe(2);
    expect(usage.stdout + usage.stderr).not.toContain(TOKEN);
  }, 60_000);
});
