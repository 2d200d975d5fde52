// Admin accounts for tests: admins cannot self-register, so the row is inserted directly and a
// token issued for it the way login would (unique ids: storage is per file, not per test).
import { env } from "cloudflare:workers";
import { issueToken } from "../../workers/identity/auth-middleware";

let n = 0;

export const createAdmin = async (): Promise<{ token: string; userId: string }> => {
  const userId = `usr_testadmin${Date.now().toString(36)}${n++}`;
  await env.DB.prepare(
    `INSERT INTO users (id, email, password_hash, name, role, is_prime, created_at) VALUES (?, ?, NULL, 'Test Admin', 'admin', 0, ?)`,
  )
    .bind(userId, `${userId}@example.com`, Date.now())
    .run();
  const { token } = await issueToken(env, { userId, role: "admin", isPrime: false }, Date.now());
  return { token, userId };
};
