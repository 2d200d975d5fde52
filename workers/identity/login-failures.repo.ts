// D1 counter of failed sign-ins per account (login_failures). Every attempt is counted BEFORE its
// password is checked, in one conditional upsert, so a burst of parallel guesses cannot all slip
// under the limit; a successful sign-in then clears the count.
import { eq, sql } from "drizzle-orm";
import type { Db } from "../shared/db/client";
import { loginFailures } from "../shared/db/schema";

/** Counts one attempt for `accountKey`; a window older than `windowMs` restarts at this one. */
export const countLoginAttempt = async (db: Db, accountKey: string, now: number, windowMs: number) => {
  const stale = now - windowMs;
  const [row] = await db
    .insert(loginFailures)
    .values({ accountKey, failures: 1, windowStart: now })
    .onConflictDoUpdate({
      target: loginFailures.accountKey,
      set: {
        failures: sql`CASE WHEN ${loginFailures.windowStart} <= ${stale} THEN 1 ELSE ${loginFailures.failures} + 1 END`,
        windowStart: sql`CASE WHEN ${loginFailures.windowStart} <= ${stale} THEN ${now} ELSE ${loginFailures.windowStart} END`,
      },
    })
    .returning({ failures: loginFailures.failures, windowStart: loginFailures.windowStart });
  if (!row) throw new Error("login_failures upsert returned no row");
  return row;
};

export const clearLoginFailures = async (db: Db, accountKey: string): Promise<void> => {
  await db.delete(loginFailures).where(eq(loginFailures.accountKey, accountKey));
};

/** Drops windows that ended: the table holds only accounts under attack right now. */
export const purgeLoginFailures = async (db: Db, now: number, windowMs: number): Promise<void> => {
  await db.delete(loginFailures).where(sql`${loginFailures.windowStart} <= ${now - windowMs}`);
};
