// Makes loading Pact, the verify stage or the stand-in fail in this process: a command that must
// never load them (delete) is run with it, to show it doesn't.
import { registerHooks } from "node:module";

const FORBIDDEN = /@pact-foundation|\/(verify|provider)\/[^/]+\.js$/;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    if (FORBIDDEN.test(resolved.url)) throw new Error(`forbidden module loaded: ${resolved.url}`);
    return resolved;
  },
});
