// The build job's row in D1 (rec_jobs): starting a run, taking over a crashed one, the lease,
// progress and publishing. Only one run is `running` at a time: a start is one conditional
// INSERT, and every progress write is conditional on the caller's lease.
import type { JobProgress, Phase } from "./recommendations";
import type { JobRow } from "./build.repo";

export const readRunning = (db: D1Database) =>
  db.prepare(`SELECT * FROM rec_jobs WHERE state = 'running' ORDER BY generation DESC LIMIT 1`).first<JobRow>();

export const readLatestDone = (db: D1Database) =>
  db.prepare(`SELECT * FROM rec_jobs WHERE state = 'done' ORDER BY generation DESC LIMIT 1`).first<JobRow>();

/** Starts a run unless one is running (whatever its lease): answers the new job, or null. */
export const startRun = (db: D1Database, owner: string, now: number, leaseMs: number) =>
  db
    .prepare(
      `INSERT INTO rec_jobs (generation, state, phase, cursor, lease_owner, lease_until, stats, started_at)
       SELECT next, 'running', 'snapshot_orders', '0', ?1, ?2, '{}', ?3
       FROM (SELECT COALESCE(MAX(generation), 0) + 1 AS next FROM rec_jobs)
       WHERE NOT EXISTS (SELECT 1 FROM rec_jobs WHERE state = 'running')
       RETURNING *`,
    )
    .bind(owner, now + leaseMs, now)
    .first<JobRow>();

/** Takes a running job whose lease has lapsed (its runner crashed or ran out of time). */
export const takeOver = (db: D1Database, generation: number, owner: string, now: number, leaseMs: number) =>
  db
    .prepare(
      `UPDATE rec_jobs SET lease_owner = ?2, lease_until = ?3
       WHERE generation = ?1 AND state = 'running' AND lease_until <= ?4 RETURNING *`,
    )
    .bind(generation, owner, now + leaseMs, now)
    .first<JobRow>();

/** Records progress and renews the lease; no row back means the lease was lost. */
export const saveProgress = (
  db: D1Database,
  generation: number,
  owner: string,
  next: JobProgress,
  stats: Record<string, unknown>,
  leaseUntil: number,
  finishedAt: number | null,
) =>
  db
    .prepare(
      `UPDATE rec_jobs SET phase = ?3, cursor = ?4, stats = ?5, lease_until = ?6,
         state = CASE WHEN ?7 IS NULL THEN state ELSE 'done' END, finished_at = ?7
       WHERE generation = ?1 AND lease_owner = ?2 AND state = 'running' RETURNING generation`,
    )
    .bind(generation, owner, next.phase, String(next.cursor), JSON.stringify(stats), leaseUntil, finishedAt);

export const progressOf = (job: JobRow): JobProgress => ({ phase: job.phase as Phase, cursor: Number(job.cursor ?? 0) });
