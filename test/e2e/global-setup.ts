// Starts one shop for the whole e2e run (building it takes ~20 s) and hands its URL to the test
// files through vitest's provide/inject; every test registers its own shoppers.
import type { TestProject } from "vitest/node";
import { startE2eServer } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    shopUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const shop = await startE2eServer();
  project.provide("shopUrl", shop.url.href);
  return async () => {
    await shop.close();
  };
}
