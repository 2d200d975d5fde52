// Node side of README's generated figures (figures-block.ts): record a measurement in
// reports/figures.json, and `npm run docs:figures`, which writes the recorded ones into README.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { updateReadme, type FigureKey, type Figures } from "./figures-block";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FILE = path.join(root, "reports/figures.json");

const readFigures = (): Figures => (existsSync(FILE) ? (JSON.parse(readFileSync(FILE, "utf8")) as Figures) : {});

/** The machine, briefly, and how busy it was: what a reader needs to weigh a timing. */
const machine = () =>
  `${os.cpus().length} cores (load ${os.loadavg()[0]!.toFixed(1)}), Node ${process.versions.node.split(".").slice(0, 2).join(".")}`;

/** Keeps `value` as the latest measurement of `key` (never fails the caller: figures are a by-product). */
export const recordFigure = (key: FigureKey, value: string): void => {
  try {
    mkdirSync(path.dirname(FILE), { recursive: true });
    const figures = { ...readFigures(), [key]: { value, measuredAt: new Date().toISOString(), machine: machine() } };
    writeFileSync(FILE, `${JSON.stringify(figures, null, 2)}\n`);
  } catch (e) {
    console.warn(`(figures not recorded: ${e instanceof Error ? e.message : String(e)})`);
  }
};

const main = () => {
  const figures = readFigures();
  const keys = Object.keys(figures);
  if (keys.length === 0) {
    console.log("No figures recorded yet (reports/figures.json): run `npm start` on a fresh clone, `npm test`, then this again.");
    return;
  }
  const readmePath = path.join(root, "README.md");
  writeFileSync(readmePath, updateReadme(readFileSync(readmePath, "utf8"), figures));
  console.log(`README.md figures updated from reports/figures.json: ${keys.join(", ")}.`);
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
