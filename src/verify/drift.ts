// `drift`: how the server's own OpenAPI document describes Delete Connection, against this
// project's spec. (Being written; see the drift helper's branch.)
import type { DriftOptions, DriftReport } from "./api.js";
import type { Style } from "./report.js";

export async function driftOf(_options: DriftOptions): Promise<DriftReport> {
  return { outcome: "failed", differences: [], problems: ["drift is not implemented yet"] };
}

export function formatDrift(report: DriftReport, _style: Style): string {
  return `${report.problems.join("\n")}\n`;
}
