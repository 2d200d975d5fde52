// The recommendation evaluation's output: a plain table for stdout and the markdown report with
// the protocol, the data sizes, the served/popularity ratios and the build job's counts.
import { writeFileSync } from "node:fs";
import os from "node:os";
import { percentile } from "./metrics";
import { K, type MethodSummary } from "./recs-metrics";
import type { JobRun, ServedStats } from "./recs-served";

export type ResultRow = { protocol: "A" | "B"; method: string; summary: MethodSummary; served?: ServedStats };

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "n/a");
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : "n/a");
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : "n/a");
const fmt = (n: number) => n.toLocaleString("en-GB");

const cells = (r: ResultRow): string[] => [
  r.protocol,
  r.method,
  fmt(r.summary.cases),
  f3(r.summary.hitRate),
  f3(r.summary.recall),
  pct(r.summary.coverage),
  r.summary.meanListLength.toFixed(1),
  pct(r.summary.excludedShare),
  r.served
    ? `${r.served.perSecond.toFixed(1)}/s, ${ms(percentile(r.served.latencies, 50))} / ${ms(percentile(r.served.latencies, 95))}, ${r.summary.errors} err`
    : "",
];
const HEADER = [
  "",
  "method",
  "cases",
  `hit@${K}`,
  `recall@${K}`,
  "coverage",
  "list len",
  "excluded shown",
  "served: req/s, p50 / p95, errors",
];

export const consoleTable = (rows: readonly ResultRow[]): string => {
  const table = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  return table
    .map((r) =>
      r
        .map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
};

const markdownTable = (rows: readonly ResultRow[]): string[] => [
  `| ${HEADER.join(" | ")} |`,
  `| ${HEADER.map((_, c) => (c < 2 ? "---" : "---:")).join(" | ")} |`,
  ...rows.map(
    (r) =>
      `| ${cells(r)
        .map((c, i) => ((i === 3 || i === 4) && r.served ? `**${c}**` : c))
        .join(" | ")} |`,
  ),
];

/** served / popularity (90 days) on hit rate and recall, per served row. */
export const ratioLines = (rows: readonly ResultRow[]): string[] =>
  rows
    .filter((r) => r.served)
    .map((r) => {
      const pop = rows.find((p) => p.protocol === r.protocol && p.method === "popularity (90 days)");
      if (!pop) return `- ${r.protocol} ${r.method}: no popularity row`;
      const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "n/a");
      return `- ${r.protocol} ${r.method} / popularity (90 days): hit@${K} ${ratio(r.summary.hitRate, pop.summary.hitRate)}, recall@${K} ${ratio(r.summary.recall, pop.summary.recall)}`;
    });

export type ReportInput = {
  started: number;
  command: string;
  cutoff: string;
  seed: number;
  sample: number;
  concurrency: number;
  sizes: [string, string][];
  rows: ResultRow[];
  job: JobRun | null;
  notes: string[];
  seconds: { total: number; offline: number; served: number | null };
};

