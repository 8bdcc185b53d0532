// Runs `verify` in-process against a stand-in (possibly a misbehaving variant) through its
// programmatic API, and captures what a terminal would show: the live verdict lines and the
// final block.
import { resolve } from "node:path";
import { type ServeOptions, type StandIn, type StandInBehaviour, serve } from "../../../src/provider/index.js";
import type { Envelope } from "../../../src/rules/envelope.js";
import {
  formatInteraction,
  formatJUnit,
  formatReport,
  type VerificationReport,
  type VerifyOptions,
  type VerifyOutcome,
  verify,
} from "../../../src/verify/index.js";

const root = resolve(import.meta.dirname, "../../..");

/** The committed contracts, as `verify` finds them by default. */
export const pactPath = resolve(root, "contracts");

export interface Captured {
  code: number;
  stdout: string;
  report: VerificationReport;
}

/** The CLI's exit codes, for assertions that read like the CLI's. */
const EXIT: Record<VerifyOutcome, number> = {
  verified: 0,
  failed: 1,
  usage: 2,
  "preflight-failed": 3,
  "cannot-run": 4,
  interrupted: 130,
};

/** Runs verify with `options` (output captured); resolves with the exit code the CLI would give and the text. */
export async function runVerify(options: Omit<VerifyOptions, "output">): Promise<Captured> {
  const lines: string[] = [];
  const report = await verify({
    ...options,
    output: { line: (t) => lines.push(t), result: (r) => lines.push(formatInteraction(r, { color: false })) },
  });
  return {
    code: EXIT[report.outcome],
    stdout: `${lines.join("\n")}\n${formatReport(report, { color: false })}`,
    report,
  };
}

export const TOKEN = "tok-sensitivity-9f3c";

/** What `againstServer` may change of its defaults, besides any other verify option. */
export type AgainstServer = Partial<Omit<VerifyOptions, "output" | "target" | "source">> & {
  /** Default TOKEN. */
  token?: string;
  /** Default MyProject. */
  projectName?: string;
  /** Pact files or folders; default the committed contracts. */
  pacts?: string[];
};

/**
 * verify's options for a run against the server at `baseUrl`: the committed contracts, project
 * MyProject, token TOKEN, 5 s per request, unless `extra` says otherwise. The one way tests spell
 * "verify against this server with these options".
 */
export function againstServer(baseUrl: string, extra: AgainstServer = {}): Omit<VerifyOptions, "output"> {
  const { token = TOKEN, projectName = "MyProject", pacts = [pactPath], ...rest } = extra;
  return {
    target: { kind: "server", baseUrl, token, projectName },
    source: { kind: "files", paths: pacts },
    timeoutMs: 5_000,
    ...rest,
  };
}

/** Starts a stand-in with `behaviour`, verifies the contracts against it as a server, closes it. */
export async function verifyVariant(
  behaviour: StandInBehaviour,
  options: Omit<ServeOptions, "behaviour" | "token"> = {},
  extra: Partial<Omit<VerifyOptions, "output" | "target">> & { limited?: boolean; envelope?: Envelope } = {},
): Promise<Captured & { standIn: StandIn }> {
  const standIn = await serve({ ...options, behaviour, token: TOKEN });
  const { limited, envelope, ...rest } = extra;
  try {
    const result = await runVerify({
      target: {
        kind: "server",
        baseUrl: standIn.url,
        token: TOKEN,
        projectName: standIn.projects()[0] ?? "MyProject",
        ...(limited === true ? { limitedToken: standIn.limitedToken } : {}),
        ...(envelope !== undefined ? { envelope } : {}),
      },
      source: { kind: "files", paths: [pactPath] },
      timeoutMs: 5_000,
      ...rest,
    });
    return { ...result, standIn };
  } finally {
    await standIn.close();
  }
}

/** The report's FAIL blocks: each verdict line with its indented detail lines. */
export function failures(stdout: string): string[] {
  const blocks: string[] = [];
  for (const line of stdout.split("\n")) {
    if (/^(FAIL|ERROR)/.test(line)) blocks.push(line);
    else if (line.startsWith("        ") && blocks.length) blocks[blocks.length - 1] += `\n${line}`;
    else blocks.push("");
  }
  return blocks.filter((b) => /^(FAIL|ERROR)/.test(b));
}

/** The FAIL block of the interaction given exactly these states (joined as the report does). */
export function failureGiven(stdout: string, ...stateNames: string[]): string | undefined {
  const given = `given: ${stateNames.join(" AND ")}`;
  return failures(stdout).find((b) => b.split("\n").some((l) => l.trim() === given));
}

export const passCount = (stdout: string) => stdout.split("\n").filter((l) => /^PASS/.test(l)).length;

/** Everything a run showed: each output channel as text, and the report. */
export interface Collected {
  readonly report: VerificationReport;
  /** `output.line` texts, in order. */
  readonly lines: string[];
  /** `output.result` results rendered with `formatInteraction`, in order. */
  readonly live: string;
  /** `output.native` texts (only with `nativeLog` set). */
  readonly native: string;
  /** `formatReport(report)`. */
  readonly reportText: string;
  /** `formatJUnit(report)` (no extra redaction passed). */
  readonly junit: string;
  /** Every text above, by name (for `expectNoToken`), plus the report as JSON. */
  readonly texts: Record<string, string>;
}

/** Runs verify with every output channel captured; `onLine` sees each line as it is given. */
export async function verifyCollect(
  options: Omit<VerifyOptions, "output">,
  onLine?: (text: string) => void,
): Promise<Collected> {
  const lines: string[] = [];
  const live: string[] = [];
  const native: string[] = [];
  const report = await verify({
    ...options,
    output: {
      line: (t) => {
        lines.push(t);
        onLine?.(t);
      },
      result: (r) => live.push(formatInteraction(r, { color: false })),
      native: (t) => native.push(t),
    },
  });
  const reportText = formatReport(report, { color: false });
  const junit = formatJUnit(report);
  const texts = {
    lines: lines.join("\n"),
    live: live.join("\n"),
    native: native.join(""),
    report: reportText,
    junit,
    json: JSON.stringify(report),
  };
  return { report, lines, live: texts.live, native: texts.native, reportText, junit, texts };
}
