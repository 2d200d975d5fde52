// The Worker refuses to run with unfit secrets outside local development: the public example
// values of .dev.vars.example, or a missing or short secret, make every request a 500
// `misconfigured`, the cron throw and queue batches wait. In development the example values work.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import devVarsExample from "../../.dev.vars.example?raw";
import { EXAMPLE_SECRETS } from "../../workers/config/example-secrets";
import { MISCONFIGURED_RETRY_DELAY_SECONDS } from "../../workers/config/guard";
import worker from "../../workers/index";

/** `NAME="value"` lines of a dotenv file (what wrangler reads from .dev.vars). */
const parseDotenv = (text: string): Record<string, string> =>
  Object.fromEntries(
    text.split(/\r?\n/).flatMap((line) => {
      const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
      return m ? [[m[1]!, m[2]!.replace(/^(["'])(.*)\1$/, "$2")]] : [];
    }),
  );

const EXAMPLE = parseDotenv(devVarsExample);
const withEnv = (overrides: Record<string, string | undefined>): Cloudflare.Env => ({ ...env, ...overrides }) as Cloudflare.Env;
const exampleSecrets = { JWT_SECRET: EXAMPLE.JWT_SECRET, CARRIER_WEBHOOK_SECRET: EXAMPLE.CARRIER_WEBHOOK_SECRET };

const get = async (e: Cloudflare.Env, path: string) => {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`https://shop.example${path}`), e, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (await res.json()) as { error?: { type: string; code: string; requestId: string } } };
};

const expectRefused = async (e: Cloudflare.Env) => {
  for (const path of ["/healthz", "/api/v1/products/85123A", "/api/v1/categories"]) {
    const { status, body } = await get(e, path);
    expect(status, path).toBe(500);
    expect(body.error, path).toMatchObject({ type: "internal", code: "misconfigured" });
    expect(body.error?.requestId, path).toBeTruthy();
  }
};

afterEach(() => vi.restoreAllMocks());

describe("secrets check", () => {
  it("knows the very values .dev.vars.example holds (one source for the check and this test)", () => {
    expect(EXAMPLE.ENVIRONMENT).toBe("development");
    for (const [name, value] of Object.entries(EXAMPLE_SECRETS)) expect(EXAMPLE[name], name).toBe(value);
  });

  it("deploys ENVIRONMENT=production from wrangler.toml (what the test Worker runs with)", () => {
    expect(env.ENVIRONMENT).toBe("production");
  });

  it("answers 500 misconfigured to every request with the example secrets in production", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    await expectRefused(withEnv({ ...exampleSecrets, ENVIRONMENT: "production" }));
    await expectRefused(withEnv({ JWT_SECRET: EXAMPLE.JWT_SECRET }));
    await expectRefused(withEnv({ CARRIER_WEBHOOK_SECRET: EXAMPLE.CARRIER_WEBHOOK_SECRET }));
    await expectRefused(withEnv({ ...exampleSecrets, ENVIRONMENT: undefined }));
  });

  it("refuses an example value pasted with a stray newline, space or suffix, and a secret of spaces", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    await expectRefused(withEnv({ JWT_SECRET: `${EXAMPLE.JWT_SECRET}\n` }));
    await expectRefused(withEnv({ JWT_SECRET: ` ${EXAMPLE.JWT_SECRET}x` }));
    await expectRefused(withEnv({ CARRIER_WEBHOOK_SECRET: " ".repeat(40) }));
  });

  it("logs which secret is wrong, never its value", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    await get(withEnv({ ...exampleSecrets }), "/healthz");
    const text = logged.mock.calls.flat().map(String).join("\n");
    expect(text).toContain("JWT_SECRET");
    expect(text).toContain("CARRIER_WEBHOOK_SECRET");
    expect(text).not.toContain(EXAMPLE.JWT_SECRET);
    expect(text).not.toContain(EXAMPLE.CARRIER_WEBHOOK_SECRET);
  });

  it("runs with the example secrets in development", async () => {
    const dev = withEnv({ ...exampleSecrets, ENVIRONMENT: "development" });
    expect(await get(dev, "/healthz")).toMatchObject({ status: 200, body: { status: "ok" } });
    expect((await get(dev, "/api/v1/categories")).status).toBe(200);
  });

  it("refuses a missing or short secret, in development too", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    for (const ENVIRONMENT of ["production", "development"]) {
      await expectRefused(withEnv({ ENVIRONMENT, JWT_SECRET: "short-secret" }));
      await expectRefused(withEnv({ ENVIRONMENT, CARRIER_WEBHOOK_SECRET: "x".repeat(31) }));
      await expectRefused(withEnv({ ENVIRONMENT, JWT_SECRET: undefined }));
      await expectRefused(withEnv({ ENVIRONMENT, CARRIER_WEBHOOK_SECRET: "" }));
    }
  });

  it("the cron refuses (throws) and a queue batch is put back for later, unprocessed", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const bad = withEnv({ ...exampleSecrets });
    const controller = { cron: "* * * * *", scheduledTime: Date.now(), noRetry: () => {} } as ScheduledController;
    await expect(worker.scheduled(controller, bad, createExecutionContext())).rejects.toThrow(/misconfigured.*JWT_SECRET/);

    const message = { id: "m1", timestamp: new Date(), body: { not: "an event" }, attempts: 1, ack: vi.fn(), retry: vi.fn() };
    const batch = { queue: "order-events", messages: [message], ackAll: vi.fn(), retryAll: vi.fn() };
    await worker.queue(batch as unknown as MessageBatch<unknown>, bad, createExecutionContext());
    expect(batch.retryAll).toHaveBeenCalledWith({ delaySeconds: MISCONFIGURED_RETRY_DELAY_SECONDS });
    expect(message.ack).not.toHaveBeenCalled();
    expect(message.retry).not.toHaveBeenCalled();
  });
});
