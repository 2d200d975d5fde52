// Test-only bindings added by test/vitest.config.ts.
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}

// Vite's `?raw` imports (a file's text), used by tests that check committed files.
declare module "*?raw" {
  const text: string;
  export default text;
}
