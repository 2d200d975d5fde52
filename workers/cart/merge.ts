// Guest cart → customer cart on login and register: the guest's lines are added to the
// customer's (capped by stock and the per-line max), the guest cart emptied, its cookie expired.
import type { Context } from "hono";
import type { AppEnv } from "../shared/app-env";
import { isPriced, type CartLine, type LineOffer } from "./cart";
import { loadCartInputs } from "./cart.repo";
import { customerCart, forgetGuest, guestCart, guestIdOf } from "./cart-id";

const asOffer = (l: CartLine, available: number): LineOffer => ({
  productId: l.productId,
  qty: l.qty,
  priceMinor: l.priceAtAdd,
  currency: l.currency,
  available,
});

/**
 * Never fails the sign-in it runs in: on an error the guest's lines are put back and the cookie
 * kept, so the next sign-in merges them. The guest cart is emptied first, in one step, so two
 * concurrent sign-ins with the same cookie cannot both add its lines.
 */
export const mergeGuestCart = async (c: Context<AppEnv>, userId: string): Promise<void> => {
  const guestId = await guestIdOf(c);
  if (!guestId) return;
  const guest = guestCart(c.env, guestId);
  let taken: CartLine[] = [];
  try {
    const cleared = await guest.clear();
    if (!cleared.ok) throw new Error(`guest cart clear refused: ${cleared.error.code}`);
    taken = cleared.value;
    if (taken.length > 0) {
      const { catalog, stock } = await loadCartInputs(
        c.env,
        taken.map((l) => l.productId),
      );
      // Lines for deleted, unknown or now unpriced products are not carried over: there is nothing to buy.
      const offers = taken
        .filter((l) => {
          const p = catalog.get(l.productId);
          return p?.deleted === false && isPriced(p.priceMinor);
        })
        .map((l) => asOffer(l, stock.get(l.productId) ?? 0));
      const merged = await customerCart(c.env, userId).merge(offers);
      if (!merged.ok) throw new Error(`cart merge refused: ${merged.error.code}`);
    }
    forgetGuest(c);
  } catch (e) {
    console.error(`[${c.get("requestId") ?? "-"}] guest cart merge failed for ${userId}`, e);
    if (taken.length > 0) {
      await guest.merge(taken.map((l) => asOffer(l, l.qty))).catch((err: unknown) => console.error("guest cart restore failed", err));
    }
  }
};
