// Runs after `npm install`/`npm ci`: copies the browser bundle of the API reference (Scalar)
// from node_modules into workers/public/vendor/, so /docs works with no internet access.
// The copy is build output (git-ignored), like node_modules itself.
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// The package's exports map hides its files from require.resolve; npm puts it here.
const source = path.join(root, "node_modules/@scalar/api-reference/dist/browser/standalone.js");
const targetDir = path.join(root, "workers/public/vendor/scalar");
mkdirSync(targetDir, { recursive: true });
copyFileSync(source, path.join(targetDir, "standalone.js"));
console.log("vendored the API reference bundle into workers/public/vendor/scalar/");
