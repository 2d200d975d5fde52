// D1 access by consistency need (the design's consistency table): writes and read-after-write
// go to the primary; browsing may be served by any read replica through a D1 session.
import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Db = ReturnType<typeof drizzle<typeof schema>>;

/** The primary: every write, and reads that must see the caller's own last write. */
export const primaryDb = (env: Cloudflare.Env): Db => drizzle(env.DB, { schema });

/** Browsing (AP side) with raw SQL: any replica may answer; results can lag the primary slightly. */
export const browseD1 = (env: Cloudflare.Env): D1Database => env.DB.withSession("first-unconstrained") as unknown as D1Database;

/** Browsing (AP side) through drizzle: any replica may answer. */
export const browseDb = (env: Cloudflare.Env): Db => drizzle(browseD1(env), { schema });
