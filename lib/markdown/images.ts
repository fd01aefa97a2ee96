/**
 * Where rendered Markdown points its images: Galleon's image proxy (app/images),
 * so a visitor's browser never contacts the host a publisher chose
 * (docs/decisions/0025). Pure: the stored HTML depends on the source alone.
 */
export const IMAGE_PROXY_PATH = "/images";

export function proxiedImageSrc(src: string): string {
  return `${IMAGE_PROXY_PATH}?${new URLSearchParams({ url: src })}`;
}
