// Whether the Worker may run with the secrets it was given. Outside local development a missing,
// short or example secret (the public values of .dev.vars.example) makes every handler refuse:
// a shop whose token key is public lets anyone sign in as an admin. Pure: reads only `env`.
import { EXAMPLE_SECRETS } from "./example-secrets";

/** Shortest secret accepted (the HS256 key and the webhook's HMAC key: 256 bits of text). */
export const MIN_SECRET_LENGTH = 32;

export type SecretName = keyof typeof EXAMPLE_SECRETS;
const SECRET_NAMES = Object.keys(EXAMPLE_SECRETS) as SecretName[];

/**
 * Local development is `ENVIRONMENT = "development"`, which only .dev.vars (from
 * .dev.vars.example) sets. wrangler.toml's [vars] deploy ENVIRONMENT = "production", and a
 * deployed Worker cannot also hold a secret of that name, so production cannot claim to be
 * development by accident.
 */
export const isDevelopment = (env: { ENVIRONMENT?: string }): boolean => env.ENVIRONMENT === "development";

/** What is wrong with the Worker's secrets, one sentence each naming the secret (never its value); empty when fine. */
export const configProblems = (env: Partial<Record<SecretName | "ENVIRONMENT", unknown>>): string[] => {
  const problems: string[] = [];
  for (const name of SECRET_NAMES) {
    const value = env[name];
    if (typeof value !== "string" || value.length === 0) problems.push(`${name} is not set`);
    else if (value.trim().length < MIN_SECRET_LENGTH) problems.push(`${name} is shorter than ${MIN_SECRET_LENGTH} characters`);
    // Containing the example counts too: a pasted value with a stray newline or suffix is still public.
    else if (value.includes(EXAMPLE_SECRETS[name]) && !isDevelopment(env as { ENVIRONMENT?: string })) {
      problems.push(`${name} is the public example value from .dev.vars.example (set a real one with \`wrangler secret put ${name}\`)`);
    }
  }
  return problems;
};

/** One log line for a refusal: what is wrong and how local development says so. */
export const misconfiguredLog = (where: string, problems: readonly string[]): string =>
  `misconfigured: ${where} refused: ${problems.join("; ")}. (Local development sets ENVIRONMENT="development" in .dev.vars.)`;
