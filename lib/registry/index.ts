/** The read side of the OCI Distribution API. Knows nothing of the catalog, search or pages. */

export { RegistryClient, LIST_BOUNDS, MAX_CATALOG_PAGE_SIZE, USER_AGENT } from "./client";
export type { ListBounds, RegistryClientOptions, FetchedManifest, ManifestHead } from "./client";
export { CatalogDiscovery, StaticDiscovery, createDiscovery } from "./discovery";
export type { RepositoryDiscovery } from "./discovery";
export {
  RegistryError,
  RegistryUnavailableError,
  RegistryTimeoutError,
  RegistryAuthError,
  NotFoundError,
  UnexpectedResponseError,
  ListingLimitError,
  ManifestError,
} from "./errors";
export type { ManifestErrorReason, Subject } from "./errors";
export { DETAIL_BOUNDS } from "./details";
export { MAX_MANIFEST_BYTES, isDigest } from "./manifest";
export type { Descriptor, ImageIndex, ImageManifest, Schema1Manifest, Platform } from "./manifest";
export { MediaTypes, MANIFEST_ACCEPT } from "./media-types";
export { MAX_CHILDREN, MAX_INDEX_DEPTH } from "./resolve";
export type {
  ArtifactFile,
  HistoryEntry,
  ImageDetails,
  LayerInfo,
  ManifestKind,
  PlatformImage,
  ResolvedTag,
} from "./types";
