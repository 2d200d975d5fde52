// A clean install reads clean: npm, running on the machine's Node (maybe 20), would warn that
// packages want Node 22, although every script runs on the Node 22 of the `node`
// devDependency. .npmrc hides those warnings; this checks what they would have checked, against
// the Node that actually runs, so hiding them cannot hide a real mismatch.
import { describe, expect, it } from "vitest";
import npmrc from "../../.npmrc?raw";
import lock from "../../package-lock.json";

type Locked = { version?: string; engines?: { node?: string } | string[]; optional?: boolean };
const packages = (lock as unknown as { packages: Record<string, Locked> }).packages;

type Version = [number, number, number];
const parse = (v: string): { at: Version; parts: number } => {
  const nums = v
    .replace(/^v/, "")
    .split("-")[0]!
    .split(".")
    .filter((p) => p !== "" && p !== "x" && p !== "*")
    .map(Number);
  return { at: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0], parts: nums.length };
};
const cmp = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** semver's `satisfies` for the range forms package.json `engines` use (>=, >, <=, <, =, ^, ~, ||). */
const satisfies = (version: string, range: string): boolean => {
  const v = parse(version).at;
  return range.split("||").some((set) => {
    const comparators = set
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, "$1")
      .split(/\s+/)
      .filter(Boolean);
    return comparators.every((c) => {
      const m = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(c)!;
      const op = m[1] ?? "=";
      const { at, parts } = parse(m[2]!);
      if (parts === 0) return true; // "*" or "x"
      switch (op) {
        case ">=":
          return cmp(v, at) >= 0;
        case ">":
          return cmp(v, at) > 0;
        case "<=":
          return cmp(v, at) <= 0;
        case "<":
          return cmp(v, at) < 0;
        case "^": {
          const upper: Version =
            at[0] > 0 || parts === 1 ? [at[0] + 1, 0, 0] : at[1] > 0 || parts === 2 ? [0, at[1] + 1, 0] : [0, 0, at[2] + 1];
          return cmp(v, at) >= 0 && cmp(v, upper) < 0;
        }
        case "~": {
          const upper: Version = parts === 1 ? [at[0] + 1, 0, 0] : [at[0], at[1] + 1, 0];
          return cmp(v, at) >= 0 && cmp(v, upper) < 0;
        }
        default: {
          const upper: Version = parts === 1 ? [at[0] + 1, 0, 0] : parts === 2 ? [at[0], at[1] + 1, 0] : [at[0], at[1], at[2] + 1];
          return cmp(v, at) >= 0 && cmp(v, upper) < 0;
        }
      }
    });
  });
};

describe("install engines", () => {
  it("the range check agrees with semver on the forms used", () => {
    expect(satisfies("22.23.3", ">=22.12.0")).toBe(true);
    expect(satisfies("20.20.2", ">=22.12.0")).toBe(false);
    expect(satisfies("22.23.3", "^20.19.0 || >=22.12.0")).toBe(true);
    expect(satisfies("22.23.3", "^20.9.0")).toBe(false);
    expect(satisfies("22.23.3", "^12.20.0 || ^14.13.1 || >=16.0.0")).toBe(true);
    expect(satisfies("22.23.3", "^22.12.0 || ^24.0.0 || >=26.0.0")).toBe(true);
    expect(satisfies("22.11.0", "^22.12.0 || ^24.0.0 || >=26.0.0")).toBe(false);
    expect(satisfies("22.23.3", ">= 20")).toBe(true);
    expect(satisfies("13.7.5", "^13.7")).toBe(true);
    expect(satisfies("14.0.0", "^13.7")).toBe(false);
  });

  it("every package npm installs accepts the Node that runs the project (the `node` devDependency)", () => {
    const runtime = packages["node_modules/node"]?.version;
    expect(runtime, "the node devDependency is locked").toMatch(/^22\./);
    const refused = Object.entries(packages)
      .filter(([, p]) => !p.optional) // optional ones npm skips silently when they do not fit
      .flatMap(([name, p]) => {
        const range = Array.isArray(p.engines) ? undefined : p.engines?.node;
        return range && !satisfies(runtime!, range) ? [`${name || "(root)"} wants node ${range}`] : [];
      });
    expect(refused).toEqual([]);
  });

  it("so npm's engine warnings (about the machine's Node, not ours) are kept out of the install log", () => {
    const settings = Object.fromEntries(
      npmrc
        .split(/\r?\n/)
        .filter((l) => /^\s*[\w-]+\s*=/.test(l))
        .map((l) => l.split("=").map((s) => s.trim())),
    );
    expect(settings.loglevel).toBe("error");
    expect(settings["engine-strict"]).not.toBe("true"); // warnings, never a refusal to install
  });
});
