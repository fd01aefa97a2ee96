import { ImageProxyError, imageProxyOptions, parseImageUrl, proxiedImage } from "@/lib/security/image-proxy.server";

/**
 * Images of About and Usage, fetched by Galleon (lib/security/image-proxy.server.ts);
 * proxy.ts gives them their sandboxing policy. Refusals are kept shorter than images.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const image = await proxiedImage(parseImageUrl(new URL(request.url).searchParams.get("url")), imageProxyOptions());
    return new Response(new Uint8Array(image.body), {
      headers: {
        "Content-Type": image.contentType,
        "Cache-Control": "public, max-age=86400",
      },
    });
  } catch (error) {
    if (error instanceof ImageProxyError) {
      return new Response(`${error.message}\n`, {
        status: error.status,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=300" },
      });
    }
    throw error;
  }
}
