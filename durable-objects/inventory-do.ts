// InventoryDO: one per SKU. (Shell: the implementation lands with issue #3.)
import { DurableObject } from "cloudflare:workers";

export class InventoryDO extends DurableObject<Cloudflare.Env> {}
