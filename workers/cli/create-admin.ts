// `npm run create-admin -- --email ops@shop.example [--remote]`: creates (or resets the password
// of) an admin account. Admins are never self-registered. The password is read from the
// ADMIN_PASSWORD environment variable or typed at the prompt; only its PBKDF2 hash leaves
// this machine, through `wrangler d1 execute` (--remote for the production database).
import { spawnSync } from "node:child_process";
import { createInterface } from "node:readline/promises";
import { normaliseEmail } from "../identity/identity";
import { hashPassword } from "../identity/password";
import { newUserId } from "../shared/ids";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

const main = async () => {
  const email = normaliseEmail(arg("email") ?? "");
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error("Usage: npm run create-admin -- --email ADDRESS [--remote]");
  let password = process.env.ADMIN_PASSWORD ?? "";
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    password = await rl.question("Admin password (8-128 characters): ");
    rl.close();
  }
  if (password.length < 8 || password.length > 128) throw new Error("The password must have 8-128 characters.");
  const hash = await hashPassword(password);
  const sql =
    `INSERT INTO users (id, email, password_hash, name, role, is_prime, created_at) VALUES ` +
    `(${sqlString(newUserId())}, ${sqlString(email)}, ${sqlString(hash)}, 'Administrator', 'admin', 0, ${Date.now()}) ` +
    `ON CONFLICT (email) DO UPDATE SET password_hash = excluded.password_hash, role = 'admin';`;
  const where = process.argv.includes("--remote") ? "--remote" : "--local";
  const r = spawnSync("wrangler", ["d1", "execute", "DB", where, "--command", sql], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("wrangler d1 execute failed");
  console.log(`Admin ${email} is ready (${where.slice(2)} database).`);
};

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