export const PROTOCOL = [
  "Train = the demo retail import with `--until` = the cutoff, read back from D1 the way the build job",
  "sees it (orders not CANCELLED/FAILED, lines with quantity > 0). Test = sale invoices dated after the",
  "cutoff's end of day (UTC), through the same CSV parser and importer filters, so ids are D1's product",
  "ids. Items that no train order holds are dropped from test baskets and targets: no method can know",
  "them (the counts are in the data sizes).",
  "",
  "- **A. Next basket (personalised).** Customers with ≥1 train order and ≥1 test order. Target = the",
  "  distinct items they bought after the cutoff that they had not bought before it (customers with an",
  "  empty target are skipped; beyond --sample customers, a seeded sample). Each method recommends",
  `  ${K} items, excluding the customer's train items;`,
  "  the co-occurrence/cosine context is all the customer's train items. Served = `GET",
  `  /api/v1/recommendations?limit=${K}\` with the customer's token.`,
  "- **B. Basket completion from one item (product page).** Test invoices (any customer, guests too)",
  "  with ≥2 distinct known items; a seeded PRNG samples the baskets and picks one anchor item per",
  `  basket; targets = the basket's other items. Each method recommends ${K} items excluding the anchor.`,
  `  Served = \`GET /api/v1/products/{anchor}/recommendations?type=similar|bought_together&limit=${K}\`.`,
  "",
  "Methods (offline, from the train set): popularity = distinct buyers in the last 90 days of train (and",
  "all time); co-occurrence = Σ over context items of customers who bought both; cosine = Σ over context",
  "items of co(i, j) / √(n_i · n_j) on binary customer × item vectors (full matrix, no top-K cut).",
  "Zero-score ties are broken by 90-day popularity, so every offline list has 10 items.",
  "",
  `Metrics: hit@${K} = share of cases with ≥1 target in the top ${K}; recall@${K} = |top ${K} ∩ target| /`,
  `min(${K}, |target|), averaged over cases (so a perfect list scores 1 even when the basket holds more`,
  `than ${K} items); coverage = distinct items recommended over all cases / items in the train set.`,
  'Served lists are scored as returned: "list len" is their mean length and "excluded shown" the share',
  "of shown items the protocol excludes (already bought in A, the anchor in B); a failed request counts",
  "as an empty list. Latency is the client's (loopback included); req/s is per protocol run.",
];

export const writeRecsReport = (file: string, r: ReportInput): string => {
  const cpus = os.cpus();
  const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}`;
  const job = r.job;
  const jobLines =
    job === null
      ? ["Not run."]
      : job.state === "missing"
        ? [`POST /api/v1/admin/jobs/recommendations answered 404: the served rows are skipped.`]
        : [
            `POST /api/v1/admin/jobs/recommendations: HTTP ${job.status ?? "(no answer)"} after ${job.seconds.toFixed(1)} s (client).`,
            "",
            "```json",
            typeof job.body === "string" ? job.body : JSON.stringify(job.body, null, 2),
            "```",
          ];
  const strategies = r.rows
    .filter((x) => x.served)
    .map(
      (x) =>
        `- ${x.protocol} ${x.method}: ${[...x.served!.strategies].map(([s, n]) => `${s} ${fmt(n)}`).join(", ") || "none"}` +
        (x.served!.firstError ? ` — first error: ${x.served!.firstError}` : ""),
    );
  const text = [
    "# Recommendations: offline evaluation on UCI Online Retail",
    "",
    `- Date: ${new Date(r.started).toISOString()}`,
    `- Machine: ${machine}`,
    `- Command: \`${r.command}\``,
    `- Cutoff: ${r.cutoff} (train = invoices up to its end of day UTC); seed ${r.seed}; at most ${fmt(r.sample)} cases per protocol (--sample)`,
    `- Server: the built Worker under wrangler's test harness (in-memory storage), ${r.concurrency} requests in flight`,
    `- Run time: ${r.seconds.total.toFixed(0)} s in all; offline methods ${r.seconds.offline.toFixed(1)} s; served calls ${r.seconds.served === null ? "skipped" : `${r.seconds.served.toFixed(1)} s`}`,
    "",
    "## Protocol",
    "",
    ...PROTOCOL,
    "",
    "## Data",
    "",
    "| | |",
    "| --- | ---: |",
    ...r.sizes.map(([k, v]) => `| ${k} | ${v} |`),
    "",
    "## Results",
    "",
    ...markdownTable(r.rows),
    "",
    ...(r.rows.some((x) => x.served)
      ? ["Served / popularity:", "", ...ratioLines(r.rows), "", "Strategies the API named:", "", ...strategies]
      : ["Served rows: skipped (see the build job below)."]),
    "",
    "## Build job",
    "",
    ...jobLines,
    ...(r.notes.length > 0 ? ["", "## Notes", "", ...r.notes.map((n) => `- ${n}`)] : []),
    "",
  ].join("\n");
  writeFileSync(file, text);
  return text;
};
