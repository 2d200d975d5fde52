// Product pictures: the product's own https image when it has one, else a generated tile (its
// initials on a colour from its id) so a page never shows a broken image.
import { h } from "./dom";

const hue = (id: string): number => {
  let x = 0;
  for (const ch of id) x = (x * 31 + ch.charCodeAt(0)) % 360;
  return x;
};

const initials = (title: string): string =>
  title
    .split(/\s+/)
    .filter((w) => /^[A-Za-z0-9]/.test(w))
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("") || "?";

export const placeholderSrc = (id: string, title: string): string => {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200"><rect width="200" height="200" fill="hsl(${hue(id)} 45% 88%)"/>` +
    `<text x="100" y="118" font-family="sans-serif" font-size="64" text-anchor="middle" fill="hsl(${hue(id)} 40% 30%)">${initials(title)}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
};

/** An <img> for a product; falls back to the tile when the image fails to load. */
export const productImage = (p: { product_id: string; title: string }, url: string | null | undefined, size = 200) => {
  const fallback = placeholderSrc(p.product_id, p.title);
  const img = h("img", { src: url ?? fallback, alt: url ? p.title : "", width: size, height: size, loading: "lazy", decoding: "async" });
  img.addEventListener(
    "error",
    () => {
      if (img.src !== fallback) {
        img.src = fallback;
        img.alt = "";
      }
    },
    { once: true },
  );
  return img;
};
