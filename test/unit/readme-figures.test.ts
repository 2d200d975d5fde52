// README's figures are generated, not typed: its timings and the test suite's size live in one
// block that `npm run docs:figures` writes from measured runs (workers/cli/figures-block.ts),
// and no test count is written anywhere else (such counts went stale within days).
import { describe, expect, it } from "vitest";
import readme from "../../README.md?raw";
import pkg from "../../package.json";
import { BLOCK_END, BLOCK_START, parseBlock, renderBlock, updateReadme } from "../../workers/cli/figures-block";

const block = (text: string) => text.slice(text.indexOf(BLOCK_START), text.indexOf(BLOCK_END) + BLOCK_END.length);
/** "991 tests", "4,482 vitest tests", "25 end-to-end tests": a count a test run would have to keep true. */
const TEST_COUNT = /\b\d[\d,]*\s+(?:vitest\s+|end-to-end\s+|e2e\s+|unit\s+|integration\s+)?tests\b/gi;

describe("README figures", () => {
  it("has one generated figures block, exactly as `npm run docs:figures` writes it", () => {
    expect(readme.split(BLOCK_START)).toHaveLength(2);
    expect(readme.split(BLOCK_END)).toHaveLength(2);
    const figures = parseBlock(readme);
    expect(figures).not.toBeNull();
    expect(block(readme)).toBe(renderBlock(figures!));
    expect(pkg.scripts["docs:figures"]).toBe("tsx workers/cli/figures.ts");
  });

  it("states no test count outside the generated block", () => {
    const outside = readme.replace(block(readme), "");
    expect(outside.match(TEST_COUNT) ?? []).toEqual([]);
  });

  it("the generator replaces a figure, keeps the others, and leaves the rest of README alone", () => {
    const before = `intro\n\n${renderBlock({ startAgain: { value: "1.0 s", measuredAt: "2026-01-01T00:00:00Z", machine: "2 cores (load 0.5), Node 22.23" } })}\n\nafter 3 tests\n`;
    const after = updateReadme(before, {
      vitest: { value: "10 tests in 2 files, 3.0 s", measuredAt: "2026-02-02T00:00:00Z", machine: "2 cores (load 1.0), Node 22.23" },
    });
    expect(after.startsWith("intro\n\n")).toBe(true);
    expect(after.endsWith("\n\nafter 3 tests\n")).toBe(true);
    expect(parseBlock(after)).toEqual({
      startAgain: { value: "1.0 s", measuredAt: "2026-01-01", machine: "2 cores (load 0.5), Node 22.23" },
      vitest: { value: "10 tests in 2 files, 3.0 s", measuredAt: "2026-02-02", machine: "2 cores (load 1.0), Node 22.23" },
    });
    expect(block(after)).toContain(
      "| `npm test`'s vitest suite inside workerd (after the type checks) | 10 tests in 2 files, 3.0 s | 2026-02-02, 2 cores (load 1.0), Node 22.23 |",
    );
  });
});
