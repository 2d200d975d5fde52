// The search evaluation's markdown report (reports/ is git-ignored): figures beside the data
// set's reference, with the date, the machine and the command that produced them.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import type { CatalogImport } from "../../workers/cli/catalog-seed";
import { RELEVANT_AT, type Summary } from "./metrics";

/** Plain BM25 (k1 0.9, b 0.4, no stemming) on this corpus and protocol, from the data set README. */
export const REFERENCE_BM25_NDCG10 = 0.3475;
export const REFERENCE_QUERIES = 11_757;

/** The checkout's commit, and whether the working tree differs from it (read-only git). */
const build = (): string => {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
    return `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--untracked-files=no") ? " + uncommitted changes" : ""}`;
  } catch {
    return "unknown (not a git checkout)";
  }
};

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "n/a");
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : "n/a");
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : "n/a");

export const writeReport = (
  file: string,
  r: {
    summary: Summary;
    imported: CatalogImport;
    command: string;
    started: number;
    runSeconds: number;
    concurrency: number;
    limited: boolean;
  },
): string => {
  const s = r.summary;
  const cpus = os.cpus();
  const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.versions.node}`;
  const mrr = RELEVANT_AT.map((t, i) => `| MRR@10 (relevant = mean rating ≥ ${t.toFixed(1)}) | ${f3(s.mrr10[i]!)} | |`);
  const success = RELEVANT_AT.map((t, i) => `| success@10 (a result rated ≥ ${t.toFixed(1)} in the top 10) | ${pct(s.success10[i]!)} | |`);
  const text = [
    "# Search relevance: Home Depot product search (titles only)",
    "",
    `- Date: ${new Date(r.started).toISOString()}`,
    `- Machine: ${machine}`,
    `- Command: \`${r.command}\``,
    `- Build: commit ${build()}`,
    `- Server: the built Worker under wrangler's test harness (in-memory storage), GET /api/v1/products/search?q=…&page_size=10, ${r.concurrency} requests in flight`,
    `- Catalog: ${r.imported.written.products.toLocaleString("en-GB")} products imported in ${r.imported.seconds.toFixed(1)} s with the seed's catalog importer (--only)`,
    `- Queries run: ${s.queriesRun.toLocaleString("en-GB")} in ${r.runSeconds.toFixed(0)} s; scored: ${s.queriesScored.toLocaleString("en-GB")} (ideal DCG > 0); errors: ${s.errors}` +
      (r.limited ? " — a --limit run: not comparable with the reference" : ""),
    "",
    "| metric | this build | reference |",
    "| --- | --- | --- |",
    `| nDCG@10 (gain = mean rating − 1, unjudged = 0) | **${f3(s.ndcg10)}** | plain BM25 ${REFERENCE_BM25_NDCG10} (${REFERENCE_QUERIES.toLocaleString("en-GB")} queries) |`,
    ...mrr,
    ...success,
    `| zero-result rate | ${pct(s.zeroResultRate)} | |`,
    `| judged results in the top 10 (mean) | ${s.judgedAt10.toFixed(2)} | |`,
    `| latency p50 / p95 (client, incl. loopback; ${r.concurrency} in flight) | ${ms(s.latencyP50)} / ${ms(s.latencyP95)} | |`,
    "",
    "Protocol (data set README): the whole corpus indexed, each query's top 10 scored; the ideal ranking",
    "comes from all judged products of the query; unjudged results count as gain 0, so nDCG is a lower",
    "bound — the judged@10 line says how much of the top 10 was judged. MRR and success@10 average over",
    "the scored queries that have a judged product at the threshold. Zero-result rate and judged@10 are",
    "over the scored queries; latency over every successful request. Per-query results (ids, gains,",
    "titles, the best judged products): reports/search-eval-queries.jsonl.",
    "",
  ].join("\n");
  writeFileSync(file, text);
  return text;
};
