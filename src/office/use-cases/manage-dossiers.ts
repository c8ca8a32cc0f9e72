/**
 * Work dossiers (hồ sơ công việc, Decree 30/2020 Art. 28–31): the year's dossier list, open, file
 * documents into them (a reply is filed with the document it answers automatically at issue), close
 * when the work ends, hand over to the agency archive within one year of closing (Art. 30).
 */
import { vietnamDateOf } from '../../standards/index.ts';
import { officeErrors } from '../domain/errors.ts';
import { requirePermission } from '../domain/roles.ts';
import type { Actor, OfficeDeps } from './deps.ts';
import { loadDocument } from './load-document.ts';
import type { DossierRecord } from './ports.ts';

type Deps = Pick<OfficeDeps, 'store' | 'clock'>;

/** Art. 30: e-dossiers go to the agency archive within 1 year after the work ends. */
export function archiveDueDate(dossier: Pick<DossierRecord, 'closedAt'>): string | null {
  if (!dossier.closedAt) return null;
  const due = new Date(dossier.closedAt);
  due.setUTCFullYear(due.getUTCFullYear() + 1);
  return vietnamDateOf(due);
}

export async function openDossier(
  deps: Deps,
  actor: Actor,
  input: { code: string; title: string; retentionYears?: number | null; year?: number },
): Promise<DossierRecord> {
  requirePermission(actor.role, 'dossier.manage');
  const code = input.code.normalize('NFC').trim();
  const title = input.title.normalize('NFC').trim();
  if (!code || !title) throw officeErrors.error('office.invalid_input', { field: 'code/title' });
  const year = input.year ?? Number(vietnamDateOf(deps.clock.now()).slice(0, 4));
  const existing = await deps.store.listDossiers(actor.agencyId, year);
  if (existing.some((d) => d.code === code))
    throw officeErrors.error('office.invalid_input', { field: 'code', reason: 'exists' });
  const dossier = await deps.store.createDossier({
    agencyId: actor.agencyId,
    year,
    code,
    title,
    retentionYears: input.retentionYears ?? null,
    ownerId: actor.userId,
  });
  await deps.store.audit({
    agencyId: actor.agencyId,
    userId: actor.userId,
    action: 'dossier.opened',
    objectType: 'dossier',
    objectId: dossier.id,
  });
  return dossier;
}

export async function listDossiers(deps: Deps, actor: Actor, year?: number) {
  const y = year ?? Number(vietnamDateOf(deps.clock.now()).slice(0, 4));
  const today = vietnamDateOf(deps.clock.now());
  return (await deps.store.listDossiers(actor.agencyId, y)).map((d) => {
    const due = archiveDueDate(d);
    return { ...d, archiveDueDate: due, archiveOverdue: d.state === 'closed' && due !== null && due < today };
  });
}

export async function fileDocument(
  deps: Deps,
  actor: Actor,
  documentId: number,
  dossierId: number,
): Promise<void> {
  requirePermission(actor.role, 'dossier.manage');
  await loadDocument(deps.store, actor, documentId);
  const dossier = await deps.store.getDossier(actor.agencyId, dossierId);
  if (!dossier) throw officeErrors.error('office.not_found', { dossierId });
  if (dossier.state !== 'open')
    throw officeErrors.error('office.invalid_state', { action: 'file', dossier: dossier.state });
  await deps.store.updateDocument(actor.agencyId, documentId, { dossierId });
  await deps.store.audit({
    agencyId: actor.agencyId,
    userId: actor.userId,
    action: 'dossier.document_filed',
    objectType: 'document',
    objectId: documentId,
    details: { dossierId },
  });
}

export async function closeDossier(deps: Deps, actor: Actor, id: number): Promise<DossierRecord> {
  requirePermission(actor.role, 'dossier.manage');
  const dossier = await deps.store.getDossier(actor.agencyId, id);
  if (!dossier) throw officeErrors.error('office.not_found', { dossierId: id });
  if (dossier.state !== 'open') throw officeErrors.error('office.invalid_state', { action: 'close' });
  const updated = await deps.store.updateDossier(actor.agencyId, id, {
    state: 'closed',
    closedAt: deps.clock.now(),
  });
  await deps.store.audit({
    agencyId: actor.agencyId,
    userId: actor.userId,
    action: 'dossier.closed',
    objectType: 'dossier',
    objectId: id,
  });
  return updated;
}

/** Hand-over to the agency archive (nộp lưu): only closed dossiers; clerks (who run the archive) do it. */
export async function archiveDossier(deps: Deps, actor: Actor, id: number): Promise<DossierRecord> {
  requirePermission(actor.role, 'outgoing.issue');
  const dossier = await deps.store.getDossier(actor.agencyId, id);
  if (!dossier) throw officeErrors.error('office.not_found', { dossierId: id });
  if (dossier.state !== 'closed') throw officeErrors.error('office.invalid_state', { action: 'archive' });
  const updated = await deps.store.updateDossier(actor.agencyId, id, {
    state: 'archived',
    archivedAt: deps.clock.now(),
  });
  await deps.store.audit({
    agencyId: actor.agencyId,
    userId: actor.userId,
    action: 'dossier.archived',
    objectType: 'dossier',
    objectId: id,
  });
  return updated;
}
