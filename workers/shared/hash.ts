// SHA-256 as lower-case hex (WebCrypto): request fingerprints, dedup ids, ETags; and HMAC-SHA-256
// for keys that must not be reversible by hashing guesses (e.g. an email in a rate-limit key).
export const sha256Hex = async (text: string): Promise<string> =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");

/** HMAC-SHA-256 of `text` under `secret`, as lower-case hex. */
export const hmacSha256Hex = async (secret: string, text: string): Promise<string> => {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return [...new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(text)))].map((b) => b.toString(16).padStart(2, "0")).join("");
};

/** Compares two strings in time that depends on their length only (MAC checks). */
export const constantTimeEqual = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
};
