// Picks the payment gateway the deployment is configured for (PAYMENT_GATEWAY in wrangler.toml).
import { DomainError } from "../shared/errors";
import type { PaymentGateway } from "./gateway";
import { createSandboxGateway } from "./sandbox-gateway";

export const paymentGateway = (env: Cloudflare.Env): PaymentGateway => {
  if (env.PAYMENT_GATEWAY === "sandbox") return createSandboxGateway(env);
  // A deployment mistake, not a client's: the detail goes to the log, the client gets a 500.
  console.error(`PAYMENT_GATEWAY is ${JSON.stringify(env.PAYMENT_GATEWAY)}; only "sandbox" exists`);
  throw new DomainError("internal", "misconfigured", "Payments are not available right now.");
};
