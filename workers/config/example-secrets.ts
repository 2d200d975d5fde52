// The development secrets committed in .dev.vars.example, known to the Worker so that it can
// refuse them outside development (test/unit/config.test.ts keeps this copy equal to the file).
// They are public: anyone can read them in the repository, so a Worker running with them can
// have its tokens and carrier webhooks forged.
export const EXAMPLE_SECRETS = {
  JWT_SECRET: "dev-only-jwt-secret-change-me-0123456789abcdef",
  CARRIER_WEBHOOK_SECRET: "dev-only-carrier-webhook-secret-0123456789",
} as const;
