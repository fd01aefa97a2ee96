import { PullCommand } from "@/components/repository/PullCommand";
import type { PublicTagDetails } from "@/lib/catalog/gallery";
import { registryPublicHost } from "@/lib/config/environment";
import { platformLabel } from "@/lib/presentation/format";
import type { CosignTrust } from "@/lib/attachments/trust.server";
import type { StoredAttachment } from "@/lib/catalog/attachments";
import { ArtifactFiles } from "./ArtifactFiles";
import { AttachedSection } from "./AttachedSection";
import { HelmChartSection } from "./HelmChartSection";
import { PlatformMatrix } from "./PlatformMatrix";
import { PlatformSection } from "./PlatformSection";
import { SizeBars } from "./SizeBars";
import { TagHeader } from "./TagHeader";

/** Fragment ids for the platform sections, readable ("platform-linux-arm64-v8") and unique. */
function anchorsOf(platforms: PublicTagDetails["platforms"]): string[] {
  const seen = new Map<string, number>();
  return platforms.map((platform) => {
    const id = `platform-${platformLabel(platform).replace(/[^A-Za-z0-9_-]+/g, "-")}`;
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    return count === 1 ? id : `${id}-${count}`;
  });
}

/** What is attached to the tag's manifests, and the trust to check signatures with. */
export interface TagAttachments {
  attachments: StoredAttachment[];
  trust: CosignTrust;
}

/** A tag's page: its platforms with their details, or an artifact's files, and what is attached to them. */
export function TagView({ tag, repositoryPage, attached }: { tag: PublicTagDetails; repositoryPage: string; attached: TagAttachments }) {
  const anchors = anchorsOf(tag.platforms);
  // A single-platform image's one platform is the tag's own manifest.
  const subjects = [
    { digest: tag.digest, label: tag.platforms.length > 1 || tag.artifactType !== null ? "This tag's manifest" : "This image" },
    ...tag.platforms.filter((p) => p.digest !== tag.digest).map((p) => ({ digest: p.digest, label: `Platform ${platformLabel(p)}` })),
  ];
  return (
    <div className="space-y-6">
      <TagHeader tag={tag} repositoryPage={repositoryPage} />
      <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
        <div className="min-w-0 space-y-8">
          {tag.chart && <HelmChartSection chart={tag.chart} />}
          {tag.artifactType !== null ? (
            <section className="space-y-3" aria-labelledby="files-heading">
              <h2 id="files-heading" className="text-lg font-semibold">
                Files
              </h2>
              <ArtifactFiles files={tag.files} />
            </section>
          ) : (
            <>
              <section className="space-y-4" aria-labelledby="platforms-heading">
                <h2 id="platforms-heading" className="text-lg font-semibold">
                  Platforms
                </h2>
                <PlatformMatrix platforms={tag.platforms} anchors={anchors} />
                <SizeBars
                  title="Compressed size per platform"
                  bars={tag.platforms.map((p) => ({ label: platformLabel(p), size: p.compressedSize }))}
                />
              </section>
              <div className="space-y-3">
                {tag.platforms.map((platform, i) => (
                  <PlatformSection key={platform.id} platform={platform} id={anchors[i]!} open={i === 0} />
                ))}
              </div>
            </>
          )}
          <AttachedSection subjects={subjects} attachments={attached.attachments} trust={attached.trust} />
        </div>
        <aside>
          <PullCommand host={registryPublicHost()} path={tag.repository.path} tag={tag.name} digest={tag.digest} artifactType={tag.artifactType} />
        </aside>
      </div>
    </div>
  );
}
