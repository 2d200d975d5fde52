// Catalog fixtures: products created through the public API by a seller account.
import { type Account, authed } from "./client";

let n = 0;
export const newProductInput = (overrides: Record<string, unknown> = {}) => ({
  title: `Test lantern ${++n}`,
  description: "A white metal lantern.",
  category: "candles-lighting",
  price: 339,
  currency: "GBP" as const,
  ...overrides,
});

export const createProduct = async (seller: Account, overrides: Record<string, unknown> = {}) => {
  const res = await authed(seller).api.v1.products.$post({ json: newProductInput(overrides) as never });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return res.json();
};
