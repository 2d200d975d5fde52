// The seed's numbered steps and their progress: "[3/6] Building recommendations… 42% · about
// 20 s left". On a terminal a step's line is rewritten in place; in a log (CI, a pipe) a line is
// printed every few seconds, so a slow phase is never silent and the log still reads well.
// No Node APIs (the output and the clock are injected): a unit test drives it.
import { RECS, type JobProgress } from "../recommendations/recommendations";

export interface StepOutput {
  write: (text: string) => void;
  isTTY: boolean;
}

/** A phase shorter than this shows no progress, only its result line. */
export const QUIET_MS = 3_000;
/** In a log, a running phase prints a progress line at most this often. */
export const LOG_EVERY_MS = 5_000;

const fmtNumber = (n: number) => n.toLocaleString("en-GB");
export const fmtSeconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Time left from the pace so far, rounded so it does not flicker: null until there is enough
 * to go on (5% done and a second spent).
 */
export const timeLeft = (elapsedMs: number, fraction: number): string | null => {
  if (fraction < 0.05 || elapsedMs < 1_000) return null;
  if (fraction >= 1) return null;
  const s = (elapsedMs * (1 - fraction)) / fraction / 1000;
  if (s < 10) return "a few seconds left";
  if (s < 90) return `about ${Math.round(s / 5) * 5} s left`;
  return `about ${Math.round(s / 60)} min left`;
};

export interface Step {
  /** `fraction` of the step done (0..1, null when unknown); `label` names the part running now ("writing orders"). */
  progress: (fraction: number | null, label?: string) => void;
  /** Ends the step with its result line ("… (12.3 s)" is added); answers the step's milliseconds. */
  done: (summary: string) => number;
}

export const createSteps = (total: number, out: StepOutput, now: () => number) => {
  let index = 0;
  return {
    start(title: string): Step {
      const n = ++index;
      const prefix = `[${n}/${Math.max(total, n)}]`;
      const started = now();
      let label: string | undefined;
      let labelStarted = started;
      let lastLine = started;
      let shown = false;
      return {
        progress(fraction, nextLabel) {
          const t = now();
          if (nextLabel !== label) [label, labelStarted] = [nextLabel, t];
          if (t - started < QUIET_MS) return;
          const f = fraction === null ? null : Math.min(Math.max(fraction, 0), 1);
          const left = f === null ? null : timeLeft(t - labelStarted, f);
          // Unknown progress still says how long it has been going.
          const parts = [label, f === null ? `${Math.round((t - started) / 1000)} s so far` : `${Math.floor(f * 100)}%`]
            .filter(Boolean)
            .join(" ");
          const text = `${prefix} ${title}… ${parts}${left ? ` · ${left}` : ""}`;
          if (out.isTTY) {
            out.write(`\r${text}\u001b[K`);
            shown = true;
          } else if (!shown || t - lastLine >= LOG_EVERY_MS) {
            out.write(`${text}\n`);
            [shown, lastLine] = [true, t];
          }
        },
        done(summary) {
          const ms = now() - started;
          const line = `${prefix} ${summary} (${fmtSeconds(ms)})`;
          out.write(out.isTTY && shown ? `\r${line}\u001b[K\n` : `${line}\n`);
          return ms;
        },
      };
    },
    /** A line between steps (details of a result), indented under them. */
    note(text: string) {
      out.write(`      ${text}\n`);
    },
    fmt: fmtNumber,
  };
};

/**
 * How far a recommendations build is, counted in the job's steps (each about one D1 statement):
 * the order snapshot in chunks, item stats, the two pair passes in item chunks, popular, publish.
 * `orders` and `items` are the database's counts (the snapshot's own item count once known).
 */
export const recsFraction = (at: JobProgress, stepsDone: number, orders: number, items: number): number => {
  if (at.phase === "done") return 1;
  const pairSteps = Math.max(1, Math.ceil(items / RECS.chunkItems));
  const total = Math.ceil(orders / RECS.chunkOrders) + 1 + 1 + 2 * pairSteps + 2;
  return Math.min(stepsDone / total, 0.99);
};
