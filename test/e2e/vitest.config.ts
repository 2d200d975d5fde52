// The end-to-end suite (`npm run test:e2e`): Node-side vitest driving Debian's Chromium through
// playwright-core against the built Worker in wrangler's test harness (one shop for the run,
// started in global-setup.ts). Files run one at a time, each with its own browser.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export default defineConfig({
  root,
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    environment: "node",
    globalSetup: ["test/e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
