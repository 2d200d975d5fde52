// The API contract suite, in Node rather than workerd: the OpenAPI validator and ajv compile
// schemas with `new Function`, which the Workers runtime forbids. The document comes from the
// app itself (createApp().request), which needs no bindings to describe its routes.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export default defineConfig({
  root,
  test: {
    include: ["test/contract/**/*.contract.ts"],
    environment: "node",
  },
});
