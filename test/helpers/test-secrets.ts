// Secrets for the test Worker only (set by test/vitest.config.ts); never used anywhere else.
export const TEST_JWT_SECRET = "test-only-jwt-secret-0123456789abcdef-0123456789";
export const TEST_CARRIER_WEBHOOK_SECRET = "test-only-carrier-webhook-secret-0123456789";
