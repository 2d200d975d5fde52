// Writes the soak report: dir/soak.md plus throughput and p95-latency SVG charts over time, and the
// one-line verdict the suite prints. Also the sample statistics the load generator shares.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { lineChartSvg } from "./charts";
import type { EndpointStats, InvariantResult, Sample, SoakReport } from "./types";

/** Nearest-rank percentile (p in 0..100) of an ascending array; 0 when empty. */
export const percentile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : 0;

export function statsOf(samples: Sample[], durationMs: number): EndpointStats {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const s of samples) statuses[String(s.status)] = (statuses[String(s.status)] ?? 0) + 1;
  return {
    n: samples.length,
    rps: durationMs > 0 ? samples.length / (durationMs / 1000) : 0,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    errors: samples.filter((s) => s.status === 0 || s.status >= 500).length,
    statuses,
  };
}

export const verdictLine = (invariants: InvariantResult[]): string => {
  const bad = invariants.filter((i) => !i.ok);
  return bad.length ? `invariants violated: ${bad.map((i) => `${i.name} (${i.detail})`).join("; ")}` : "invariants hold";
};

const ORDER = ["search", "product", "cart", "checkout", "noop"];
const byOrder = (a: string, b: string) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b);
const fms = (v: number) => (v < 10 ? v.toFixed(1) : v.toFixed(0));
const frps = (v: number) => (v < 100 ? v.toFixed(1) : v.toFixed(0));
const fratio = (v: number) => (!Number.isFinite(v) ? "–" : v < 0.1 ? v.toFixed(3) : v.toFixed(2));
const cell = (s: string) =>
  s
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/\s*\n\s*/g, " ");
const row = (cells: (string | number)[]) => `| ${cells.map((c) => cell(String(c))).join(" | ")} |`;
const table = (head: string[], align: string[], rows: (string | number)[][]) => [row(head), `| ${align.join(" | ")} |`, ...rows.map(row)];
const clip = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Per-endpoint series of 1 s buckets: requests/s and p95 ms (p95 only where a bucket has ≥ 3 samples). */
function buckets(samples: Sample[], loadEndMs: number) {
  const groups = new Map<string, Map<number, number[]>>();
  for (const s of samples) {
    const g = groups.get(s.endpoint) ?? new Map<number, number[]>();
    groups.set(s.endpoint, g);
    const b = Math.floor(s.t / 1000);
    (g.get(b) ?? g.set(b, []).get(b)!).push(s.ms);
  }
  const names = [...groups.keys()].sort(byOrder);
  const last = Math.ceil(loadEndMs / 1000);
  const throughput = names.map((name) => {
    const points: [number, number][] = [];
    for (let b = 0; b < last; b++) {
      const len = Math.min(1000, loadEndMs - b * 1000); // a short final bucket is scaled, a tiny one dropped
      if (len >= 500) points.push([b + 0.5, (groups.get(name)!.get(b)?.length ?? 0) / (len / 1000)]);
    }
    return { name, points };
  });
  const latency = names.map((name) => {
    const points: [number, number][] = []; // NaN where a bucket has too few samples: the line breaks there
    for (let b = 0; b < last; b++) {
      const ms = groups.get(name)!.get(b) ?? [];
      points.push([
        b + 0.5,
        ms.length >= 3
          ? percentile(
              ms.sort((x, y) => x - y),
              95,
            )
          : NaN,
      ]);
    }
    return { name, points };
  });
  return { throughput, latency };
}

