// Pact merges into an existing pact file: start every consumer run from an empty folder.
import { rmSync } from "node:fs";
import { pactDir } from "./pact.js";

export default function clearPacts() {
  rmSync(pactDir, { recursive: true, force: true });
}
