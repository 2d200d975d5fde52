// Storage of accounts (users + their seller row) in D1.
import { eq } from "drizzle-orm";
import type { Db } from "../shared/db/client";
import { sellers, users } from "../shared/db/schema";
import { DomainError } from "../shared/errors";
import type { Principal, Role } from "./identity";

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  isPrime: boolean;
  passwordHash: string | null;
  sellerId: string | null;
  createdAt: number;
}

export interface NewUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  createdAt: number;
  /** Set for sellers: the seller account created in the same batch. */
  seller?: { id: string; displayName: string };
}

const isUniqueEmailViolation = (e: unknown): boolean =>
  /UNIQUE constraint failed: users\.email/.test(String((e as Error)?.message ?? e)) ||
  /UNIQUE constraint failed: users\.email/.test(String((e as { cause?: Error })?.cause?.message ?? ""));

/** Inserts the user (and seller) atomically; a taken email is a 409. */
export const insertUser = async (db: Db, u: NewUser): Promise<void> => {
  const userInsert = db.insert(users).values({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    passwordHash: u.passwordHash,
    createdAt: u.createdAt,
  });
  try {
    if (u.seller) {
      await db.batch([
        userInsert,
        db.insert(sellers).values({
          id: u.seller.id,
          userId: u.id,
          displayName: u.seller.displayName,
          createdAt: u.createdAt,
        }),
      ]);
    } else {
      await userInsert;
    }
  } catch (e) {
    if (isUniqueEmailViolation(e)) {
      throw new DomainError("conflict", "email_taken", "An account with this email already exists.");
    }
    throw e;
  }
};

const selectUser = (db: Db) =>
  db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      isPrime: users.isPrime,
      passwordHash: users.passwordHash,
      sellerId: sellers.id,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(sellers, eq(sellers.userId, users.id));

export const findUserByEmail = async (db: Db, email: string): Promise<UserRecord | undefined> =>
  (await selectUser(db).where(eq(users.email, email)).limit(1))[0];

export const findUserById = async (db: Db, id: string): Promise<UserRecord | undefined> =>
  (await selectUser(db).where(eq(users.id, id)).limit(1))[0];

export const principalOfUser = (u: UserRecord): Principal => ({
  userId: u.id,
  role: u.role,
  isPrime: u.isPrime,
  ...(u.sellerId ? { sellerId: u.sellerId } : {}),
});
