/** The token endpoint's scope parser against hostile input (the endpoint itself: registry-token.test.ts). */
import { describe, expect, it } from "vitest";
import { MAX_SCOPES, parseScopes, ScopeError } from "@/lib/auth/registry-token.server";

const refused = (...scopes: string[]) => expect(() => parseScopes(scopes)).toThrow(ScopeError);

describe("parseScopes", () => {
  it("reads repository and catalog scopes, several per parameter, merging a resource's actions", () => {
    expect(parseScopes(["repository:acme/tools/cli:pull,push registry:catalog:*", "repository:acme/tools/cli:pull", "repository:nginx:pull"])).toEqual([
      { type: "repository", name: "acme/tools/cli", actions: ["pull", "push"] },
      { type: "registry", name: "catalog", actions: ["*"] },
      { type: "repository", name: "nginx", actions: ["pull"] },
    ]);
  });

  it("takes no scope, or empty and blank parameters, as none", () => {
    expect(parseScopes([])).toEqual([]);
    expect(parseScopes(["", "   "])).toEqual([]);
  });

  it("refuses names outside the distribution grammar: .., unicode, upper case, empty components", () => {
    refused("repository:../etc:pull");
    refused("repository:acme/../secret:pull");
    refused("repository:acme/./app:pull");
    refused("repository:/acme:pull");
    refused("repository:acme/:pull");
    refused("repository:ａcme/app:pull"); // fullwidth a
    refused("repository:acmé/app:pull");
    refused("repository:Acme/App:pull");
    refused("repository:acme%2fapp:pull");
    refused("repository:acme\u0000/app:pull");
    refused("repository::pull");
  });

  it("refuses malformed shapes, unknown resources and actions", () => {
    refused("repository:acme/app");
    refused("repository:acme/app:pull:push");
    refused("repository:acme/app:");
    refused("repository:acme/app:pull,,push");
    refused("repository:acme/app:PULL");
    refused("repository:acme/app:pull;rm");
    refused("registry:everything:*");
    refused("repository(plugin):acme/app:pull");
    refused("team:acme:pull");
  });

  it("bounds sizes: a 10 KB scope, a name over 255 characters, more than the allowed scopes", () => {
    refused(`repository:${"a".repeat(10_000)}:pull`);
    refused(`repository:${"a".repeat(256)}:pull`);
    expect(parseScopes([`repository:${"a".repeat(255)}:pull`])).toHaveLength(1);
    const many = Array.from({ length: MAX_SCOPES + 1 }, (_, i) => `repository:acme/app${i}:pull`);
    refused(...many);
    expect(parseScopes(many.slice(0, MAX_SCOPES))).toHaveLength(MAX_SCOPES);
  });

  it("merges a scope repeated many times into one", () => {
    expect(parseScopes(Array.from({ length: 1000 }, () => "repository:nginx:pull"))).toEqual([
      { type: "repository", name: "nginx", actions: ["pull"] },
    ]);
  });

  it("quotes a refused scope back bounded and escaped", () => {
    const error = (() => {
      try {
        parseScopes([`bad\n\u0007${"x".repeat(500)}`]);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).not.toContain("\n");
    expect(error!.message.length).toBeLessThan(200);
  });
});
