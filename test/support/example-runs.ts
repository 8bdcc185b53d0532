// The spec's named examples as example-driven tools use them: each response example paired with
// the request example of the same name (on the path parameters), which envelope it belongs to,
// whether a tool can turn it into a test against the stand-in, and the stand-in's seed that
// makes the runnable ones come true.
import { type Envelope, envelopeOf } from "../../src/rules/envelope.js";
import type { Spec } from "./spec.js";

export const DELETE_PATH = "/apiops/projects/{projectName}/connections/{connectionName}/";

/** One documented answer with the request that asks for it. */
export interface NamedExample {
  name: string;
  status: number;
  envelope: Envelope;
  projectName: string;
  connectionName: string;
  /** The response example's value. */
  body: unknown;
}

/**
 * The named examples a runner cannot turn into a test against the stand-in, and why. Specmatic
 * sends every test of a run with one token (the `bearerAuth` variable) and nothing the spec does
 * not document, so an answer that needs another token, no token, or a failing server cannot be
 * asked for.
 */
export const NOT_RUNNABLE: Readonly<Record<string, string>> = {
  invalidToken: "needs a token the server refuses; a run sends one token, the valid one",
  tokenNotValidStatus: "needs a token the server refuses; a run sends one token, the valid one",
  tokenExpiredStatus: "needs an expired token; a run sends one token, and the stand-in imitates no expiry",
  emptyKeyStatus: "needs a request without a token; a run sends its token with every request",
  permissionDeniedStatus: "needs the limited token (no CONNECTIONS + MANAGE); a run sends one token, the full one",
  serverErrorStatus:
    "a 500 is the server failing; the stand-in answers it only when asked (Prefer: code=500), a header the spec does not document",
};

/** Every named response example of Delete Connection, paired with its request example; throws for one without a pair. */
export function namedExamples(spec: Spec): NamedExample[] {
  const item = spec["paths"][DELETE_PATH];
  const parameters: Spec[] = item.parameters ?? [];
  const requestValue = (param: string, name: string): string => {
    const value = parameters.find((p) => p["name"] === param)?.["examples"]?.[name]?.value;
    if (typeof value !== "string") throw new Error(`no request example ${name} on the parameter ${param}`);
    return value;
  };
  return Object.entries<Spec>(item.delete.responses).flatMap(([status, response]) =>
    Object.entries<Spec>(response["content"]?.["application/json"]?.examples ?? {}).map(([name, example]) => {
      const envelope = envelopeOf(example["value"]);
      if (envelope !== "success" && envelope !== "status") throw new Error(`example ${name} is in no one envelope`);
      return {
        name,
        status: Number(status),
        envelope,
        projectName: requestValue("projectName", name),
        connectionName: requestValue("connectionName", name),
        body: example["value"],
      };
    }),
  );
}

/**
 * What the stand-in must hold for the runnable examples of one envelope to come true: the
 * connections the 200 examples delete (deployed when the answer carries a `deploymentResult`)
 * in their projects. Every other example names a connection or a project that is not there.
 */
export function seedFor(examples: readonly NamedExample[]) {
  const deletes = examples.filter((e) => e.status === 200);
  return {
    projects: [...new Set(deletes.map((e) => e.projectName))],
    connections: deletes.map((e) => ({
      projectName: e.projectName,
      connectionName: e.connectionName,
      deployToWorker: typeof e.body === "object" && e.body !== null && "deploymentResult" in e.body,
    })),
  };
}
