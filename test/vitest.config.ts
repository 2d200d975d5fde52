// Vitest inside the Workers runtime (@cloudflare/vitest-plugin): the Worker from wrangler.toml,
// its real D1/rate-limit bindings in Miniflare, and the D1 migrations applied in a setup file.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_CARRIER_WEBHOOK_SECRET, TEST_JWT_SECRET } from "./helpers/test-secrets.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Test-only secrets (wrangler reads required secrets from the environment); real ones come
// from `wrangler secret put` in production and .dev.vars locally.
process.env.JWT_SECRET ??= TEST_JWT_SECRET;
process.env.CARRIER_WEBHOOK_SECRET ??= TEST_CARRIER_WEBHOOK_SECRET;

export default defineConfig(async () => ({
  root,
  plugins: [
    cloudflareTest({
      wrangler: { configPath: path.join(root, "wrangler.toml") },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(path.join(root, "migrations")),
          // These win over a developer's .dev.vars (which `npm start` creates and wrangler would
          // load): the suite runs as production does, with the test secrets, wherever it runs.
          ENVIRONMENT: "production",
          JWT_SECRET: TEST_JWT_SECRET,
          CARRIER_WEBHOOK_SECRET: TEST_CARRIER_WEBHOOK_SECRET,
        },
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    setupFiles: [path.join(root, "test/setup/apply-migrations.ts")],
    reporters: ["default", path.join(root, "test/summary-reporter.ts")],
  },
}));
