// The signed-in shopper: the API's Bearer token kept in localStorage until it expires (the API
// takes tokens in the Authorization header, never cookies). Guests have no session.
export interface Session {
  token: string;
  expires_at: string;
  user: { id: string; email: string; name: string; role: "customer" | "seller" | "admin"; is_prime: boolean };
}

const KEY = "shop.session";

export const getSession = (): Session | null => {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? "null") as Session | null;
    if (!s || typeof s.token !== "string" || Date.parse(s.expires_at) <= Date.now()) return null;
    return s;
  } catch {
    return null;
  }
};

export const saveSession = (s: Session): void => localStorage.setItem(KEY, JSON.stringify(s));
export const clearSession = (): void => localStorage.removeItem(KEY);

export const authHeaders = (): Record<string, string> => {
  const s = getSession();
  return s ? { Authorization: `Bearer ${s.token}` } : {};
};

/** The signed-in customer, or a redirect to sign in (and back here afterwards). */
export const requireSignIn = (): Session | null => {
  const s = getSession();
  if (s) return s;
  location.assign(`/signin?next=${encodeURIComponent(location.pathname + location.search)}`);
  return null;
};
