// Where the e2e suite's shop runs (global-setup starts it and provides the URL) and the address
// of one of its pages.
import { inject } from "vitest";

export const shopUrl = new URL(inject("shopUrl"));
export const at = (path: string): string => new URL(path, shopUrl).href;
