// The one D1 schema (drizzle-orm). drizzle-kit generates migrations/NNNN_*.sql from this file;
// every generated migration is reviewed by hand before it lands (see README, "Migrations").
// One file per area; this file is the entry point drizzle-kit and the drizzle client read.
export * from "./catalog.schema";
export * from "./orders.schema";
export * from "./payments.schema";
export * from "./messaging.schema";
export * from "./recommendations.schema";
