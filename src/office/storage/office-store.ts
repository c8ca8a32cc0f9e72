/**
 * OfficeStore over the `office` schema with Drizzle (same code on PGlite and PostgreSQL). Every
 * method that reads an agency's data takes the agency id and filters on it: tenancy is enforced here
 * as well as in the use cases.
 */
import { and, asc, desc, eq, inArray, isNull, lte, sql, type AnyColumn } from 'drizzle-orm';
import type { Db } from '../../platform/index.ts';
import type {
  AgencyRecord,
  AttachmentRecord,
  DepartmentRecord,
  DocumentRecord,
  OfficeStore,
  OutboxPayload,
  UserRecord,
} from '../use-cases/ports.ts';
import {
  agencies,
  assignments,
  attachments,
  auditLog,
  counters,
  departments,
  documents,
  dossiers,
  leases,
  outbox,
  recipients,
  sessions,
  statusEvents,
  users,
} from './schema.ts';
import { createWorkflowStore } from './workflow-store.ts';
import { listDocuments } from './document-list.ts';

function first<T>(rows: T[]): T | undefined {
  return rows[0];
}

export function createOfficeStore(db: Db): OfficeStore {
  /** One document of an agency, found by direction and one identifying column. */
  const findOne = async (
    agencyId: number,
    direction: 'incoming' | 'outgoing',
    column: AnyColumn,
    value: string,
  ) =>
    first(
      await db
        .select()
        .from(documents)
        .where(and(eq(documents.agencyId, agencyId), eq(documents.direction, direction), eq(column, value))),
    );
  const store: OfficeStore = {
    ...createWorkflowStore(db),
    async transaction(work) {
      return db.transaction(async (tx) => work(createOfficeStore(tx as unknown as Db)));
    },

    async createAgency(input) {
      const rows = await db.insert(agencies).values(input).returning();
      return rows[0] as AgencyRecord;
    },
    async getAgency(id) {
      return first(await db.select().from(agencies).where(eq(agencies.id, id)));
    },
    async getAgencyByCode(code) {
      return first(await db.select().from(agencies).where(eq(agencies.code, code)));
    },
    async listAgencies() {
      return db.select().from(agencies).orderBy(asc(agencies.id));
    },
    async setAxisCredentials(agencyId, systemId, encryptedSecret) {
      await db
        .update(agencies)
        .set({ axisSystemId: systemId, axisSecret: encryptedSecret })
        .where(eq(agencies.id, agencyId));
    },

    async createDepartment(input) {
      const rows = await db.insert(departments).values(input).returning();
      return rows[0] as DepartmentRecord;
    },
    async listDepartments(agencyId) {
      return db
        .select()
        .from(departments)
        .where(eq(departments.agencyId, agencyId))
        .orderBy(asc(departments.id));
    },

    async createUser(input) {
      const rows = await db.insert(users).values(input).returning();
      return rows[0] as UserRecord;
    },
    async getUserByUsername(username) {
      return first(await db.select().from(users).where(eq(users.username, username)));
    },
    async getUser(agencyId, id) {
      return first(
        await db
          .select()
          .from(users)
          .where(and(eq(users.agencyId, agencyId), eq(users.id, id))),
      );
    },
    async getUserById(id) {
      return first(await db.select().from(users).where(eq(users.id, id)));
    },
    async listUsers(agencyId) {
      return await db.select().from(users).where(eq(users.agencyId, agencyId)).orderBy(asc(users.id));
    },
    async setUserActive(agencyId, id, active) {
      const rows = await db
        .update(users)
        .set({ active })
        .where(and(eq(users.agencyId, agencyId), eq(users.id, id)))
        .returning({ id: users.id });
      return rows.length > 0;
    },
    async setLoginFailures(userId, failures, lockedUntil) {
      await db.update(users).set({ failedLogins: failures, lockedUntil }).where(eq(users.id, userId));
    },

    async createSession(input) {
      await db.insert(sessions).values(input);
    },
    async getSession(tokenHash) {
      return first(await db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)));
    },
    async deleteSession(tokenHash) {
      await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    },

    async insertDocument(input) {
      const rows = await db.insert(documents).values(input).returning();
      const doc = rows[0] as DocumentRecord;
      await store.refreshSearchText(doc.agencyId, doc.id);
      return doc;
    },
    async getDocument(agencyId, id) {
      return first(
        await db
          .select()
          .from(documents)
          .where(and(eq(documents.agencyId, agencyId), eq(documents.id, id))),
      );
    },
    async lockDocument(agencyId, id) {
      return first(
        await db
          .select()
          .from(documents)
          .where(and(eq(documents.agencyId, agencyId), eq(documents.id, id)))
          .for('update'),
      );
    },
    async updateDocument(agencyId, id, patch) {
      const rows = await db
        .update(documents)
        .set({ ...patch, updatedAt: new Date() })
        .where(and(eq(documents.agencyId, agencyId), eq(documents.id, id)))
        .returning();
      return rows[0] as DocumentRecord;
    },
    async refreshSearchText(agencyId, id, extra) {
      // Folded once at write time (lt_fold = lower(unaccent)), so the trigram index answers searches.
      await db.execute(sql`
        UPDATE office.documents d SET search_text = public.lt_fold(concat_ws(' ',
          subject, summary, type_name, code_number || '/' || code_notation, from_name, from_code,
          signer_name, recipients_text,
          (SELECT string_agg(concat_ws(' ', a.name, a.extracted_text), ' ') FROM office.attachments a WHERE a.document_id = d.id),
          ${extra ?? null}::text))
        WHERE agency_id = ${agencyId} AND id = ${id}`);
    },
    async listDocuments(agencyId, filter) {
      return listDocuments(db, agencyId, filter);
    },
    async findByDeliveryId(agencyId, deliveryId) {
      return findOne(agencyId, 'incoming', documents.axisDeliveryId, deliveryId);
    },
    async findOutgoingByAxisDocId(agencyId, axisDocId) {
      return findOne(agencyId, 'outgoing', documents.axisDocId, axisDocId);
    },
    async findOutgoingByEdxmlId(agencyId, edxmlDocumentId) {
      return findOne(agencyId, 'outgoing', documents.edxmlDocumentId, edxmlDocumentId);
    },
    async findIncomingByEdxmlId(agencyId, edxmlDocumentId) {
      return await db
        .select()
        .from(documents)
        .where(
          and(
            eq(documents.agencyId, agencyId),
            eq(documents.direction, 'incoming'),
            eq(documents.edxmlDocumentId, edxmlDocumentId),
          ),
        );
    },

    async addAttachment(input) {
      const rows = await db.insert(attachments).values(input).returning();
      return rows[0] as AttachmentRecord;
    },
    async listAttachments(agencyId, documentId) {
      return db
        .select()
        .from(attachments)
        .where(and(eq(attachments.agencyId, agencyId), eq(attachments.documentId, documentId)))
        .orderBy(asc(attachments.id));
    },
    async replaceAttachmentContent(agencyId, id, content) {
      await db
        .update(attachments)
        .set(content)
        .where(and(eq(attachments.agencyId, agencyId), eq(attachments.id, id)));
    },
    async getAttachment(agencyId, id) {
      return first(
        await db
          .select()
          .from(attachments)
          .where(and(eq(attachments.agencyId, agencyId), eq(attachments.id, id))),
      );
    },

    async nextCounter(agencyId, year, series) {
      // The upsert takes the row lock, held until the surrounding transaction ends: two clerks numbering
      // at once are serialised, and the unique indexes on documents are the last line of defence.
      const rows = await db
        .insert(counters)
        .values({ agencyId, year, series, value: 1 })
        .onConflictDoUpdate({
          target: [counters.agencyId, counters.year, counters.series],
          set: { value: sql`${counters.value} + 1` },
        })
        .returning({ value: counters.value });
      return rows[0]!.value;
    },

    async addAssignment(input) {
      await db.insert(assignments).values(input);
    },
    async listAssignments(agencyId, documentId) {
      return await db
        .select()
        .from(assignments)
        .where(and(eq(assignments.agencyId, agencyId), eq(assignments.documentId, documentId)))
        .orderBy(asc(assignments.id));
    },
    async setAssignmentsState(agencyId, documentId, userId, state) {
      const where = [eq(assignments.agencyId, agencyId), eq(assignments.documentId, documentId)];
      if (userId !== null) where.push(eq(assignments.userId, userId));
      await db
        .update(assignments)
        .set({ state, completedAt: state === 'done' ? new Date() : null })
        .where(and(...where));
    },
    async listTasks(agencyId, userId) {
      const rows = await db
        .select({ assignment: assignments, document: documents })
        .from(assignments)
        .innerJoin(documents, eq(documents.id, assignments.documentId))
        .where(
          and(
            eq(assignments.agencyId, agencyId),
            eq(documents.agencyId, agencyId),
            eq(assignments.userId, userId),
          ),
        )
        .orderBy(asc(sql`${assignments.state} = 'done'`), desc(documents.priority), asc(assignments.deadline))
        .limit(500);
      return rows;
    },

    async deadlineSummary(agencyId, today, soon) {
      const rows = await db.execute(sql`
        SELECT a.user_id AS "userId", a.department_id AS "departmentId",
          count(*) FILTER (WHERE a.deadline < ${today}::date)::int AS overdue,
          count(*) FILTER (WHERE a.deadline >= ${today}::date AND a.deadline <= ${soon}::date)::int AS "dueSoon",
          count(*)::int AS open
        FROM office.assignments a JOIN office.documents d ON d.id = a.document_id AND d.agency_id = a.agency_id
        WHERE a.agency_id = ${agencyId} AND a.state <> 'done' AND d.state IN ('assigned', 'processing')
        GROUP BY a.user_id, a.department_id
        ORDER BY overdue DESC, "dueSoon" DESC`);
      return (
        rows as {
          rows: {
            userId: number | null;
            departmentId: number | null;
            overdue: number;
            dueSoon: number;
            open: number;
          }[];
        }
      ).rows.map((r) => ({
        ...r,
        userId: r.userId === null ? null : Number(r.userId),
        departmentId: r.departmentId === null ? null : Number(r.departmentId),
      }));
    },
    async addRecipients(agencyId, documentId, list) {
      if (list.length === 0) return;
      await db
        .insert(recipients)
        .values(list.map((r) => ({ agencyId, documentId, code: r.code, name: r.name })))
        .onConflictDoNothing();
    },
    async listRecipients(agencyId, documentId) {
      return await db
        .select()
        .from(recipients)
        .where(and(eq(recipients.agencyId, agencyId), eq(recipients.documentId, documentId)))
        .orderBy(asc(recipients.id));
    },
    async setRecipientStatus(agencyId, documentId, code, status) {
      await db
        .update(recipients)
        .set({ statusCode: status.code, statusDescription: status.description, statusAt: status.at })
        .where(
          and(
            eq(recipients.agencyId, agencyId),
            eq(recipients.documentId, documentId),
            eq(recipients.code, code),
            sql`(${recipients.statusAt} IS NULL OR ${recipients.statusAt} <= ${status.at})`,
          ),
        );
    },
    async askReplacement(agencyId, documentId, codes, replacementDocumentId, at) {
      if (codes.length === 0) return;
      await db
        .update(recipients)
        .set({ replacement: 'pending', replacementDocumentId, replacementNote: null, replacementAt: at })
        .where(
          and(
            eq(recipients.agencyId, agencyId),
            eq(recipients.documentId, documentId),
            inArray(recipients.code, [...codes]),
          ),
        );
    },
    async answerReplacement(agencyId, documentId, code, answer) {
      const rows = await db
        .update(recipients)
        .set({ replacement: answer.state, replacementNote: answer.note, replacementAt: answer.at })
        .where(
          and(
            eq(recipients.agencyId, agencyId),
            eq(recipients.documentId, documentId),
            eq(recipients.code, code),
            eq(recipients.replacement, 'pending'),
          ),
        )
        .returning({ id: recipients.id });
      return rows.length > 0;
    },

    async addStatusEvent(input) {
      const rows = await db
        .insert(statusEvents)
        .values(input)
        .onConflictDoNothing()
        .returning({ id: statusEvents.id });
      return rows.length > 0;
    },
    async listStatusEvents(agencyId, documentId) {
      return await db
        .select()
        .from(statusEvents)
        .where(and(eq(statusEvents.agencyId, agencyId), eq(statusEvents.documentId, documentId)))
        .orderBy(asc(statusEvents.at), asc(statusEvents.id));
    },

    async enqueue(agencyId, documentId, payload) {
      await db.insert(outbox).values({ agencyId, documentId, kind: payload.kind, payload });
    },
    async pendingOutbox(agencyId, limit) {
      const rows = await db
        .select()
        .from(outbox)
        .where(and(eq(outbox.agencyId, agencyId), isNull(outbox.sentAt), sql`${outbox.attempts} < 20`))
        .orderBy(asc(outbox.id))
        .limit(limit);
      return rows.map((r) => ({ ...r, payload: r.payload as OutboxPayload }));
    },
    async markOutboxSent(id, at) {
      await db.update(outbox).set({ sentAt: at, lastError: null }).where(eq(outbox.id, id));
    },
    async markOutboxFailed(id, error) {
      await db
        .update(outbox)
        .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error.slice(0, 2000) })
        .where(eq(outbox.id, id));
    },
    async listIssuedAwaitingStatus(agencyId, limit) {
      return await db
        .select()
        .from(documents)
        .where(
          and(
            eq(documents.agencyId, agencyId),
            eq(documents.direction, 'outgoing'),
            inArray(documents.state, ['issued', 'revoked']),
            sql`${documents.axisDocId} IS NOT NULL`,
          ),
        )
        .orderBy(desc(documents.id))
        .limit(limit);
    },

    async createDossier(input) {
      const rows = await db.insert(dossiers).values(input).returning();
      return rows[0]!;
    },
    async getDossier(agencyId, id) {
      return first(
        await db
          .select()
          .from(dossiers)
          .where(and(eq(dossiers.agencyId, agencyId), eq(dossiers.id, id))),
      );
    },
    async listDossiers(agencyId, year) {
      const rows = await db
        .select({
          dossier: dossiers,
          documentCount: sql<number>`(SELECT count(*)::int FROM office.documents d WHERE d.agency_id = "dossiers"."agency_id" AND d.dossier_id = "dossiers"."id")`,
        })
        .from(dossiers)
        .where(and(eq(dossiers.agencyId, agencyId), eq(dossiers.year, year)))
        .orderBy(asc(dossiers.code));
      return rows.map((r) => ({ ...r.dossier, documentCount: r.documentCount }));
    },
    async updateDossier(agencyId, id, patch) {
      const rows = await db
        .update(dossiers)
        .set(patch)
        .where(and(eq(dossiers.agencyId, agencyId), eq(dossiers.id, id)))
        .returning();
      return rows[0]!;
    },

    async audit(entry) {
      await db.insert(auditLog).values({
        agencyId: entry.agencyId,
        userId: entry.userId,
        action: entry.action,
        objectType: entry.objectType ?? null,
        objectId: entry.objectId === undefined ? null : String(entry.objectId),
        details: entry.details ?? null,
      });
    },
    async listAudit(agencyId, limit) {
      return db
        .select({
          id: auditLog.id,
          userId: auditLog.userId,
          action: auditLog.action,
          objectType: auditLog.objectType,
          objectId: auditLog.objectId,
          details: auditLog.details,
          at: auditLog.at,
        })
        .from(auditLog)
        .where(eq(auditLog.agencyId, agencyId))
        .orderBy(desc(auditLog.id))
        .limit(limit);
    },

    async tryLease(name, holder, ttlMs, now) {
      const expiresAt = new Date(now.getTime() + ttlMs);
      const rows = await db
        .insert(leases)
        .values({ name, holder, expiresAt })
        .onConflictDoUpdate({
          target: leases.name,
          set: { holder, expiresAt },
          setWhere: sql`${leases.holder} = ${holder} OR ${leases.expiresAt} < ${now}`,
        })
        .returning({ holder: leases.holder });
      return rows.length > 0 && rows[0]!.holder === holder;
    },
    async releaseLease(name, holder) {
      await db
        .delete(leases)
        .where(
          and(eq(leases.name, name), eq(leases.holder, holder), lte(leases.expiresAt, new Date(8.64e15))),
        );
    },
  };
  return store;
}
