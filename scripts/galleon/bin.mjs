#!/usr/bin/env node
// The `galleon` command: runs the TypeScript CLI through tsx, with the project's tsconfig for its "@/" paths.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../../tsconfig.json", import.meta.url)) });
await import("./main.ts");
