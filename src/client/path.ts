import type { paths } from "../generated/openapi.js";

/** The one operation's path template, checked against the generated `paths`. */
const PATH = "/apiops/projects/{projectName}/connections/{connectionName}/" satisfies keyof paths;

/**
 * PATH around its two placeholders. The path is PATH with each placeholder replaced by
 * encodeURIComponent(value): exactly what openapi-fetch's serializer (used by `raw`) produces,
 * which a property test checks; concatenation is just cheaper per call than its regex pass.
 */
const [HEAD, MID, TAIL] = splitTemplate(PATH);

function splitTemplate(template: string): [string, string, string] {
  const match = /^(.*)\{projectName\}(.*)\{connectionName\}(.*)$/.exec(template);
  if (match === null) throw new Error(`unexpected path template ${template}`);
  return [match[1] ?? "", match[2] ?? "", match[3] ?? ""];
}

/** The Delete (and Get, Create) Connection path of one connection, each name one encoded segment. */
export function connectionPath(projectName: string, connectionName: string): string {
  return `${HEAD}${encodeURIComponent(projectName)}${MID}${encodeURIComponent(connectionName)}${TAIL}`;
}
