// The product page's data types, inferred from the API's own routes (hono/client) so the page
// and the Worker cannot drift apart.
import type { InferResponseType } from "hono/client";
import type { api } from "./api";

type Products = typeof api.api.v1.products;
export type ProductDetail = InferResponseType<Products[":id"]["$get"], 200>;
export type Product = ProductDetail["product"];
export type RatingSummary = ProductDetail["rating"];
export type PageStock = ProductDetail["stock"];
export type Review = ProductDetail["reviews"]["items"][number];
export type ReviewSort = "recent" | "helpful" | "rating";
export type Cart = InferResponseType<typeof api.api.v1.cart.items.$post, 200>;
