// Request and response schemas of the catalog API (zod, rendered into the OpenAPI document).
import { z } from "@hono/zod-openapi";
import { ReviewSchema } from "../reviews/schemas";
import { PRODUCT_ID_PATTERN } from "../shared/ids";

export const CURRENCIES = ["GBP", "USD", "EUR"] as const;
const MAX_PRICE_MINOR = 1_000_000_000;

export const ProductIdParam = z.object({
  id: z
    .string()
    .regex(PRODUCT_ID_PATTERN, "Product ids are 1-32 letters, digits, '_' or '-'.")
    .openapi({ param: { name: "id", in: "path" }, example: "85123A" }),
});

const CategorySlug = z.string().regex(/^[a-z0-9-]{1,64}$/, "A category is a slug such as 'home-decor' (see GET /api/v1/categories).");

const Attributes = z
  .record(
    z.string().regex(/^[A-Za-z0-9_ -]{1,64}$/, "Attribute names are 1-64 letters, digits, '_', '-' or spaces."),
    z.union([z.string().max(500), z.number().finite(), z.boolean()]),
  )
  .refine((a) => Object.keys(a).length <= 50, "At most 50 attributes.")
  .openapi({ example: { colour: "white", height_cm: 16 } });

const ImageUrls = z.array(z.url({ protocol: /^https$/, error: "Image URLs must be https URLs." }).max(2048)).max(10, "At most 10 images.");

const productFields = {
  title: z.string().trim().min(1).max(200).openapi({ example: "White hanging heart T-light holder" }),
  description: z.string().max(5000),
  category: CategorySlug,
  price: z
    .int("Prices are integers in minor units (pence, cents).")
    .min(1)
    .max(MAX_PRICE_MINOR)
    .openapi({ example: 295, description: "Integer minor units (295 = £2.95)" }),
  currency: z.enum(CURRENCIES),
  attributes: Attributes,
  image_urls: ImageUrls,
  prime_eligible: z.boolean(),
};

export const CreateProductBody = z
  .strictObject({
    ...productFields,
    description: productFields.description.default(""),
    attributes: productFields.attributes.optional(),
    image_urls: productFields.image_urls.optional(),
    prime_eligible: productFields.prime_eligible.default(false),
  })
  .openapi("CreateProductRequest");

export const PatchProductBody = z
  .strictObject({
    title: productFields.title.optional(),
    description: productFields.description.optional(),
    category: productFields.category.optional(),
    price: productFields.price.optional(),
    currency: productFields.currency.optional(),
    attributes: productFields.attributes.optional(),
    image_urls: productFields.image_urls.optional(),
    prime_eligible: productFields.prime_eligible.optional(),
    version: z.int().min(1).optional().openapi({ description: "The version you edited (or send If-Match)." }),
  })
  .refine((b) => Object.keys(b).some((k) => k !== "version"), "Send at least one field to change.")
  .openapi("PatchProductRequest");

export const ListProductsQuery = z.object({
  category: CategorySlug.optional(),
  page_token: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
});

export const ProductSchema = z
  .object({
    product_id: z.string(),
    seller_id: z.string(),
    title: z.string(),
    description: z.string(),
    price: z.int(),
    currency: z.string(),
    category: z.string(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    image_urls: z.array(z.string()),
    prime_eligible: z.boolean(),
    version: z.int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Product");

export const RatingSummarySchema = z
  .object({
    average: z.number().nullable(),
    count: z.int(),
    histogram: z.object({ "1": z.int(), "2": z.int(), "3": z.int(), "4": z.int(), "5": z.int() }),
  })
  .openapi("RatingSummary");

export const StockSummarySchema = z
  .object({
    status: z.enum(["in_stock", "low_stock", "out_of_stock", "unknown"]).openapi({
      description: "From the availability projection; may be up to the page's cache age behind. The cart and checkout are authoritative.",
    }),
    available: z.int().nullable().openapi({ description: 'Units available, given only when stock is low ("Only 3 left").' }),
  })
  .openapi("StockSummary");

export const ProductDetailSchema = z
  .object({
    product: ProductSchema,
    seller: z.object({ seller_id: z.string(), display_name: z.string() }),
    stock: StockSummarySchema,
    rating: RatingSummarySchema,
    reviews: z.object({ items: z.array(ReviewSchema), next_page_token: z.string().nullable() }),
  })
  .openapi("ProductDetail");

export const ProductListSchema = z
  .object({ results: z.array(ProductSchema), next_page_token: z.string().nullable() })
  .openapi("ProductList");
