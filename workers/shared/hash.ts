// SHA-256 as lower-case hex (WebCrypto): request fingerprints, dedup ids, ETags.
export const sha256Hex = async (text: string): Promise<string> =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))].map((b) => b.toString(16).padStart(2, "0")).join("");
