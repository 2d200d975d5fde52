// Node-side helpers of `npm run seed`: command-line flags, the admin password source, the
// progress line and the gzipped CSV reader. Kept apart so seed.ts reads as the steps it runs.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { createRetailLineReader, type ParsedRow } from "../demo-data/retail-csv";
import { resolveAdminPassword } from "./admin-password";

export type SeedArgs = {
  until?: string;
  synthetic?: number;
  syntheticSeed?: number;
  ifEmpty?: boolean;
  file?: string;
  /** A TSV/JSONL product catalog to import (workers/catalog-import); `only`: it alone, no demo data. */
  catalog?: string;
  only?: boolean;
};

const USAGE =
  "Usage: npm run seed [-- --until YYYY-MM-DD] [--synthetic N [--seed S]] [--if-empty] [--file PATH]\n" +
  "       npm run seed -- --catalog FILE.tsv|FILE.jsonl[.gz] [--only]";

export const parseSeedArgs = (argv: readonly string[]): SeedArgs => {
  const args: SeedArgs = {};
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value.\n${USAGE}`);
    return v;
  };
  const count = (text: string, flag: string): number => {
    if (!/^\d+$/.test(text)) throw new Error(`${flag} must be a whole number, got '${text}'.`);
    return Number(text);
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === "--if-empty") args.ifEmpty = true;
    else if (flag === "--until") args.until = value(i++, flag);
    else if (flag === "--file") args.file = value(i++, flag);
    else if (flag === "--catalog") args.catalog = value(i++, flag);
    else if (flag === "--only") args.only = true;
    else if (flag === "--synthetic") args.synthetic = count(value(i++, flag), flag);
    else if (flag === "--seed") args.syntheticSeed = count(value(i++, flag), flag);
    else throw new Error(`Unknown argument '${flag}'.\n${USAGE}`);
  }
  if (args.only && (!args.catalog || args.file || args.until || args.synthetic !== undefined)) {
    throw new Error(`--only goes with --catalog FILE alone (no demo data, so no --file, --until or --synthetic).\n${USAGE}`);
  }
  return args;
};

/** `--until 2011-06-30` → the last millisecond of that day, UTC (the data's dates are UTC too). */
export const endOfDayUtc = (date: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999) : NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new Error(`--until must be a date as YYYY-MM-DD, got '${date}'.`);
  }
  return ms;
};

/** ADMIN_PASSWORD from the environment or else from .dev.vars, with where it came from (admin-password.ts). */
export const adminPassword = (root: string, environment: NodeJS.ProcessEnv = process.env) => {
  const devVars = path.join(root, ".dev.vars");
  return resolveAdminPassword(environment.ADMIN_PASSWORD, existsSync(devVars) ? readFileSync(devVars, "utf8") : null);
};

/**
 * Progress on stdout: on a terminal one line per phase rewritten in place with `\r`; in a log
 * (CI, a pipe) only each phase's final line, so the log stays short.
 */
export const progressLine = (out: NodeJS.WriteStream = process.stdout) => {
  let phase: string | null = null;
  let text = "";
  const fmt = (n: number) => n.toLocaleString("en-GB");
  const close = () => {
    if (phase !== null) out.write(out.isTTY ? "\n" : `${text}\n`);
    phase = null;
  };
  return {
    update(next: string, done: number, total?: number) {
      if (phase !== next) close();
      phase = next;
      text = `  ${next.padEnd(10)} ${total === undefined ? fmt(done) : `${fmt(done)} / ${fmt(total)}`}`;
      if (out.isTTY) out.write(`\r${text}\u001b[K`);
    },
    close,
  };
};

/**
 * Every parsed row of a gzipped CSV file, read as a stream (the file is never fully in memory);
 * `onFraction` hears how much of the file has been read (0..1).
 */
export async function* readGzipCsv(file: string, onFraction?: (fraction: number) => void): AsyncGenerator<ParsedRow> {
  if (!existsSync(file)) throw new Error(`Data file not found: ${file} (pass another with --file PATH).`);
  const size = statSync(file).size;
  const raw = createReadStream(file);
  let read = 0;
  if (onFraction) {
    raw.on("data", (chunk) => {
      read += chunk.length;
      onFraction(size > 0 ? read / size : 1);
    });
  }
  const lines = createInterface({ input: raw.pipe(createGunzip()), crlfDelay: Infinity });
  const reader = createRetailLineReader();
  for await (const line of lines) {
    const row = reader.push(line);
    if (row) yield row;
  }
  const last = reader.end();
  if (last) yield last;
}
