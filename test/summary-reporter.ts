// Prints one plain closing line, `vitest: N passed, N failed, N skipped`, after the default
// reporter's output, so CI can read the outcome without knowing vitest's format. A complete,
// green run of every test file also records its size and time for README's generated figures.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Reporter, TestModule } from "vitest/node";
import { recordFigure } from "../workers/cli/figures";
import { fmtDuration } from "../workers/cli/figures-block";

const testDir = path.dirname(fileURLToPath(import.meta.url));

/** The suite's files, as test/vitest.config.ts includes them: every *.test.ts under test/ but test/e2e. */
const suiteFiles = (): number =>
  readdirSync(testDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".test.ts") && !f.startsWith(`e2e${path.sep}`))
    .length;

export default class SummaryReporter implements Reporter {
  private started = performance.now();

  onTestRunStart() {
    this.started = performance.now();
  }

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
    if (failed === 0 && skipped === 0 && testModules.length === suiteFiles()) {
      const ms = performance.now() - this.started;
      recordFigure("vitest", `${passed.toLocaleString("en-GB")} tests in ${testModules.length} files, ${fmtDuration(ms)}`);
    }
  }
}
