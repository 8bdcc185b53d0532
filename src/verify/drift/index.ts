// `drift`: how the server's own OpenAPI document describes Delete Connection, against this
// project's spec. Apinizer's server generates an OpenAPI 3.0 document for itself (springdoc:
// Spring Boot); drift reads it from the usual locations (or the URL it is given) with verify's
// bounded sender, and compares (compare.ts). Nothing here reads argv or the environment.

import bundled from "../../generated/openapi.json" with { type: "json" };
import { checkBaseUrl, checkHttpUrl } from "../../rules/base-url.js";
import { isJsonObject, type JsonObject } from "../../rules/envelope.js";
import { MAX_BODY_BYTES } from "../../rules/limits.js";
import { CONNECTION_PATH_TEMPLATE, SPEC_PATHS } from "../../rules/route.js";
import { redactor } from "../../rules/secrets.js";
import type { DriftDifference, DriftOptions, DriftReport } from "../api.js";
import { type Style, styled } from "../report.js";
import { createSender, SendError, type Sender, textOf } from "../server/http.js";
import { compareDocuments } from "./compare.js";

/** What one location gave: a document, nothing (why), or a reason to stop looking. */
type Looked =
  | { readonly kind: "document"; readonly doc: JsonObject }
  | { readonly kind: "absent" | "unreadable" | "unreachable" | "aborted"; readonly reason: string };

const ACCEPT = "application/json, application/yaml;q=0.9, application/vnd.oai.openapi;q=0.9, */*;q=0.1";

