// Readable product titles from the data's SHOUTED descriptions: "WHITE HANGING HEART T-LIGHT
// HOLDER" → "White Hanging Heart T-Light Holder". Pure.

/** Small words stay lower case inside a title, as in ordinary English title case. */
const MINOR_WORDS = new Set(["a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"]);

/** Abbreviations that read wrong once lower-cased. */
const KEEP_UPPER = new Set(["UK", "USA", "LED", "USB", "TV", "DVD", "CD", "DIY", "BBQ", "XL", "XXL", "ABC", "PVC", "VIP", "WC", "UFO"]);

/** Capitalises every letter run that starts a word or follows `(`, `"`, `+`, `.` or `&`. */
const capitalise = (part: string): string =>
  part.toLowerCase().replace(/(^|[^a-z'’])([a-z])/g, (_, before: string, ch: string) => before + ch.toUpperCase());

/**
 * Parts of a word split at `/` and `-` are cased alone: "SET/4" → "Set/4", "T-LIGHT" → "T-Light".
 * Parts with a digit ("45x45cm", "500g", "3D") are sizes, counts or codes: kept as written.
 */
const caseWord = (word: string): string =>
  word
    .split(/([/-])/)
    .map((part) => (/\d/.test(part) ? part : capitalise(part)))
    .join("");

export const titleCase = (description: string): string =>
  description
    .trim()
    .split(/\s+/)
    .map((word, i) => {
      const bare = word.replace(/[^A-Za-z]/g, "");
      if (KEEP_UPPER.has(bare.toUpperCase()) && bare === bare.toUpperCase()) return word;
      if (i > 0 && MINOR_WORDS.has(word.toLowerCase())) return word.toLowerCase();
      return caseWord(word);
    })
    .join(" ")
    .replace(/ ,/g, ",") // "PAPER CRAFT , LITTLE BIRDIE"
    .replace(/[\s,]+$/, ""); // "BIRTHDAY CARD, " in the data: a dangling comma reads as a typo
