/**
 * A platform's details (layers, runtime config, history) and an artifact's
 * files, cut to fixed bounds: they come from whoever pushed the image and
 * are stored in the catalog and shown on pages, so a hostile image must not
 * be able to bloat either. A platform's details take at most about 1 MB of
 * JSON whatever the image holds (a few KB for real images), and a tag has at
 * most MAX_CHILDREN platforms; `truncated` says when something was cut.
 */
import type { Descriptor, ImageConfig, Schema1Manifest } from "./manifest";
import { MediaTypes } from "./media-types";
import type { ArtifactFile, HistoryEntry, ImageDetails, LayerInfo } from "./types";

export const DETAIL_BOUNDS = {
  /** Layers of an image, files of an artifact. */
  layers: 128,
  history: 128,
  labels: 64,
  /** Entrypoint and cmd arguments, environment variable names, exposed ports. */
  listEntries: 64,
  /** Characters of any one string; longer ones end in "…". */
  stringLength: 1024,
} as const;

const TITLE_ANNOTATION = "org.opencontainers.image.title";

class Bounds {
  truncated = false;

  text(value: string): string {
    if (value.length <= DETAIL_BOUNDS.stringLength) return value;
    this.truncated = true;
    return `${value.slice(0, DETAIL_BOUNDS.stringLength)}…`;
  }

  optionalText(value: string | null | undefined): string | null {
    return value ? this.text(value) : null;
  }

  list<T>(values: T[], max: number): T[] {
    if (values.length <= max) return values;
    this.truncated = true;
    return values.slice(0, max);
  }

  texts(values: string[] | null): string[] | null {
    return values && this.list(values, DETAIL_BOUNDS.listEntries).map((value) => this.text(value));
  }

  layer({ digest, mediaType, size }: LayerInfo): LayerInfo {
    return { digest: this.text(digest), mediaType: this.text(mediaType), size };
  }
}

function details(layers: LayerInfo[], config: ImageConfig, history: HistoryEntry[]): ImageDetails {
  const bounds = new Bounds();
  const labels = bounds.list(Object.entries(config.labels), DETAIL_BOUNDS.labels);
  const result = {
    layers: bounds.list(layers, DETAIL_BOUNDS.layers).map((layer) => bounds.layer(layer)),
    entrypoint: bounds.texts(config.entrypoint),
    cmd: bounds.texts(config.cmd),
    envNames: bounds.texts(config.envNames) ?? [],
    exposedPorts: bounds.texts(config.exposedPorts) ?? [],
    workingDir: bounds.optionalText(config.workingDir),
    user: bounds.optionalText(config.user),
    labels: Object.fromEntries(labels.map(([key, value]) => [bounds.text(key), bounds.text(value)])),
    history: bounds.list(history, DETAIL_BOUNDS.history).map((entry) => ({
      created: bounds.optionalText(entry.created),
      createdBy: bounds.optionalText(entry.createdBy),
      emptyLayer: entry.emptyLayer,
      comment: bounds.optionalText(entry.comment),
    })),
  };
  return { ...result, truncated: bounds.truncated };
}

/** An OCI or Docker schema2 image: its manifest's layers and its config blob. */
export function imageDetails(manifestLayers: Descriptor[], config: ImageConfig): ImageDetails {
  const layers = manifestLayers.map(({ digest, mediaType, size }) => ({ digest, mediaType, size }));
  return details(layers, config, config.history);
}

/**
 * A schema1 image: its newest v1Compatibility entry is the config, each entry
 * a history step, and fsLayers the layers. Both lists run top first and are
 * turned around; schema1 records neither sizes nor layer media types (its
 * layers are Docker's gzipped tars).
 */
export function schema1Details(manifest: Schema1Manifest, config: ImageConfig, history: HistoryEntry[]): ImageDetails {
  const layers = manifest.fsLayers.map(({ blobSum }) => ({ digest: blobSum, mediaType: MediaTypes.dockerLayer, size: null }));
  return details(layers.reverse(), config, [...history].reverse());
}

/** An artifact's layers as files, named by their title annotation. */
export function artifactFiles(layers: Descriptor[]): ArtifactFile[] {
  const bounds = new Bounds();
  return bounds.list(layers, DETAIL_BOUNDS.layers).map((layer) => ({
    ...bounds.layer(layer),
    title: bounds.optionalText(layer.annotations?.[TITLE_ANNOTATION]),
  }));
}
