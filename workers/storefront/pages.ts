// The storefront's pages: each is one static HTML file (from shell.html) plus one script entry
// in pages/. The build (workers/cli/build-storefront.ts) and the e2e tests read this list.
export interface StorePage {
  /** The file under workers/public; Workers assets serve /search for search.html. */
  file: string;
  entry: string;
  title: string;
  description: string;
}

export const PAGES: StorePage[] = [
  { file: "index.html", entry: "home", title: "Shop", description: "Search and browse the catalog." },
  { file: "search.html", entry: "search", title: "Search", description: "Search results with filters." },
  { file: "product.html", entry: "product", title: "Product", description: "Product details, reviews and recommendations." },
  { file: "cart.html", entry: "cart", title: "Your cart", description: "Your shopping cart." },
  { file: "signin.html", entry: "signin", title: "Sign in", description: "Sign in or create an account." },
  { file: "checkout.html", entry: "checkout", title: "Checkout", description: "Delivery address, payment and order review." },
  { file: "orders.html", entry: "orders", title: "Your orders", description: "Your orders and their status." },
  { file: "order.html", entry: "order", title: "Order", description: "One order with its live status timeline." },
  { file: "404.html", entry: "not-found", title: "Page not found", description: "There is no page at this address." },
];
