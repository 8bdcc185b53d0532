// Stand-in variants for tests: reply hooks (ServeOptions.behaviour.reply) that rewrite only the
// answers to Delete Connection, leaving every other operation as the stand-in answers it.
import type { Reply, ReplyContext } from "../../src/provider/index.js";

/** A reply hook that rewrites Delete answers only (`undefined` from `rewrite` keeps the answer). */
export const onDelete =
  (rewrite: (reply: Reply, ctx: ReplyContext) => Reply | undefined) =>
  (reply: Reply, ctx: ReplyContext): Reply | undefined =>
    ctx.operation === "delete" ? rewrite(reply, ctx) : undefined;
