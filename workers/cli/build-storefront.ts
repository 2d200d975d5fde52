// Builds the storefront into workers/public (served as Workers static assets): one minified ES
// module per page (shared code split into hashed chunks), the stylesheet, and one HTML file per
// page from shell.html. Run by `npm install`, by wrangler before `dev`/`deploy` ([build] in
// wrangler.toml), and by the e2e suite. Prints each page's weight (what a first visit transfers).
import { build } from "esbuild";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { PAGES } from "../storefront/pages";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const src = path.join(root, "workers/storefront");
const out = path.join(root, "workers/public");

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Temporary files live outside workers/public, which `wrangler dev` watches. */
const tmpDir = path.join(root, ".wrangler/tmp/storefront-build");
let tmpCount = 0;

/** Writes a file by rename, so a page never loads a half-written script (wrangler dev may rebuild while serving). */
const writeAtomic = (file: string, contents: Uint8Array | string) => {
  mkdirSync(path.dirname(file), { recursive: true });
  mkdirSync(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, `${process.pid}-${tmpCount++}.tmp`);
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
};

/** Deletes scripts in js/ that this build did not produce (chunks of older builds). */
const removeStale = (dir: string, keep: Set<string>) => {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !keep.has(file)) rmSync(file, { force: true });
  }
};

export const buildStorefront = async ({ quiet = false } = {}) => {
  const js = await build({
    entryPoints: PAGES.map((p) => ({ in: path.join(src, "pages", `${p.entry}.ts`), out: p.entry })),
    outdir: path.join(out, "js"),
    bundle: true,
    splitting: true,
    format: "esm",
    target: "es2022",
    minify: true,
    sourcemap: "linked",
    chunkNames: "chunks/[name]-[hash]",
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  for (const f of js.outputFiles) writeAtomic(f.path, f.contents);
  removeStale(path.join(out, "js"), new Set(js.outputFiles.map((f) => f.path)));
  const cssOut = await build({
    entryPoints: [path.join(src, "store.css")],
    outfile: path.join(out, "css/store.css"),
    bundle: true,
    minify: true,
    write: false,
    logLevel: "warning",
  });
  for (const f of cssOut.outputFiles) writeAtomic(f.path, f.contents);
  writeAtomic(path.join(out, "favicon.svg"), readFileSync(path.join(src, "favicon.svg")));
  const shell = readFileSync(path.join(src, "shell.html"), "utf8");
  const css = readFileSync(path.join(out, "css/store.css"));
  const rows: string[] = [];
  for (const page of PAGES) {
    const html = shell
      .replaceAll("{{title}}", escapeHtml(page.title))
      .replaceAll("{{description}}", escapeHtml(page.description))
      .replaceAll("{{entry}}", page.entry);
    writeAtomic(path.join(out, page.file), html);
    // The page's scripts: its entry and every chunk it imports (statically), gzipped as served.
    const entryOut = Object.entries(js.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith(`pages/${page.entry}.ts`));
    const files = new Set<string>();
    const walk = (file: string) => {
      if (files.has(file)) return;
      files.add(file);
      for (const imp of js.metafile.outputs[file]?.imports ?? []) if (imp.kind === "import-statement") walk(imp.path);
    };
    if (entryOut) walk(entryOut[0]);
    const jsBytes = [...files].reduce((n, f) => n + gzipSync(readFileSync(path.join(root, f))).length, 0);
    const total = gzipSync(html).length + gzipSync(css).length + jsBytes;
    rows.push(`${page.file.padEnd(14)} ${(total / 1024).toFixed(1).padStart(5)} KiB gzipped (js ${(jsBytes / 1024).toFixed(1)} KiB)`);
  }
  if (!quiet) console.log(`storefront built into workers/public:\n  ${rows.join("\n  ")}`);
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildStorefront({ quiet: process.argv.includes("--quiet") });
}
