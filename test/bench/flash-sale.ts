// The flash sale: N concurrent buyers each try to reserve one unit of a SKU holding `units`,
// through the bench driver Worker. Checks the outcome (exactly `units` succeed, the rest get a
// clean sold-out) and conservation, and times the burst beside a no-op burst of the same size.
export interface FlashSaleResult {
  name: string;
  buyers: number;
  succeeded: number;
  soldOut: number;
  other: number;
  burstMs: number;
  noopBurstMs: number;
  conserved: boolean;
  stock: Record<string, number>;
}

type Fetch = (url: string) => Promise<Response>;

const burst = async (fetch: Fetch, urls: string[]): Promise<{ ms: number; statuses: number[]; codes: string[] }> => {
  const started = performance.now();
  const replies = await Promise.all(
    urls.map(async (u) => {
      const res = await fetch(u);
      const body = (await res.json()) as { code?: string };
      return { status: res.status, code: body.code ?? "" };
    }),
  );
  return { ms: performance.now() - started, statuses: replies.map((r) => r.status), codes: replies.map((r) => r.code) };
};

export const flashSale = async (
  name: string,
  fetch: Fetch,
  opts: { sku: string; units: number; buyers: number; shards: number },
): Promise<FlashSaleResult> => {
  const at = (p: string) => `http://bench-driver${p}`;
  const setup = await fetch(at(`/setup?sku=${opts.sku}&units=${opts.units}&shards=${opts.shards}`));
  if (!setup.ok) throw new Error(`flash sale setup failed: ${await setup.text()}`);
  const noop = await burst(
    fetch,
    Array.from({ length: opts.buyers }, () => at("/noop")),
  );
  const sale = await burst(
    fetch,
    Array.from({ length: opts.buyers }, (_, i) => at(`/reserve?sku=${opts.sku}&order=${name}-${i}`)),
  );
  const stock = (await (await fetch(at(`/stock?sku=${opts.sku}`))).json()) as Record<string, number>;
  const succeeded = sale.statuses.filter((s) => s === 200).length;
  const soldOut = sale.codes.filter((c) => c === "insufficient_stock").length;
  const conserved =
    stock.initial! + stock.restocked! + stock.adjusted! + (stock.transferred ?? 0) === stock.onHand! + stock.sold! &&
    stock.onHand === stock.available! + stock.reserved! &&
    stock.reserved === succeeded;
  return {
    name,
    buyers: opts.buyers,
    succeeded,
    soldOut,
    other: opts.buyers - succeeded - soldOut,
    burstMs: sale.ms,
    noopBurstMs: noop.ms,
    conserved,
    stock,
  };
};
