// The few Apinizer API Ops calls the verification makes itself: the pre-flight, and the fixtures
// of the provider states (Create, Get and Delete Connection on names this run made up). The
// token is sent in the header only and never appears in a returned message. Paths are built as
// the client builds them, from the spec's template.
import { connectionPath } from "../rules/route.js";

export interface ApinizerAnswer {
  status: number;
  /** Parsed JSON when the body is JSON, else the text (trimmed, at most 200 characters). */
  body: unknown;
}

export interface ApinizerAdmin {
  healthcheck(): Promise<ApinizerAnswer>;
  getConnection(projectName: string, connectionName: string): Promise<ApinizerAnswer>;
  createConnection(projectName: string, connectionName: string): Promise<ApinizerAnswer>;
  deleteConnection(projectName: string, connectionName: string): Promise<ApinizerAnswer>;
}

/** The Create Connection body of a fixture: an email connection, as Apinizer documents it. */
export function emailConnection(name: string, runId: string): Record<string, unknown> {
  return {
    type: "email",
    name,
    description: `Fixture of apinizer-connections verify run ${runId}; deleted by the run. Safe to delete.`,
    deployToWorker: true,
    enabled: true,
    host: "smtp.example.com",
    port: 587,
    enableStartTls: true,
    auth: false,
    defaultEncoding: "UTF-8",
    from: "noreply@example.com",
    additionalProperties: [],
  };
}

export function createAdmin(options: {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  runId: string;
}): ApinizerAdmin {
  const base = options.baseUrl.replace(/\/+$/, "");
  const call = async (method: string, path: string, body?: unknown): Promise<ApinizerAnswer> => {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers,
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const why =
        err.name === "TimeoutError"
          ? `no answer within ${options.timeoutMs / 1000} s`
          : (err.cause?.code ?? err.message);
      throw new Error(`${method} ${path} failed: ${why}`);
    }
    const text = await res.text().catch(() => "");
    let parsed: unknown = text.trim().slice(0, 200);
    if (/json/i.test(res.headers.get("content-type") ?? "")) {
      try {
        parsed = JSON.parse(text);
      } catch {
        /* keep the text */
      }
    }
    return { status: res.status, body: parsed };
  };
  return {
    // Documented without the slash every other API Ops path needs: a server may route either.
    healthcheck: async () => {
      const answer = await call("GET", "/apiops/test/healthcheck");
      return answer.status === 404 ? call("GET", "/apiops/test/healthcheck/") : answer;
    },
    getConnection: (p, c) => call("GET", connectionPath(p, c)),
    createConnection: (p, c) => call("POST", connectionPath(p, c), emailConnection(c, options.runId)),
    deleteConnection: (p, c) => call("DELETE", connectionPath(p, c)),
  };
}

/** "400 bad_request: Connection (name: x) was not found!" — for messages. */
export function describeAnswer(answer: ApinizerAnswer): string {
  const b = answer.body as Record<string, unknown> | string | undefined;
  let detail = "";
  if (typeof b === "string") detail = b ? `: ${JSON.stringify(b.slice(0, 120))}` : "";
  else if (b && typeof b === "object") {
    const parts = [b["error"], b["error_description"] ?? b["resultMessage"] ?? b["message"]].filter(
      (x) => typeof x === "string",
    );
    detail = parts.length ? `: ${parts.join(": ")}` : `: ${JSON.stringify(b).slice(0, 120)}`;
  }
  return `${answer.status}${detail}`;
}

/** The server's own words in an error answer: the seed's `error_description`, or the newer envelope's `resultMessage`. */
function errorMessage(answer: ApinizerAnswer): string | undefined {
  const body = answer.body;
  if (typeof body !== "object" || body === null) return undefined;
  const { error_description: description, resultMessage } = body as Record<string, unknown>;
  return typeof description === "string" ? description : typeof resultMessage === "string" ? resultMessage : undefined;
}

/**
 * The server said what was asked for does not exist: Get Connection answers 404 (as Apinizer
 * documents it; older servers 400), Delete 400, a missing project 404 (newer docs: 400), each
 * with a message. A 404 without one (a route the server does not have) says nothing.
 */
export function saysNotFound(answer: ApinizerAnswer): boolean {
  const message = errorMessage(answer);
  return (
    (answer.status === 400 || answer.status === 404) &&
    message !== undefined &&
    /not (been )?found|does not exist/i.test(message)
  );
}

/** The not-found answer is about the project, not the connection ("Project 'X' not found"). */
export function saysProjectNotFound(answer: ApinizerAnswer): boolean {
  const message = errorMessage(answer) ?? "";
  return saysNotFound(answer) && /project/i.test(message) && !/connection/i.test(message);
}
