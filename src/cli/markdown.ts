// docs/commands.md, rendered from the same declarations as `--help` (command.ts, help.ts).
// test/cli/help.test.ts fails when the committed page differs; `npx vitest run test/cli/help.test.ts -u`
// rewrites it.
import type { OptionDecl } from "./args.js";
import { type CommandSpec, INTERNAL_EXIT, INTERRUPT_EXITS, PROGRAM, USAGE_EXIT } from "./command.js";
import { environmentOf, optionLabel } from "./help.js";

/** A table cell: one line, `|` escaped. */
const cell = (text: string) => text.replace(/\n+/g, " ").replace(/\|/g, "\\|");
const code = (text: string) => `\`${text}\``;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

function optionRow(name: string, option: OptionDecl): string[] {
  const extra = option.multiple === true ? " Repeatable." : "";
  return [
    code(optionLabel(name, option)),
    option.default === undefined ? "" : code(option.default),
    (option.env ?? []).map(code).join(", "),
    `${option.description}${extra}`,
  ];
}

function commandSection(summary: string, spec: CommandSpec): string {
  const examples = spec.examples.map((e) => `# ${e.comment}\n${e.command}`).join("\n");
  return [
    `## ${spec.name}`,
    `${summary[0]?.toUpperCase()}${summary.slice(1)}.`,
    `\`\`\`\n${PROGRAM} ${spec.name} ${spec.synopsis}\n\`\`\``,
    spec.description,
    ...(spec.positionals === undefined
      ? []
      : [
          "### Arguments",
          table(["argument", "meaning"], [[code(spec.positionals.value), spec.positionals.description]]),
        ]),
    "### Options",
    table(
      ["option", "default", "environment", "description"],
      Object.entries(spec.options).map(([n, o]) => optionRow(n, o)),
    ),
    "### Environment",
    table(
      ["variable", "meaning"],
      environmentOf(spec).map((e) => [code(e.name), e.description]),
    ),
    "### Exit codes",
    table(
      ["code", "outcome", "meaning"],
      Object.entries(spec.exitCodes).map(([name, e]) => [String(e.code), code(name), e.meaning]),
    ),
    ...(examples === "" ? [] : ["### Examples", `\`\`\`sh\n${examples}\n\`\`\``]),
  ].join("\n\n");
}

/** The whole page: an overview table, the conventions every command shares, one section per command. */
export function commandsMarkdown(commands: readonly { summary: string; spec: CommandSpec }[]): string {
  const overview = table(
    ["command", "what it does"],
    commands.map(({ summary, spec }) => [`[${code(spec.name)}](#${spec.name})`, summary]),
  );
  const conventions = [
    `- Tokens come from the environment only (\`APINIZER_TOKEN\`, \`APINIZER_LIMITED_TOKEN\`, \`PACT_BROKER_TOKEN\`, \`PACT_BROKER_PASSWORD\`); \`--token\` in any spelling is refused, and no output, report or JUnit file shows a token in any encoding.`,
    `- A usage error prints \`${PROGRAM} <command>: <message>\` and \`Run '${PROGRAM} <command> --help' for usage.\` on stderr and exits ${USAGE_EXIT.usage.code}. A message names the option, never the value (a value may be a misplaced secret); an unknown command or stray argument is named only when it is a short plain word.`,
    `- Every project and connection name is checked by the client's name rule: \`.\`, \`..\`, encoded dots, \`/\`, control characters and names over 255 characters are refused with exit ${USAGE_EXIT.usage.code} and the reason.`,
    `- A base URL is the management console's (\`https://host\`): a URL without a scheme gets a hint, and one ending in \`/apiops\` is refused (the \`/apiops/...\` paths are added to it).`,
    `- Exit ${INTERRUPT_EXITS.interrupted.code} after Ctrl-C (SIGINT), ${INTERRUPT_EXITS.terminated.code} after SIGTERM, ${INTERNAL_EXIT.internal.code} for an internal error (a bug).`,
    "- Colour only on a terminal, never with `NO_COLOR` set. Output into a closed pipe (`| head -1`) ends quietly; the exit code is still the outcome's.",
  ].join("\n");
  return [
    "# Commands",
    "<!-- Generated from src/cli (the declarations --help prints). Do not edit: `npx vitest run test/cli/help.test.ts -u` rewrites it. -->",
    `\`${PROGRAM} <command> [options]\`; \`${PROGRAM} help <command>\` or \`${PROGRAM} <command> --help\` prints what this page says about a command.`,
    overview,
    "## Conventions",
    conventions,
    ...commands.map(({ summary, spec }) => commandSection(summary, spec)),
  ]
    .join("\n\n")
    .concat("\n");
}
