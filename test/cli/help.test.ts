// `--help` and docs/commands.md are generated from each command's declarations: every option,
// environment variable and exit code a command declares is in both, and the committed page is
// current (`npx vitest run test/cli/help.test.ts -u` rewrites it).
import { describe, expect, it } from "vitest";
import { formatHelp, optionLabel } from "../../src/cli/help.js";
import { COMMANDS, main } from "../../src/cli/index.js";
import { commandsMarkdown } from "../../src/cli/markdown.js";
import { captureIo } from "../support/io.js";

const loaded = await Promise.all(
  Object.entries(COMMANDS).map(async ([name, entry]) => ({ name, summary: entry.summary, ...(await entry.load()) })),
);

describe.each(loaded)("$name --help", ({ name, spec, run }) => {
  it("is generated from the declarations, the same through `help <command>`", async () => {
    const c = captureIo();
    expect(await run(["--help"], c.io)).toBe(0);
    expect(c.stdout()).toBe(formatHelp(spec));
    const h = captureIo();
    expect(await main(["help", name], h.io)).toBe(0);
    expect(h.stdout()).toBe(c.stdout());
  });

  it("lists every option, environment variable and exit code; codes 2, 70, 130, 143 mean the same everywhere", () => {
    const help = formatHelp(spec);
    for (const [option, decl] of Object.entries(spec.options)) expect(help).toContain(optionLabel(option, decl));
    for (const env of spec.environment) expect(help).toContain(env.name);
    for (const variable of Object.values(spec.options).flatMap((o) => ("env" in o ? (o.env ?? []) : []))) {
      expect(help).toContain(variable);
    }
    for (const [outcome, { code }] of Object.entries(spec.exitCodes)) {
      expect(help).toMatch(new RegExp(`\\n  ${code} +${outcome} `));
    }
    const codes = spec.exitCodes as Record<string, { code: number }>;
    expect([codes["usage"]?.code, codes["internal"]?.code]).toEqual([2, 70]);
    expect([codes["interrupted"]?.code, codes["terminated"]?.code]).toEqual([130, 143]);
  });

  it("every line fits 100 columns, but for example commands", () => {
    const long = formatHelp(spec)
      .split("\n")
      .filter((line) => line.length > 100 && !line.startsWith("  apinizer-connections "));
    expect(long).toEqual([]);
  });
});

describe("docs/commands.md", () => {
  it("is the Markdown rendering of the same declarations", async () => {
    const page = commandsMarkdown(loaded.map(({ summary, spec }) => ({ summary, spec })));
    await expect(page).toMatchFileSnapshot("../../docs/commands.md");
  });
});

describe("exit codes and coverage are true to the spec (issue 20: 500 is documented)", () => {
  it("no exit table calls a 5xx an undocumented status; --require-coverage says 5xx are exempt", async () => {
    const { DELETE_EXIT_CODES } = await import("../../src/cli/delete-spec.js");
    expect(DELETE_EXIT_CODES["http-error"].meaning).not.toMatch(/undocumented status: .*5xx/);
    expect(DELETE_EXIT_CODES["http-error"].meaning).toMatch(/500 \(documented/);
    const { verifySpec } = await import("../../src/cli/verify-spec.js");
    expect(verifySpec.options["require-coverage"].description).toMatch(/5xx .* exempt/);
  });
});
