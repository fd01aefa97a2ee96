/**
 * Idle connections: the web app keeps a keep-alive connection open longer than
 * the clients and proxies in front of it keep theirs idle, so they close first
 * and never reuse one the server is closing (a reset: "socket hang up").
 */
import http from "node:http";
import { expect, test } from "@playwright/test";

/** Past Node's default: it closes an idle connection 1 s after a keepAliveTimeout of 5 s. */
const IDLE_MS = 7_000;

test("an idle keep-alive connection is reused after Node's default idle timeout", async ({ baseURL }) => {
  const agent = new http.Agent({ keepAlive: true });
  const get = () =>
    new Promise<{ reused: boolean; keepAlive: string }>((resolve, reject) => {
      const request = http.get(new URL("/feeds/acme.atom", baseURL), { agent }, (response) => {
        response.resume();
        response.on("end", () => resolve({ reused: request.reusedSocket, keepAlive: String(response.headers["keep-alive"]) }));
      });
      request.on("error", reject);
    });
  try {
    expect((await get()).reused).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    expect(await get()).toEqual({ reused: true, keepAlive: "timeout=65" });
  } finally {
    agent.destroy();
  }
});
