// Payment-methods API: customers save cards (tokenised by the payment gateway), list and delete
// them. Transport only: parse, tokenise, store, shape. The card number never reaches storage.
import { createRoute } from "@hono/zod-openapi";
import { principalOf, requireRoles } from "../identity/auth-middleware";
import { newRouter } from "../shared/app-env";
import { DomainError } from "../shared/errors";
import { newPaymentMethodId, newTokenisationId } from "../shared/ids";
import { bearerAuth, errorResponses, isoTime, jsonBody, jsonContent } from "../shared/openapi";
import { CARD_SAVES, outcomeOf, saveRetryAfterSeconds } from "./card-saves";
import { GENERIC_DECLINE } from "./declines";
import { normaliseNumber, type Brand } from "./cards";
import { finishTokenisation, nthNewestTokenisationAt, startTokenisation } from "./card-tokenisations.repo";
import type { GatewayError } from "./gateway";
import { paymentGateway } from "./gateway-factory";
import {
  countPaymentMethods,
  insertPaymentMethod,
  listPaymentMethods,
  softDeletePaymentMethod,
  type PaymentMethodRecord,
} from "./payment-methods.repo";
import { CreatePaymentMethodBody, PaymentMethodIdParam, PaymentMethodListSchema, PaymentMethodSchema } from "./schemas";
import { noStore } from "../shared/no-store";

/** Enough for anyone's wallet, and it keeps the list one small page. */
export const MAX_SAVED_CARDS = 20;

const guard = [requireRoles("customer"), noStore];
const tags = ["Payment methods"];
const who = "Customers only: sellers and admins get 403.";

const create = createRoute({
  method: "post",
  path: "/",
  tags,
  summary: "Save a card (tokenised by the payment gateway)",
  description:
    `${who} A card the issuer refuses is 402 card_declined with a generic message. At most ` +
    `${CARD_SAVES.perWindow} save attempts per customer in 24 hours, whatever their outcome (deleting cards does not give them back): then 429.`,
  security: bearerAuth,
  middleware: guard,
  request: { body: jsonBody(CreatePaymentMethodBody) },
  responses: { 201: jsonContent(PaymentMethodSchema, "Saved"), ...errorResponses(400, 401, 402, 403, 413, 415, 422, 429, 503) },
});

const list = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "The caller's saved cards, newest first",
  description: who,
  security: bearerAuth,
  middleware: guard,
  responses: { 200: jsonContent(PaymentMethodListSchema, "Saved cards"), ...errorResponses(401, 403) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags,
  summary: "Delete a saved card",
  description: who,
  security: bearerAuth,
  middleware: guard,
  request: { params: PaymentMethodIdParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404) },
});

const json = (pm: PaymentMethodRecord) => ({
  id: pm.id,
  brand: pm.brand as Brand,
  last4: pm.last4,
  exp_month: pm.expMonth,
  exp_year: pm.expYear,
  created_at: isoTime(pm.createdAt),
});

const limitReached = () =>
  new DomainError("not_allowed", "payment_method_limit", `You can save at most ${MAX_SAVED_CARDS} cards: delete one first.`);

/** A tokenisation failure in the API's taxonomy. */
const tokenizeError = (e: GatewayError): DomainError => {
  switch (e.code) {
    case "card_declined":
    case "insufficient_funds":
      return new DomainError("payment_failed", "card_declined", GENERIC_DECLINE);
    case "invalid_card":
      return new DomainError("invalid_data", "invalid_card", e.message);
    case "expired_card":
      return new DomainError("invalid_data", "card_expired", "The card has expired.");
    case "gateway_error":
    case "timeout":
      return new DomainError("unavailable", "dependency_unavailable", "The payment gateway is not answering; try again shortly.", {
        retryAfter: 5,
      });
    default:
      return new DomainError("internal", "internal_error", "Something went wrong on our side.", { cause: e });
  }
};

export const paymentMethodRoutes = newRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const customerId = principalOf(c).userId;
    // Checked first so a full wallet costs no gateway call; the insert re-checks against races.
    if ((await countPaymentMethods(c.env, customerId)) >= MAX_SAVED_CARDS) throw limitReached();
    const now = Date.now();
    const attempt = newTokenisationId();
    if (!(await startTokenisation(c.env, { id: attempt, customerId, now }, CARD_SAVES.perWindow, CARD_SAVES.windowMs))) {
      const nth = await nthNewestTokenisationAt(c.env, customerId, now, CARD_SAVES.windowMs, CARD_SAVES.perWindow);
      throw new DomainError("rate_limited", "too_many_requests", "You have tried to add too many cards today: try again later.", {
        retryAfter: saveRetryAfterSeconds(nth, now),
      });
    }
    const card = { number: normaliseNumber(body.number), expMonth: body.exp_month, expYear: body.exp_year, cvc: body.cvc };
    const result = await paymentGateway(c.env).tokenize(card, now);
    if (!result.ok) {
      const declineCode = result.error.declineCode ?? (outcomeOf(result.error) === "declined" ? result.error.code : null);
      await finishTokenisation(c.env, attempt, outcomeOf(result.error), declineCode);
      // The precise reason for admins (the log and the attempt's row); never the card number.
      if (declineCode) console.warn(JSON.stringify({ event: "card_save_declined", customerId, attempt, declineCode }));
      throw tokenizeError(result.error);
    }
    const { token, brand, last4, expMonth, expYear } = result.value;
    const pm = { id: newPaymentMethodId(), customerId, brand, last4, expMonth, expYear, token, createdAt: now };
    const saved = await insertPaymentMethod(c.env, pm, MAX_SAVED_CARDS);
    await finishTokenisation(c.env, attempt, saved ? "saved" : "refused");
    if (!saved) throw limitReached();
    return c.json(json(pm), 201);
  })
  .openapi(list, async (c) => {
    const items = await listPaymentMethods(c.env, principalOf(c).userId);
    return c.json({ items: items.map(json) }, 200);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await softDeletePaymentMethod(c.env, principalOf(c).userId, id, Date.now()))) {
      throw new DomainError("not_found", "payment_method_not_found", `No saved card ${id}.`);
    }
    return c.body(null, 204);
  });
