// Provider states: a typed map from every state of the contract's vocabulary to the handler that
// makes it true on a server. A state added to rules/contract.ts without a handler here does not
// compile (`satisfies Record<StateKey, StateHandler>`).
//
// Handlers only plan: they pick fresh fixture names, the names to inject into the request, and
// the token to send. The engine creates all planned fixtures ahead (a few at a time) and checks
// afterwards what the request did, so a slow server costs as few round trips as possible.

import { type PathNames, STATES, type StateKey, type StateName } from "../rules/contract.js";
import type { ConformanceFinding } from "./api.js";
import type { Ledger } from "./server/fixtures.js";

/** Which token the verified request carries. */
export type TokenKind = "valid" | "invalid" | "limited";

/** What an interaction's provider states arrange, built by the handlers in order. */
export interface Arrangement {
  /** The names injected into the request path. */
  names?: PathNames;
  /** A connection to create before the request (its stored name; `names` may spell it differently). */
  fixture?: PathNames;
  token: TokenKind;
  /** Why the states cannot be set up in this run (the request is then not sent). */
  problem?: string;
  /** Why this run cannot verify it at all (e.g. no limited token): the interaction is skipped. */
  skip?: string;
  /** Conformance findings on the fixture's Create answer (reported with the interaction, never failing it). */
  findings?: ConformanceFinding[];
}

export interface StateContext {
  /** The existing project the run works in. */
  readonly projectName: string;
  readonly ledger: Ledger;
  /** Whether a token without CONNECTIONS + MANAGE is available. */
  readonly hasLimitedToken: boolean;
}

export type StateHandler = (arrangement: Arrangement, context: StateContext) => void;

const setNames = (a: Arrangement, names: PathNames): void => {
  if (a.names !== undefined) a.problem ??= "two provider states name the resource; this verifier cannot make both true";
  else a.names = names;
};

const planFixture = (a: Arrangement, c: StateContext, spell: (stored: string) => string): void => {
  const stored = c.ledger.freshName();
  a.fixture = { projectName: c.projectName, connectionName: stored };
  setNames(a, { projectName: c.projectName, connectionName: spell(stored) });
};

/** Every state of the contract, with what makes it true. */
export const HANDLERS = {
  connectionExists: (a, c) => planFixture(a, c, (name) => name),
  // Names are case-insensitive on the server: the request names the fixture in upper case.
  connectionExistsInOtherCase: (a, c) => planFixture(a, c, (name) => name.toUpperCase()),
  connectionMissing: (a, c) =>
    setNames(a, { projectName: c.projectName, connectionName: c.ledger.freshName("missing") }),
  projectMissing: (a, c) =>
    setNames(a, { projectName: c.ledger.freshName("no-project"), connectionName: c.ledger.freshName("missing") }),
  // The fixture the request must leave in place: a server that deletes on a 401 is caught.
  tokenInvalid: (a, c) => {
    planFixture(a, c, (name) => name);
    a.token = "invalid";
  },
  permissionMissing: (a, c) => {
    planFixture(a, c, (name) => name);
    a.token = "limited";
    if (!c.hasLimitedToken) {
      a.skip ??=
        "needs a token of a user without CONNECTIONS + MANAGE in the project (APINIZER_LIMITED_TOKEN); not verified";
    }
  },
} satisfies Record<StateKey, StateHandler>;

const KEY_OF = new Map<string, StateKey>(Object.entries(STATES).map(([k, name]) => [name, k as StateKey]));

/** The handler of a state name, or undefined for a state this verifier does not know. */
function handlerOf(name: string): StateHandler | undefined {
  const key = KEY_OF.get(name as StateName);
  return key === undefined ? undefined : HANDLERS[key];
}

/** Plans an interaction's states. An unknown state, or none that names the resource, is a problem: nothing is sent. */
export function arrange(stateNames: readonly string[], context: StateContext): Arrangement {
  const arrangement: Arrangement = { token: "valid" };
  for (const name of stateNames) {
    const handler = handlerOf(name);
    if (handler === undefined) {
      arrangement.problem ??= `provider state "${name}" is unknown to this verifier (no handler): the request was not sent`;
      continue;
    }
    handler(arrangement, context);
  }
  if (arrangement.names === undefined) {
    arrangement.problem ??=
      stateNames.length === 0
        ? "the interaction has no provider state, so it would address a resource this run did not create: the request was not sent"
        : "no provider state names the resource: the request was not sent";
  }
  return arrangement;
}
