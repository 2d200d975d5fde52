// The product's pictures: one main image and, when there are several, a row of thumbnail
// buttons (keyboard operable; the chosen one is aria-pressed). No image → the generated tile.
import { h, replace } from "./dom";
import { productImage } from "./images";
import type { Product } from "./product-types";

export const productGallery = (p: Product) => {
  const urls = p.image_urls;
  const main = h("div", { class: "gallery-main" }, productImage(p, urls[0], 480));
  if (urls.length < 2) return h("div", { class: "gallery" }, main);

  const thumbs: HTMLButtonElement[] = [];
  const show = (i: number) => {
    const img = productImage(p, urls[i], 480);
    img.alt = `${p.title}, picture ${i + 1} of ${urls.length}`;
    replace(main, img);
    thumbs.forEach((b, j) => {
      b.setAttribute("aria-pressed", String(i === j));
    });
  };
  urls.forEach((url, i) => {
    const thumb = productImage(p, url, 72);
    thumb.alt = "";
    thumbs.push(
      h(
        "button",
        {
          type: "button",
          class: "thumb",
          "aria-pressed": String(i === 0),
          "aria-label": `Show picture ${i + 1} of ${urls.length}`,
          onclick: () => show(i),
        },
        thumb,
      ),
    );
  });
  const firstImg = main.querySelector("img");
  if (firstImg) firstImg.alt = `${p.title}, picture 1 of ${urls.length}`;
  return h(
    "div",
    { class: "gallery" },
    main,
    h(
      "ul",
      { class: "thumbs", "aria-label": "More pictures" },
      thumbs.map((b) => h("li", {}, b)),
    ),
  );
};
