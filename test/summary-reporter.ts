// Prints one plain closing line, `vitest: N passed, N failed, N skipped`, after the default
// reporter's output, so CI can read the outcome without knowing vitest's format.
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      let failedHere = 0;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failedHere++;
        else skipped++;
      }
      // A file that failed outside any test (did not load, a suite-level error) counts as one.
      failed += m.state() === "failed" && failedHere === 0 ? 1 : failedHere;
    }
    failed += unhandledErrors.length;
    console.log(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
