// Where the demo admin's password comes from, and how the seed says so: ADMIN_PASSWORD from the
// environment (an explicit override) or else from .dev.vars. Never a Worker secret, never
// printed. Pure (the caller reads the file), so a unit test covers it.

export type PasswordSource = ".dev.vars" | "the environment";

export const resolveAdminPassword = (
  fromEnvironment: string | undefined,
  devVars: string | null,
): { password: string; source: PasswordSource } => {
  let password = fromEnvironment;
  let source: PasswordSource = "the environment";
  if (!password && devVars !== null) {
    source = ".dev.vars";
    for (const line of devVars.split(/\r?\n/)) {
      const m = /^\s*ADMIN_PASSWORD\s*=\s*(.*?)\s*$/.exec(line);
      if (m) password = m[1]!.replace(/^(["'])(.*)\1$/, "$2");
    }
  }
  if (!password) {
    throw new Error("ADMIN_PASSWORD is not set: add it to .dev.vars (copy .dev.vars.example) or export ADMIN_PASSWORD.");
  }
  if (password.length < 8 || password.length > 128) throw new Error(`ADMIN_PASSWORD (from ${source}) must have 8-128 characters.`);
  return { password, source };
};

/** The seed's last line: the admin and the real source of its password (not the password). */
export const adminSummary = (email: string, created: boolean, source: PasswordSource): string =>
  created
    ? `admin: ${email}, password from ${source} (ADMIN_PASSWORD)`
    : `admin: ${email}, password as it was set: from ADMIN_PASSWORD when the account was created, or by \`npm run create-admin\``;
