// OrderTrackerDO (helper fills in): one per customer; holds the WebSockets of their open order
// pages with the hibernation API and broadcasts each order status change to them.
import { DurableObject } from "cloudflare:workers";

export class OrderTrackerDO extends DurableObject<Cloudflare.Env> {}
