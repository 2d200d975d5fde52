import { describe, expect, it } from "vitest";
import { initialStock } from "../../../workers/demo-data/demo-stock";
import type { ImportedOrder } from "../../../workers/demo-data/retail-types";

const DAY = 86_400_000;
const order = (daysBeforeEnd: number, lines: [string, number][], status: ImportedOrder["status"] = "DELIVERED"): ImportedOrder => ({
  id: `o${daysBeforeEnd}${lines.map((l) => l[0]).join("")}${status}`,
  customerId: null,
  status,
  currency: "GBP",
  totalMinor: 0,
  itemCount: 0,
  sourceInvoice: "x",
  createdAt: 1_000 * DAY - daysBeforeEnd * DAY,
  lines: lines.map(([productId, quantity], i) => ({ lineNo: i + 1, productId, title: productId, quantity, unitPriceMinor: 100 })),
});

describe("initial demo stock", () => {
  it("covers four weeks of the last 90 days' delivered demand, rounded up", () => {
    const stock = initialStock(
      ["A", "B", "C", "D"],
      [
        order(0, [["A", 90]]), // the newest order sets the window's end
        order(89, [
          ["A", 45],
          ["B", 1],
        ]),
        order(90, [["C", 500]]), // exactly 90 days before the end: outside the window
        order(10, [["D", 900]], "CANCELLED"), // cancellations are not demand
      ],
    );
    expect(stock.get("A")).toBe(Math.ceil((135 * 28) / 90)); // 42
    expect(stock.get("B")).toBe(1); // 28/90 rounds up to one unit
    expect(stock.get("C")).toBe(0);
    expect(stock.get("D")).toBe(0);
  });
});