export function writeSoakReport(report: SoakReport, dir: string): { markdown: string; files: string[] } {
  mkdirSync(dir, { recursive: true });
  const events = Object.entries(report.faults)
    .filter(([k]) => k.startsWith("event:"))
    .map(([k, v]) => ({ label: k.slice("event:".length), ms: Number(v) }))
    .filter((e) => Number.isFinite(e.ms));
  const settings = Object.entries(report.faults).filter(([k]) => !k.startsWith("event:"));
  const markers = [
    ...report.steps.map((s) => ({ x: s.startedAt / 1000, label: `c=${s.concurrency}` })),
    ...events.map((e) => ({ x: e.ms / 1000, label: e.label })),
  ];
  const lastStep = report.steps.at(-1);
  const loadEnd = report.samples.reduce((m, s) => Math.max(m, s.t), lastStep ? lastStep.startedAt + lastStep.durationMs : 0);
  const { throughput, latency } = buckets(report.samples, loadEnd);

  const files = [join(dir, "soak.md"), join(dir, "soak-throughput.svg"), join(dir, "soak-latency.svg")];
  const common = { xLabel: "seconds since load start", markers };
  writeFileSync(
    files[1]!,
    lineChartSvg({ ...common, title: "Soak: throughput per endpoint (1 s buckets)", yLabel: "requests / s", series: throughput }),
  );
  writeFileSync(
    files[2]!,
    lineChartSvg({ ...common, title: "Soak: p95 latency per endpoint (1 s buckets)", yLabel: "p95 latency (ms)", series: latency }),
  );

  const endpoints = [...new Set(report.steps.flatMap((s) => Object.keys(s.byEndpoint)))].sort(byOrder);
  const n = report.noop;
  const md = [
    "# Soak report",
    "",
    `- machine: ${report.machine}`,
    `- command: \`${report.command}\``,
    `- started: ${report.startedAt}`,
    `- duration: ${(report.durationMs / 1000).toFixed(1)} s`,
    "",
    "## Faults",
    "",
    ...(settings.length ? table(["setting", "value"], ["---", "---"], settings) : ["No fault settings."]),
    "",
    events.length ? `Fault events: ${events.map((e) => `${e.label} at ${(e.ms / 1000).toFixed(1)} s`).join(", ")}.` : "No fault events.",
    "",
    "## Load",
    "",
    `No-op: ${frps(n.rps)} req/s, p50 / p95 / p99 ${fms(n.p50)} / ${fms(n.p95)} / ${fms(n.p99)} ms, ${n.n} requests, ${n.errors} errors.`,
    "",
    ...table(
      ["concurrency", "req/s", "vs no-op", ...endpoints.map((e) => `${e} p50 / p95 / p99 ms (errors)`)],
      ["---:", "---:", "---:", ...endpoints.map(() => "---:")],
      report.steps.map((s) => [
        s.concurrency,
        frps(s.rps),
        fratio(s.rps / n.rps),
        ...endpoints.map((e) => {
          const st = s.byEndpoint[e];
          return st ? `${fms(st.p50)} / ${fms(st.p95)} / ${fms(st.p99)} (${st.errors})` : "–";
        }),
      ]),
    ),
    "",
    "![Throughput per endpoint over time](soak-throughput.svg)",
    "",
    "![p95 latency per endpoint over time](soak-latency.svg)",
    "",
    "## Abuse",
    "",
    ...table(
      ["scenario", "requests", "5xx", "unexpected", "first unexpected"],
      ["---", "---:", "---:", "---:", "---"],
      report.abuse.map((a) => [
        a.name,
        a.requests,
        a.fiveXx,
        a.unexpected.length,
        a.unexpected
          .slice(0, 3)
          .map((u) => clip(u))
          .join("; ") || "–",
      ]),
    ),
    "",
    "## Invariants",
    "",
    ...table(
      ["invariant", "ok", "detail", "counts"],
      ["---", ":---:", "---", "---"],
      report.invariants.map((i) => [
        i.name,
        i.ok ? "✓" : "✗",
        i.detail,
        Object.entries(i.counts)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ") || "–",
      ]),
    ),
    "",
    verdictLine(report.invariants),
    "",
  ].join("\n");
  writeFileSync(files[0]!, md);
  return { markdown: md, files };
}
