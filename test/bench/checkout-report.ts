// The checkout section of reports/bench.md: placement and time to PAID beside the no-op route, then the
// flash-sale checkout's outcome and invariants (the figures checkout.ts measured).
import type { CheckoutRun, FlashCheckout, Percentiles } from "./checkout";

const ms = (p: Percentiles) => `${p.p50.toFixed(0)} / ${p.p95.toFixed(0)} / ${p.p99.toFixed(0)}`;
const s = (n: number) => (n / 1000).toFixed(1);

export const checkoutTables = (runs: { name: string; run: CheckoutRun }[], flash: FlashCheckout | undefined, noopRps: number): string =>
  [
    "Checkout: each buyer (a customer with an address, a saved sandbox card and one unit in the cart, made",
    "straight in storage) sends POST /api/v1/orders once; the saga then reserves, charges and marks the order",
    "PAID over the local queues. POST req/s is beside GET /healthz sent by the same client at the same",
    "concurrency just before; orders/s counts PAID orders from the first request until the last was PAID,",
    `beside the wrk no-op figure above (${noopRps.toFixed(0)} req/s). Times to PAID/RESERVED are from the order timeline.`,
    "",
    "| checkout | buyers | in flight | accepted | POST req/s | no-op req/s (same client) | ratio | POST p50 / p95 / p99 ms | PAID | orders/s to PAID | vs no-op | to PAID p50 / p95 / p99 ms | to RESERVED p50 ms | all final after s |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...runs.map(
      ({ name, run: r }) =>
        `| ${name} | ${r.buyers} | ${r.concurrency} | ${r.accepted} | ${r.placeRps.toFixed(1)} | ${r.noopRps.toFixed(0)} | ${(r.placeRps / r.noopRps).toFixed(3)} | ${ms(r.placeLatency)} | ${r.paid} | ${r.paidPerSec.toFixed(1)} | ${(r.paidPerSec / noopRps).toFixed(3)} | ${ms(r.toPaid)} | ${r.toReserved.p50.toFixed(0)} | ${r.settled ? s(r.settleMs) : "NOT SETTLED"} |`,
    ),
    ...(flash
      ? [
          "",
          "| flash-sale checkout | buyers | units | PAID | CANCELLED (insufficient_stock) | other outcomes | captured charges | charged twice | charged, not PAID | sold | reserved | conservation | burst s | all final after s | checks |",
          "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |",
          `| one InventoryDO | ${flash.buyers} | ${flash.units} | ${flash.paid} | ${flash.outcomes["CANCELLED/insufficient_stock"] ?? 0} | ${otherOutcomes(flash)} | ${flash.captured} | ${flash.doubleCharged} | ${flash.chargedNotPaid} | ${flash.stock.sold} | ${flash.stock.reserved} | ${flash.conserved ? "holds" : "VIOLATED"} | ${s(flash.placeMs)} | ${flash.settled ? s(flash.settleMs) : "NOT SETTLED"} | ${flash.problems.length === 0 ? "pass" : "FAIL"} |`,
        ]
      : []),
    ...runs.flatMap(({ name, run }) => run.problems.map((p) => `\n**FAILED** ${name}: ${p}`)),
    "",
  ].join("\n");

const otherOutcomes = (f: FlashCheckout) => {
  const other = Object.entries(f.outcomes).filter(([k]) => !k.startsWith("PAID") && k !== "CANCELLED/insufficient_stock");
  const rejected = Object.entries(f.rejected).map(([status, n]) => `HTTP ${status}: ${n}`);
  return [...other.map(([k, n]) => `${k}: ${n}`), ...rejected].join(", ") || "none";
};
