// Where the sign-in page may send the shopper afterwards: `next` is attacker-controlled (it sits in
// a link anyone can craft), so it is resolved the way the browser will resolve it — tabs and
// newlines stripped, backslashes read as slashes, "//host" as another site — and only an address
// on this origin is kept. Pure (no DOM), so the unit tests run it too.

/** Path + query + hash of `raw` resolved against `origin` when it stays on that origin, else "/". */
export const safeNext = (raw: string | null | undefined, origin: string): string => {
  if (!raw) return "/";
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return "/";
  }
  if (url.origin !== new URL(origin).origin) return "/";
  return url.pathname + url.search + url.hash;
};
