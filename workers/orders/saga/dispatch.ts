// Routes one order event to its saga step (choreography: each step reacts to the previous fact).
// A step already recorded in processed_events for this event is skipped: redeliveries are no-ops.
import type { OrderEvent } from "../../shared/events";
import { chargePayment, CHARGE_PAYMENT } from "./charge-payment";
import { completeOrder, COMPLETE_ORDER } from "./complete-order";
import { alreadyProcessed, type SagaDeps } from "./context";
import { EXPIRE_ORDER, expireOrder, FAIL_ORDER, failOrder } from "./fail-order";
import { refundCancelled, REFUND_CANCELLED } from "./refund-cancelled";
import { RESERVE_STOCK, reserveStock } from "./reserve-stock";

/** What the consumer should do with the message afterwards. */
export type StepOutcome = { retryInSeconds?: number };

/** The step that reacts to each event type: its processed_events key marks the event handled. */
export const STEP_FOR_EVENT: Readonly<Partial<Record<OrderEvent["type"], string>>> = {
  OrderCreated: RESERVE_STOCK,
  InventoryReserved: CHARGE_PAYMENT,
  PaymentCompleted: COMPLETE_ORDER,
  PaymentFailed: FAIL_ORDER,
  PaymentDeadlineReached: EXPIRE_ORDER,
  OrderCancelled: REFUND_CANCELLED,
};

export const runSagaStep = async (deps: SagaDeps, e: OrderEvent): Promise<StepOutcome> => {
  const consumer = STEP_FOR_EVENT[e.type];
  // InventoryFailed ends the saga (the reserve step already cancelled the order): nothing reacts.
  if (!consumer || (await alreadyProcessed(deps.env, consumer, e.id))) return {};
  switch (e.type) {
    case "OrderCreated":
      await reserveStock(deps, e.id, e.data);
      return {};
    case "InventoryReserved":
      await chargePayment(deps, e.id, e.data);
      return {};
    case "PaymentCompleted":
      await completeOrder(deps, e.id, e.data);
      return {};
    case "PaymentFailed":
      await failOrder(deps, e.id, e.data);
      return {};
    case "PaymentDeadlineReached":
      return expireOrder(deps, e.id, e.data);
    case "OrderCancelled":
      await refundCancelled(deps, e.id, e.data);
      return {};
    default:
      return {};
  }
};
