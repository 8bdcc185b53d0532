// `apinizer-connections/provider`: the in-memory Apinizer stand-in, for teams to develop and
// test against (docs/stand-in.md). Importing it loads node:http and nothing of Pact.

export type { RequestLogEntry, SeedConnection, ServeOptions, StandIn } from "./options.js";
export { DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_STORED_BYTES, DEFAULT_PROJECT } from "./options.js";
export { serve } from "./server.js";
export { randomToken } from "./settings.js";
export type {
  Operation,
  Outcome,
  Principal,
  Reply,
  ReplyContext,
  StandInBehaviour,
  StoredConnection,
} from "./types.js";
