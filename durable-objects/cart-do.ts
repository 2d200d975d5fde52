// CartDO: one per customer or guest cart. (Shell: the implementation lands with issue #3.)
import { DurableObject } from "cloudflare:workers";

export class CartDO extends DurableObject<Cloudflare.Env> {}
