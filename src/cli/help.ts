// `--help` text, generated from a command's declarations (command.ts). Nothing here is written
// twice: the option list, environment variables and exit codes come from the same objects the
// parser and the command use, and markdown.ts renders the same objects as Markdown.
import type { OptionDecl, OptionTable } from "./args.js";
import type { CommandSpec, EnvDecl } from "./command.js";

const WIDTH = 100;
const MAX_LABEL = 24;

/** Word-wraps `text` (blank lines and explicit line breaks kept) to `width` columns. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/ +/).filter((w) => w !== "")) {
      if (line !== "" && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line === "" ? word : `${line} ${word}`;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** `-h, --help` or `--project NAME`. */
export function optionLabel(name: string, option: OptionDecl): string {
  const value = option.type === "string" ? ` ${option.value ?? "VALUE"}` : "";
  return `${option.short === undefined ? "" : `-${option.short}, `}--${name}${value}`;
}

/** The description with what the declaration adds: repeatable, default, environment variables. */
function optionDetails(option: OptionDecl): string {
  const extra: string[] = [];
  if (option.multiple === true) extra.push("Repeatable.");
  if (option.default !== undefined) extra.push(`Default: ${option.default}.`);
  if (option.env !== undefined) extra.push(`Environment: ${option.env.join(", ")}.`);
  return [option.description, ...extra].join(" ");
}

/** Environment variables of a command: the declared ones, then those that supply an option. */
export function environmentOf(spec: CommandSpec): EnvDecl[] {
  const fromOptions = Object.entries(spec.options).flatMap(([name, option]) =>
    option.env === undefined
      ? []
      : [
          {
            name: option.env.join(", "),
            description: `--${name} when it is not given${option.env.length > 1 ? " (the first one set)" : ""}.`,
          },
        ],
  );
  return [...spec.environment, ...fromOptions];
}

/** Groups of a table, in the order their first option appears. */
function groupsOf(options: OptionTable): Map<string, [string, OptionDecl][]> {
  const groups = new Map<string, [string, OptionDecl][]>();
  for (const [name, option] of Object.entries(options)) {
    groups.set(option.group, [...(groups.get(option.group) ?? []), [name, option]]);
  }
  return groups;
}

/** Rows of `label  text`, the text wrapped in a column `width` wide (a longer label gets its own line). */
function columns(rows: readonly (readonly [string, string])[], width: number): string[] {
  const out: string[] = [];
  for (const [label, text] of rows) {
    const body = wrap(text, WIDTH - 2 - width);
    if (label.length + 2 > width) out.push(`  ${label}`, ...body.map((l) => `  ${" ".repeat(width)}${l}`));
    else out.push(...body.map((l, i) => `  ${(i === 0 ? label : "").padEnd(width)}${l}`));
  }
  return out;
}

/** The full `--help` text of a command. */
export function formatHelp(spec: CommandSpec): string {
  const parts = [`Usage: apinizer-connections ${spec.name} ${spec.synopsis}`, wrap(spec.description, WIDTH).join("\n")];
  const env = environmentOf(spec).map((e) => [e.name, e.description] as const);
  const labels = [...Object.entries(spec.options).map(([n, o]) => optionLabel(n, o)), ...env.map(([name]) => name)];
  const width = Math.min(MAX_LABEL, Math.max(...labels.map((l) => l.length))) + 2;
  if (spec.positionals !== undefined) {
    parts.push(`Arguments:\n${columns([[spec.positionals.value, spec.positionals.description]], width).join("\n")}`);
  }
  for (const [group, entries] of groupsOf(spec.options)) {
    const rows = entries.map(([name, option]) => [optionLabel(name, option), optionDetails(option)] as const);
    parts.push(`${group}:\n${columns(rows, width).join("\n")}`);
  }
  if (env.length > 0) parts.push(`Environment:\n${columns(env, width).join("\n")}`);
  const exits = Object.entries(spec.exitCodes).map(([name, e]) => [`${e.code}`.padEnd(5) + name, e.meaning] as const);
  parts.push(`Exit codes:\n${columns(exits, Math.max(...exits.map(([l]) => l.length)) + 2).join("\n")}`);
  if (spec.examples.length > 0) {
    parts.push(`Examples:\n${spec.examples.map((e) => `  # ${e.comment}\n  ${e.command}`).join("\n")}`);
  }
  return `${parts.join("\n\n")}\n`;
}
