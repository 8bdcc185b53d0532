// `apinizer-connections/provider`: the in-memory Apinizer stand-in, for teams to develop and
// test against. Importing it loads node:http and nothing of Pact.

export type { ServeOptions, StandIn } from "./server.js";
export { DEFAULT_PROJECT, randomToken, serve } from "./server.js";
export type {
  ApiError,
  DeleteConnectionResponse,
  Operation,
  Outcome,
  Reply,
  ReplyContext,
  StandInBehaviour,
  StoredConnection,
} from "./types.js";