/** JSON, or YAML through the optional peer `yaml` (loaded only when a document is not JSON). */
async function parse(text: string): Promise<unknown> {
  if (/^\s*[{[]/.test(text)) return JSON.parse(text);
  let yaml: { parse(src: string, options: object): unknown };
  try {
    yaml = await import("yaml");
  } catch {
    throw new Error("it is YAML, and reading YAML needs the optional package `yaml` (npm install yaml)");
  }
  // Aliases bounded (no "billion laughs"); a repeated key is tolerated, as JSON.parse tolerates it.
  return yaml.parse(text, { maxAliasCount: 100, uniqueKeys: false });
}

async function look(sender: Sender, url: string, headers: Record<string, string>, withToken: boolean): Promise<Looked> {
  let answer: Awaited<ReturnType<Sender["send"]>>;
  try {
    answer = await sender.send({ method: "GET", url, headers: { accept: ACCEPT, ...headers } });
  } catch (error) {
    const e = error instanceof SendError ? error : new SendError("network", String(error));
    return { kind: e.reason === "aborted" ? "aborted" : "unreachable", reason: e.message };
  }
  const { status } = answer;
  if (status >= 300 && status < 400) {
    const to = answer.headers.get("location");
    return { kind: "absent", reason: `answered ${status}, a redirect${to ? ` to ${to}` : ""} (not followed)` };
  }
  if (status === 401 || status === 403) {
    return { kind: "absent", reason: `answered ${status}${withToken ? "" : " (the document may need a token)"}` };
  }
  if (status < 200 || status > 299) return { kind: "absent", reason: `answered ${status}` };
  if (answer.truncated) {
    return { kind: "unreadable", reason: `sent more than ${MAX_BODY_BYTES} bytes (1 MiB), more than drift reads` };
  }
  const type = answer.headers.get("content-type") ?? "";
  const text = textOf(answer);
  if (/html/i.test(type) || /^\s*</.test(text))
    return { kind: "absent", reason: "answered an HTML page, not a document" };
  let doc: unknown;
  try {
    doc = await parse(text);
  } catch (error) {
    const why = `is not readable JSON or YAML: ${(error as Error).message.split("\n")[0]}`;
    return { kind: /json|yaml|openapi/i.test(type) ? "unreadable" : "absent", reason: why };
  }
  if (!isJsonObject(doc) || (typeof doc["openapi"] !== "string" && doc["swagger"] === undefined)) {
    return { kind: "absent", reason: "answered something that is not an OpenAPI document (no `openapi` field)" };
  }
  if (typeof doc["openapi"] !== "string" || !doc["openapi"].startsWith("3.")) {
    const version = String(doc["openapi"] ?? `Swagger ${String(doc["swagger"])}`);
    return { kind: "unreadable", reason: `is ${version}; drift reads OpenAPI 3.0 and 3.1` };
  }
  return { kind: "document", doc };
}

/** The URLs to try, or why there are none. A spec URL must be http(s) without credentials. */
function locations(options: DriftOptions, base: string): string[] | string {
  if (options.specUrl === undefined) return SPEC_PATHS.map((p) => `${base}${p}`);
  const checked = checkHttpUrl(options.specUrl);
  return checked.ok ? [checked.url] : `The spec URL ${checked.problem}.`;
}

/**
 * Reads the server's published OpenAPI document (JSON or YAML, OpenAPI 3.0 or 3.1) from
 * `options.specUrl`, else from SPEC_PATHS under `options.baseUrl`, one GET at a time, each within
 * `options.timeoutMs` ms and at most MAX_BODY_BYTES (1 MiB), redirects not followed, stopped by
 * `options.signal`. The token is sent (as `Authorization: Bearer`) only if given, and only to the
 * base URL's origin. Then compares its Delete Connection with this project's bundled spec.
 *
 * Outcomes: `same`; `drift` (`differences`, side by side); `no-spec` (nothing at any location is
 * an OpenAPI document; `problems` say what each answered); `failed` (bad options, a proxy that
 * would carry the token, unreachable, or a document that cannot be read); `interrupted`. Every
 * string of the report is redacted. Never throws for anything the server does.
 */
export async function driftOf(options: DriftOptions): Promise<DriftReport> {
  const redact = redactor([options.token]);
  const report = (
    outcome: DriftReport["outcome"],
    problems: string[],
    more: Partial<DriftReport> = {},
  ): DriftReport => ({
    outcome,
    ...(more.source === undefined ? {} : { source: redact(more.source) }),
    differences: (more.differences ?? []).map((d) => ({
      ...d,
      where: redact(d.where),
      ours: redact(d.ours),
      theirs: redact(d.theirs),
    })),
    problems: problems.map(redact),
  });
  const base = checkBaseUrl(options.baseUrl);
  if (!base.ok) return report("failed", [`The base URL ${base.problem}.`]);
  const urls = locations(options, base.url);
  if (typeof urls === "string") return report("failed", [urls]);
  if (options.signal?.aborted) return report("interrupted", ["Stopped before anything was sent."]);
  const sender = createSender(options, options.signal);
  const looked: string[] = [];
  for (const url of urls) {
    const withToken = options.token !== undefined && new URL(url).origin === new URL(base.url).origin;
    const headers: Record<string, string> = withToken ? { authorization: `Bearer ${options.token}` } : {};
    const found = await look(sender, url, headers, withToken);
    if (found.kind === "absent") {
      looked.push(`${url} ${found.reason}`);
      continue;
    }
    if (found.kind === "aborted") return report("interrupted", [...looked, `${url}: stopped before an answer came`]);
    if (found.kind !== "document") return report("failed", [...looked, `${url} ${found.reason}`], { source: url });
    const notSent =
      options.token !== undefined && !withToken
        ? [`The token was not sent to ${url} (not the base URL's origin).`]
        : [];
    try {
      const { differences, problems } = compareDocuments(bundled as JsonObject, found.doc, CONNECTION_PATH_TEMPLATE);
      const outcome = differences.length === 0 ? "same" : "drift";
      return report(outcome, [...notSent, ...problems], { source: url, differences });
    } catch (error) {
      return report("failed", [`${url}: the document could not be compared: ${(error as Error).message}`], {
        source: url,
      });
    }
  }
  const where = options.specUrl === undefined ? "at the usual locations" : "at the spec URL";
  const hint = options.specUrl === undefined ? ["If it publishes one elsewhere, give that URL as the spec URL."] : [];
  return report("no-spec", [
    `The server publishes no OpenAPI document ${where}:`,
    ...looked.map((l) => `  ${l}`),
    ...hint,
  ]);
}

const HEADLINE: Record<DriftReport["outcome"], { text: string; color: number }> = {
  same: { text: "No drift: the server's document describes Delete Connection as this project's spec does", color: 32 },
  drift: { text: "Drift: the server's document describes Delete Connection differently", color: 33 },
  "no-spec": { text: "No server document to compare", color: 33 },
  failed: { text: "drift could not compare", color: 31 },
  interrupted: { text: "drift was interrupted", color: 33 },
};

function formatDifference(d: DriftDifference): string {
  return `  ${d.aspect} ${d.where}\n      ours:   ${d.ours}\n      theirs: ${d.theirs}`;
}

/**
 * The report as terminal text: a headline (colored when `style.color`), the source, each
 * difference as `aspect where` with `ours:` and `theirs:` lines beneath, then problems.
 * Ends with a newline. The report's strings are already redacted.
 */
export function formatDrift(report: DriftReport, style: Style): string {
  const { text, color } = HEADLINE[report.outcome];
  const n = report.differences.length;
  const count = report.outcome === "drift" ? ` (${n} difference${n === 1 ? "" : "s"})` : "";
  const lines = [styled(style, color, `${text}${count}.`)];
  if (report.source !== undefined) lines.push(`  server's document (theirs): ${report.source}`);
  if (report.differences.length > 0) lines.push(`  this project's spec (ours): ${CONNECTION_PATH_TEMPLATE}`, "");
  lines.push(...report.differences.map(formatDifference));
  if (report.problems.length > 0) lines.push(...(report.differences.length > 0 ? [""] : []), ...report.problems);
  return `${lines.join("\n")}\n`;
}
