// The recommendations build job: runs the plan of recommendations.ts one bounded step at a time
// (each step one or two D1 round trips of about a second), saving progress after every step so
// that the cron can spread a build over several ticks and a crashed run is resumed, not redone.
// The cron (tickRecommendations) and the admin route (runRecommendationsNow) share it.
import {
  builtCounts,
  clearWorkingSet,
  dropOlderGenerations,
  itemStatsStatements,
  popularStatements,
  similarChunk,
  snapshotChunkEnd,
  snapshotCounts,
  snapshotStatements,
  togetherChunk,
  type JobRow,
} from "./build.repo";
import { progressOf, readLatestDone, readRunning, saveProgress, startRun, takeOver } from "./jobs.repo";
import { RECS, nextProgress, type JobProgress } from "./recommendations";

export interface BuildDeps {
  db: D1Database;
  now: () => number;
  owner: string;
  /** Called after every step (the seed shows the build's progress with it). */
  onStep?: (at: JobProgress, stats: BuildStats) => void;
}

export interface BuildStats {
  orders?: number;
  customers?: number;
  items?: number;
  customerItems?: number;
  orderItems?: number;
  steps?: number;
  slowestStepMs?: number;
  similarPairs?: number;
  similarItems?: number;
  togetherPairs?: number;
  togetherItems?: number;
  popular?: number;
  durationMs?: number;
}

export type BuildOutcome =
  | { status: "done"; generation: number; stats: BuildStats }
  | { status: "yielded"; generation: number; phase: string }
  | { status: "busy" | "not_due" | "lost_lease" };

/** Runs one step; answers the job's new progress and stats, or null when the lease was lost. */
const step = async (
  deps: BuildDeps,
  gen: number,
  at: JobProgress,
  stats: BuildStats,
): Promise<{ at: JobProgress; stats: BuildStats } | null> => {
  const { db } = deps;
  const started = deps.now();
  const next = { ...stats };
  let writes: D1PreparedStatement[] = [];
  let to = nextProgress(at, null, stats.items ?? 0);
  switch (at.phase) {
    case "snapshot_orders": {
      const end = await snapshotChunkEnd(db, at.cursor);
      writes = [...(at.cursor === 0 ? clearWorkingSet(db) : []), ...(end === null ? [] : snapshotStatements(db, at.cursor, end))];
      to = nextProgress(at, end, 0);
      break;
    }
    case "item_stats":
      await db.batch(itemStatsStatements(db));
      Object.assign(next, await snapshotCounts(db));
      to = nextProgress(at, null, next.items ?? 0);
      break;
    case "similar":
      writes = [similarChunk(db, gen, at.cursor, at.cursor + RECS.chunkItems)];
      break;
    case "together":
      writes = [togetherChunk(db, gen, at.cursor, at.cursor + RECS.chunkItems, stats.orders ?? 0)];
      break;
    case "popular":
      writes = popularStatements(db, gen);
      break;
    case "publish":
      Object.assign(next, await builtCounts(db, gen));
      writes = dropOlderGenerations(db, gen);
      break;
    case "done":
      return { at, stats };
  }
  const now = deps.now();
  next.steps = (next.steps ?? 0) + 1;
  next.slowestStepMs = Math.max(next.slowestStepMs ?? 0, now - started);
  const finished = to.phase === "done" ? now : null;
  const results = await db.batch([...writes, saveProgress(db, gen, deps.owner, to, next, now + RECS.leaseMs, finished)]);
  return results.at(-1)?.results.length ? { at: to, stats: next } : null;
};

/** Advances `job` until it is done or `deadline` passes. */
const advance = async (deps: BuildDeps, job: JobRow, deadline: number): Promise<BuildOutcome> => {
  let at = progressOf(job);
  let stats = JSON.parse(job.stats) as BuildStats;
  while (at.phase !== "done") {
    if (deps.now() >= deadline) return { status: "yielded", generation: job.generation, phase: at.phase };
    const moved = await step(deps, job.generation, at, stats);
    if (!moved) return { status: "lost_lease" };
    ({ at, stats } = moved);
    deps.onStep?.(at, stats);
  }
  const durationMs = deps.now() - job.started_at;
  return { status: "done", generation: job.generation, stats: { ...stats, durationMs } };
};

/** The running job if its lease lapsed (taken over by us), "busy" if someone holds it, null if none runs. */
const resumable = async (deps: BuildDeps): Promise<JobRow | "busy" | null> => {
  const running = await readRunning(deps.db);
  if (!running) return null;
  const now = deps.now();
  if (running.lease_until > now) return "busy";
  return (await takeOver(deps.db, running.generation, deps.owner, now, RECS.leaseMs)) ?? "busy";
};

/** Cron: resume a stalled build, or start one when the last is older than `rebuildEveryMs`; work for at most `budgetMs`. */
export const tickRecommendations = async (deps: BuildDeps, budgetMs: number = RECS.cronBudgetMs): Promise<BuildOutcome> => {
  const deadline = deps.now() + budgetMs;
  let job = await resumable(deps);
  if (job === "busy") return { status: "busy" };
  if (!job) {
    const last = await readLatestDone(deps.db);
    if (last && deps.now() - (last.finished_at ?? 0) < RECS.rebuildEveryMs) return { status: "not_due" };
    job = await startRun(deps.db, deps.owner, deps.now(), RECS.leaseMs);
    if (!job) return { status: "busy" };
  }
  return advance(deps, job, deadline);
};

/** Admin: build now, to the end (a stalled run is finished rather than restarted); "busy" while another runner holds the lease. */
export const runRecommendationsNow = async (deps: BuildDeps): Promise<BuildOutcome> => {
  let job = await resumable(deps);
  if (job === "busy") return { status: "busy" };
  job ??= await startRun(deps.db, deps.owner, deps.now(), RECS.leaseMs);
  if (!job) return { status: "busy" };
  return advance(deps, job, Number.POSITIVE_INFINITY);
};
