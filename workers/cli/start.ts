// `npm start`: everything a fresh clone needs to serve the shop locally, offline.
// 1. .dev.vars from .dev.vars.example when missing; 2. D1 migrations + demo data when the
// database is empty (the seed is idempotent, so a second start loads nothing twice);
// 3. `wrangler dev` on $PORT (default 8787), with the Cron Trigger run every minute (local-cron.ts).
import { spawn } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { scheduledUrl, startLocalCron, wranglerDevArgs } from "./local-cron";
import { runSeed } from "./seed";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const ensureDevVars = () => {
  const target = path.join(root, ".dev.vars");
  if (!existsSync(target)) {
    copyFileSync(path.join(root, ".dev.vars.example"), target);
    console.log("Created .dev.vars from .dev.vars.example (development secrets only).");
    return;
  }
  // A clone set up before a secret was added: append the example's value for each missing name.
  const keyOf = (line: string) => /^\s*([A-Z0-9_]+)\s*=/.exec(line)?.[1];
  const have = new Set(readFileSync(target, "utf8").split("\n").map(keyOf).filter(Boolean));
  const missing = readFileSync(path.join(root, ".dev.vars.example"), "utf8")
    .split("\n")
    .filter((l) => {
      const k = keyOf(l);
      return k && !have.has(k);
    });
  if (missing.length > 0) {
    appendFileSync(target, `\n${missing.join("\n")}\n`);
    console.log(`Added to .dev.vars from the example: ${missing.map(keyOf).join(", ")}.`);
  }
};

const port = (): string => {
  const p = process.env.PORT ?? "8787";
  if (!/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) {
    throw new Error(`PORT must be a TCP port number, got '${p}'`);
  }
  return p;
};

const main = async () => {
  process.chdir(root);
  ensureDevVars();
  const listenPort = port();
  await runSeed({ ifEmpty: true });
  console.log(`\nStarting wrangler dev on http://localhost:${listenPort} (API docs at /docs)\n`);
  const dev = spawn("wrangler", wranglerDevArgs(listenPort), { stdio: "inherit", env: process.env });
  const trigger = scheduledUrl(`http://localhost:${listenPort}`);
  console.log(`The cron runs every minute here (by hand: curl "${trigger}").\n`);
  const cron = startLocalCron({
    url: trigger,
    fetch: (url) => fetch(url),
    every: (ms, run) => {
      const timer = setInterval(run, ms);
      return () => clearInterval(timer);
    },
    now: () => Date.now(),
    log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => dev.kill(signal));
  dev.on("exit", (code) => {
    cron.stop();
    process.exit(code ?? 0);
  });
};

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
