// Column helpers shared by the schema files.
import { integer } from "drizzle-orm/sqlite-core";

/** Times are integer milliseconds since the epoch (UTC). */
export const createdAt = () => integer("created_at").notNull();
