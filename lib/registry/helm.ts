/**
 * Helm charts stored as OCI artifacts (helm push): the config blob is the
 * chart's metadata (Chart.yaml as JSON), read for what the tag page shows.
 */
import { text } from "../attachments/read-bounds";
import type { HelmChart } from "./types";

export const HELM_CONFIG_MEDIA_TYPE = "application/vnd.cncf.helm.config.v1+json";
export const HELM_CHART_MEDIA_TYPE = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
/** Chart metadata is small; a bigger config is not read. */
export const MAX_HELM_CONFIG_BYTES = 64 << 10;

export function isHelmChart(artifactType: string | null): boolean {
  return artifactType === HELM_CONFIG_MEDIA_TYPE;
}

/** A chart whose config could not be read: what went wrong, the tag itself still indexed. */
export function unreadableChart(note: string): HelmChart {
  return { name: null, version: null, appVersion: null, description: null, note };
}

/** The chart's name, version, appVersion and description from its config bytes (null: larger than the bound). */
export function readHelmConfig(bytes: Buffer | null): HelmChart {
  if (bytes === null) return unreadableChart(`the chart's config is larger than ${MAX_HELM_CONFIG_BYTES} bytes`);
  let config: unknown;
  try {
    config = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    return unreadableChart(`the chart's config is not valid JSON (${text((error as Error).message)})`);
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    return unreadableChart("the chart's config is not a JSON object");
  }
  const field = (name: string) => text((config as Record<string, unknown>)[name]);
  const chart = { name: field("name"), version: field("version"), appVersion: field("appVersion"), description: field("description") };
  const missing = (["name", "version"] as const).filter((name) => chart[name] === null);
  return { ...chart, note: missing.length > 0 ? `the chart's config has no ${missing.join(" and no ")}` : null };
}
