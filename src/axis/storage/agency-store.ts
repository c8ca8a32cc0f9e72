import { and, asc, count, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../../platform/index.ts';
import type { Agency } from '../domain/agency.ts';
import { axisErrors } from '../domain/errors.ts';
import type { AgencyInput, AgencyStore } from '../use-cases/ports.ts';
import { agencies } from './schema.ts';

type Row = typeof agencies.$inferSelect;

const toAgency = (row: Row): Agency => ({ ...row });

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

function values(input: AgencyInput & { level: number }, at: Date) {
  return {
    code: input.code,
    codeQd20: input.codeQd20 ?? null,
    name: input.name,
    level: input.level,
    parentCode: input.parentCode ?? null,
    mail: input.mail ?? null,
    phone: input.phone ?? null,
    fax: input.fax ?? null,
    validFrom: input.validFrom ?? null,
    validTo: input.validTo ?? null,
    successorCode: input.successorCode ?? null,
    status: input.status ?? 'active',
    updatedAt: at,
  };
}

export function createAgencyStore(database: Database): AgencyStore {
  const { db } = database;
  return {
    async get(code) {
      const [row] = await db.select().from(agencies).where(eq(agencies.code, code)).limit(1);
      return row ? toAgency(row) : undefined;
    },
    async getMany(codes) {
      const result = new Map<string, Agency>();
      const unique = [...new Set(codes)];
      if (unique.length === 0) return result;
      const rows = await db
        .select()
        .from(agencies)
        .where(or(inArray(agencies.code, unique), inArray(agencies.codeQd20, unique)));
      for (const row of rows) {
        // The QCVN 102 code wins over a QĐ 20 code equal to it.
        if (unique.includes(row.code)) result.set(row.code, toAgency(row));
      }
      for (const row of rows) {
        if (row.codeQd20 && unique.includes(row.codeQd20) && !result.has(row.codeQd20))
          result.set(row.codeQd20, toAgency(row));
      }
      return result;
    },
    async insert(input, at) {
      try {
        const [row] = await db
          .insert(agencies)
          .values({ ...values(input, at), createdAt: at })
          .returning();
        return toAgency(row!);
      } catch (err) {
        if (isUniqueViolation(err)) throw axisErrors.error('axis.agency_exists', { code: input.code });
        throw err;
      }
    },
    async upsertMany(inputs, at) {
      let inserted = 0;
      let updated = 0;
      await db
        .transaction(async (tx) => {
          for (let i = 0; i < inputs.length; i += 500) {
            const chunk = inputs.slice(i, i + 500);
            const rows = await tx
              .insert(agencies)
              .values(chunk.map((input) => ({ ...values(input, at), createdAt: at })))
              .onConflictDoUpdate({
                target: agencies.code,
                set: {
                  codeQd20: sql`excluded.code_qd20`,
                  name: sql`excluded.name`,
                  level: sql`excluded.level`,
                  parentCode: sql`excluded.parent_code`,
                  mail: sql`excluded.mail`,
                  phone: sql`excluded.phone`,
                  fax: sql`excluded.fax`,
                  validFrom: sql`excluded.valid_from`,
                  validTo: sql`excluded.valid_to`,
                  successorCode: sql`excluded.successor_code`,
                  status: sql`excluded.status`,
                  version: sql`${agencies.version} + 1`,
                  updatedAt: sql`excluded.updated_at`,
                  deletedAt: sql`null`,
                },
              })
              .returning({ version: agencies.version });
            for (const row of rows) {
              if (row.version === 1) inserted++;
              else updated++;
            }
          }
        })
        .catch((err: unknown) => {
          if (isUniqueViolation(err))
            throw axisErrors.error('axis.agency_exists', { reason: 'duplicate QĐ 20 code' });
          throw err;
        });
      return { inserted, updated };
    },
    async setSignaturePolicy(code, policy, at) {
      const [row] = await db
        .update(agencies)
        .set({ signaturePolicy: policy, updatedAt: at })
        .where(eq(agencies.code, code))
        .returning();
      return row ? toAgency(row) : undefined;
    },
    async setValidationMode(code, mode, at) {
      const [row] = await db
        .update(agencies)
        .set({ validationMode: mode, updatedAt: at })
        .where(eq(agencies.code, code))
        .returning();
      return row ? toAgency(row) : undefined;
    },
    async retire(code, at) {
      const rows = await db
        .update(agencies)
        .set({
          status: 'retired',
          deletedAt: at,
          validTo: at,
          updatedAt: at,
          version: sql`${agencies.version} + 1`,
        })
        .where(and(eq(agencies.code, code), isNull(agencies.deletedAt)))
        .returning({ code: agencies.code });
      return rows.length > 0;
    },
    async list(filter = {}) {
      const conditions = [];
      if (filter.level !== undefined) conditions.push(eq(agencies.level, filter.level));
      if (!filter.includeDeleted) conditions.push(isNull(agencies.deletedAt));
      const rows = await db
        .select()
        .from(agencies)
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(asc(agencies.level), asc(agencies.code));
      return rows.map(toAgency);
    },
    async count() {
      const [row] = await db.select({ n: count() }).from(agencies);
      return Number(row?.n ?? 0);
    },
  };
}
