import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../platform/index.ts';
import { axisErrors } from '../domain/errors.ts';
import type { SystemCredentials, SystemRecord, SystemStore } from '../use-cases/ports.ts';
import { systemAgencies, systems } from './schema.ts';
import type { SecretCipher } from './secret-cipher.ts';

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/**
 * How long a system's credentials (decrypted secret, status, grants) are served from memory. Every
 * VXP/REST request authenticates; without the cache that is two queries and an AES-GCM decryption
 * per send. A change made through this store (rotate, suspend, grant) drops the entry at once; a
 * change made by ANOTHER process (the CLI against the same database) is seen within this bound — or
 * at once when the server listens for registry notifications (storage/registry-cache.ts calls
 * `forgetAll` on every committed change of systems or grants, and then allows a longer bound).
 */
export const CREDENTIALS_TTL_MS = 2_000;
const MAX_CACHED_SYSTEMS = 10_000;

export function createSystemStore(
  database: Database,
  cipher: SecretCipher,
  options: { credentialsTtlMs?: number | (() => number) } = {},
): SystemStore & { forgetAll(): void } {
  const { db } = database;
  const option = options.credentialsTtlMs ?? CREDENTIALS_TTL_MS;
  const ttlNow = typeof option === 'function' ? option : () => option;
  const cache = new Map<string, { value: SystemCredentials; expires: number }>();
  let generation = 0;
  const forget = (systemId: string) => {
    generation += 1;
    cache.delete(systemId);
  };

  async function grantsOf(ids: readonly string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (ids.length === 0) return map;
    const rows = await db
      .select()
      .from(systemAgencies)
      .where(inArray(systemAgencies.systemId, [...ids]))
      .orderBy(asc(systemAgencies.agencyCode));
    for (const row of rows) map.set(row.systemId, [...(map.get(row.systemId) ?? []), row.agencyCode]);
    return map;
  }

  function record(row: typeof systems.$inferSelect, agencyCodes: readonly string[]): SystemRecord {
    return {
      systemId: row.systemId,
      status: row.status,
      name: row.name,
      agencies: agencyCodes,
      createdAt: row.createdAt,
      secretRotatedAt: row.secretRotatedAt,
    };
  }

  return {
    async create(input, at) {
      try {
        await db.transaction(async (tx) => {
          await tx.insert(systems).values({
            systemId: input.systemId,
            secretCiphertext: cipher.encrypt(input.secret, input.systemId),
            name: input.name ?? null,
            createdAt: at,
            secretRotatedAt: at,
          });
          if (input.agencies.length > 0) {
            await tx.insert(systemAgencies).values(
              [...new Set(input.agencies)].map((agencyCode) => ({
                systemId: input.systemId,
                agencyCode,
                createdAt: at,
              })),
            );
          }
        });
      } catch (err) {
        if (isUniqueViolation(err))
          throw axisErrors.error('axis.system_exists', { systemId: input.systemId });
        throw err;
      }
      const created = await this.get(input.systemId);
      return created!;
    },
    async get(systemId) {
      const [row] = await db.select().from(systems).where(eq(systems.systemId, systemId)).limit(1);
      if (!row) return undefined;
      return record(row, (await grantsOf([systemId])).get(systemId) ?? []);
    },
    forgetAll() {
      generation += 1;
      cache.clear();
    },
    async getCredentials(systemId) {
      const hit = cache.get(systemId);
      if (hit && hit.expires > performance.now()) return hit.value;
      const before = generation;
      const [row] = await db.select().from(systems).where(eq(systems.systemId, systemId)).limit(1);
      if (!row) return undefined; // unknown ids are not cached: a new system works at once
      const base = record(row, (await grantsOf([systemId])).get(systemId) ?? []);
      const value = { ...base, secret: cipher.decrypt(row.secretCiphertext, row.systemId) };
      const ttl = ttlNow();
      // A change committed while this read ran may not be in `row`: then leave nothing cached.
      if (ttl > 0 && generation === before) {
        if (cache.size >= MAX_CACHED_SYSTEMS) cache.clear();
        cache.set(systemId, { value, expires: performance.now() + ttl });
      }
      return value;
    },
    async list() {
      const rows = await db.select().from(systems).orderBy(asc(systems.systemId));
      const grants = await grantsOf(rows.map((r) => r.systemId));
      return rows.map((row) => record(row, grants.get(row.systemId) ?? []));
    },
    async setSecret(systemId, secret, at) {
      forget(systemId);
      const rows = await db
        .update(systems)
        .set({ secretCiphertext: cipher.encrypt(secret, systemId), secretRotatedAt: at })
        .where(eq(systems.systemId, systemId))
        .returning({ id: systems.systemId });
      forget(systemId); // again: a read racing the update may have cached the old row
      return rows.length > 0;
    },
    async setStatus(systemId, status) {
      forget(systemId);
      const rows = await db
        .update(systems)
        .set({ status })
        .where(eq(systems.systemId, systemId))
        .returning({ id: systems.systemId });
      forget(systemId); // again: a read racing the update may have cached the old row
      return rows.length > 0;
    },
    async grant(systemId, agencyCodes) {
      forget(systemId);
      if (agencyCodes.length === 0) return;
      await db
        .insert(systemAgencies)
        .values([...new Set(agencyCodes)].map((agencyCode) => ({ systemId, agencyCode })))
        .onConflictDoNothing();
      forget(systemId);
    },
  };
}
