// The review fields' rules as the API applies them (workers/reviews/reviews.ts and schemas.ts),
// so the form can say what is wrong before sending: stars 1-5, title 1-150 characters on one
// line, text 1-5,000 characters, no control characters.
export const TITLE_MAX = 150;
export const TEXT_MAX = 5000;

const BAD_TEXT_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const BAD_TITLE_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const n = (x: number): string => x.toLocaleString("en-GB");

export const starsProblem = (stars: number | null): string | null =>
  stars !== null && Number.isInteger(stars) && stars >= 1 && stars <= 5 ? null : "Choose a rating from 1 to 5 stars.";

export const titleProblem = (raw: string): string | null => {
  const t = raw.trim();
  if (t.length === 0) return "Enter a title for your review.";
  if (t.length > TITLE_MAX) return `Keep the title to ${TITLE_MAX} characters or fewer (it has ${n(t.length)}).`;
  if (BAD_TITLE_CHARS.test(t)) return "The title must be one line, without line breaks or control characters.";
  return null;
};

export const textProblem = (text: string): string | null => {
  if (text.trim().length === 0) return "Write your review (it cannot be blank).";
  if (text.length > TEXT_MAX) return `Keep your review to ${n(TEXT_MAX)} characters or fewer (it has ${n(text.length)}).`;
  if (BAD_TEXT_CHARS.test(text)) return "Your review contains control characters; please remove them.";
  return null;
};

/** "12 of 150 characters" for a field's live count. */
export const countText = (length: number, max: number): string => `${n(length)} of ${n(max)} characters`;
