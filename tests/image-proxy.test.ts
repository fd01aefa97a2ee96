/**
 * The image proxy against a real HTTP server on loopback (allowed only with
 * the test switch) and real DNS: what it passes on, what it refuses, and its cache.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxiedImageSrc } from "@/lib/markdown/images";
import { renderMarkdown } from "@/lib/markdown/render";
import {
  ImageProxyError,
  isAllowedAddress,
  MAX_IMAGE_BYTES,
  parseImageUrl,
  proxiedImage,
} from "@/lib/security/image-proxy.server";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1e0b30000000049454e44ae426082", "hex");
const loopback = { allowLoopback: true };
const production = { allowLoopback: false };

let server: Server;
let base: string;
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.set(request.url!, (hits.get(request.url!) ?? 0) + 1);
    if (request.url!.startsWith("/logo.png")) return void response.writeHead(200, { "content-type": "image/png" }).end(PNG);
    if (request.url === "/page.html") return void response.writeHead(200, { "content-type": "text/html" }).end("<script>1</script>");
    if (request.url === "/huge.png") {
      response.writeHead(200, { "content-type": "image/png" });
      return void response.end(Buffer.alloc(MAX_IMAGE_BYTES + 1));
    }
    if (request.url === "/moved") return void response.writeHead(302, { location: "/logo.png?moved" }).end();
    if (request.url === "/to-metadata") return void response.writeHead(302, { location: "http://169.254.169.254/latest" }).end();
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof ImageProxyError ? error.status : error),
  );

describe("the image proxy", () => {
  it("serves an image with its type, and the second time from its cache", async () => {
    const url = parseImageUrl(`${base}/logo.png`);
    const image = await proxiedImage(url, loopback);
    expect(image.contentType).toBe("image/png");
    expect(image.body.equals(PNG)).toBe(true);
    await proxiedImage(url, loopback);
    expect(hits.get("/logo.png")).toBe(1);
  });

  it("follows a redirect, checking where it leads", async () => {
    expect((await proxiedImage(parseImageUrl(`${base}/moved`), loopback)).body.equals(PNG)).toBe(true);
    expect(await refusal(proxiedImage(parseImageUrl(`${base}/to-metadata`), loopback))).toBe(403);
  });

  it("refuses what is not an image, too large, or missing", async () => {
    expect(await refusal(proxiedImage(parseImageUrl(`${base}/page.html`), loopback))).toBe(415);
    expect(await refusal(proxiedImage(parseImageUrl(`${base}/huge.png`), loopback))).toBe(413);
    expect(await refusal(proxiedImage(parseImageUrl(`${base}/gone.png`), loopback))).toBe(502);
  });

  it("never reaches loopback or private addresses without the test switch, by name or by address", async () => {
    const port = (server.address() as AddressInfo).port;
    for (const address of [`http://127.0.0.1:${port}/logo.png?a`, `http://localhost:${port}/logo.png?b`, `http://[::1]:${port}/logo.png`, "http://10.0.0.1/x.png", "http://169.254.169.254/x.png"]) {
      expect(await refusal(proxiedImage(parseImageUrl(address), production)), address).toBe(403);
    }
    expect(hits.get("/logo.png?a")).toBeUndefined();
    expect(hits.get("/logo.png?b")).toBeUndefined();
  });

  it("classifies addresses", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "224.0.0.1"]) {
      expect(isAllowedAddress(address, production), address).toBe(false);
    }
    for (const address of ["93.184.215.14", "2606:4700::6810:84e5"]) expect(isAllowedAddress(address, production), address).toBe(true);
    expect(isAllowedAddress("127.0.0.1", loopback)).toBe(true);
    expect(isAllowedAddress("10.1.2.3", loopback)).toBe(false);
  });

  it("takes only absolute http(s) addresses without credentials", () => {
    for (const raw of [null, "", "/logo.png", "javascript:alert(1)", "file:///etc/passwd", "https://user:pw@example.com/a.png", `https://example.com/${"a".repeat(3000)}`]) {
      expect(() => parseImageUrl(raw), String(raw)).toThrow(ImageProxyError);
    }
  });
});

describe("rendered Markdown", () => {
  it("points every image at the proxy, so visitors never contact the image's host", () => {
    const html = renderMarkdown("![tracker](https://tracker.example/p.png) [![b](https://img.example/b.svg)](https://ci.example)");
    expect(html).toContain(`src="${proxiedImageSrc("https://tracker.example/p.png").replaceAll("&", "&#x26;")}"`);
    expect(html).not.toMatch(/src="https?:/);
  });
});
