// drizzle-kit configuration: `npm run db:generate -- --name <what_changed>` writes
// migrations/NNNN_<what_changed>.sql from schema.ts. Review every file before committing it.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./workers/shared/db/schema.ts",
  out: "./migrations",
});
