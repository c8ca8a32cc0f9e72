import { isAcceptableAgencyCode, levelOfCode, parentOfCode, type Agency } from '../domain/agency.ts';
import { axisErrors } from '../domain/errors.ts';
import { platformErrors, type AppError } from '../../platform/index.ts';
import type { AgencyInput, AgencyStore, Clock, EvidenceStore, SystemStore } from './ports.ts';

/** Normalises and checks one agency; derives level and parent from a QCVN 102 code when not given. */
export function normaliseAgency(input: AgencyInput, parent?: Agency): AgencyInput & { level: number } {
  const code = input.code?.trim() ?? '';
  const name = input.name?.normalize('NFC').trim() ?? '';
  const problems: string[] = [];
  if (!isAcceptableAgencyCode(code))
    problems.push('code must be 1–64 letters, digits, dots, dashes or underscores');
  if (name === '' || name.length > 300) problems.push('name must be 1–300 characters');
  const codeQd20 = input.codeQd20?.trim() || null;
  if (codeQd20 !== null && !/^[0-9A-Z.]{1,35}$/.test(codeQd20))
    problems.push('codeQd20 must be at most 35 digits, capital letters and dots (QĐ 20/2020)');
  const parentCode = input.parentCode?.trim() || parentOfCode(code) || null;
  if (parentCode === code) problems.push('an agency cannot be its own parent');
  const level =
    input.level ?? (parent ? Math.min(parent.level + 1, 4) : (levelOfCode(code) ?? (parentCode ? 2 : 1)));
  if (!Number.isInteger(level) || level < 1 || level > 4) problems.push('level must be 1–4');
  if (input.mail && input.mail.length > 100) problems.push('mail is at most 100 characters');
  if (input.validFrom && input.validTo && input.validFrom > input.validTo)
    problems.push('validFrom is after validTo');
  if (input.successorCode && input.successorCode.trim() === code)
    problems.push('an agency cannot succeed itself');
  if (problems.length > 0)
    throw axisErrors.error('axis.agency_invalid', { code: code.slice(0, 64), problems });
  return {
    ...input,
    code,
    name,
    codeQd20,
    parentCode,
    level,
    successorCode: input.successorCode?.trim() || null,
    status: input.status ?? (input.successorCode ? 'retired' : 'active'),
  };
}

/** A system acting through the protocol (VXP registerAgency/deleteAgency): limited to its own subtree. */
export interface ActingSystem {
  readonly systemId: string;
  readonly agencies: readonly string[];
}

function forbidden(reason: string): AppError {
  return platformErrors.error('platform.forbidden', { reason });
}

/**
 * Registers an agency. An operator (CLI) may register anywhere; a system may only register a unit
 * under one of the agencies it serves, and then serves the new unit too (a SaaS adding a department).
 */
export async function registerAgency(
  deps: { agencies: AgencyStore; evidence: EvidenceStore; clock: Clock; systems?: SystemStore },
  input: AgencyInput & { actor?: string; system?: ActingSystem },
): Promise<Agency> {
  const parentCode = input.parentCode?.trim();
  if (input.system && (!parentCode || !input.system.agencies.includes(parentCode))) {
    throw forbidden('a system may only register units under an agency it serves (pcode)');
  }
  let parent: Agency | undefined;
  if (parentCode) {
    parent = await deps.agencies.get(parentCode);
    if (!parent) throw axisErrors.error('axis.agency_unknown', { code: parentCode, role: 'parent' });
  }
  const agency = normaliseAgency(input, parent);
  const at = deps.clock.now();
  const created = await deps.agencies.insert(agency, at);
  if (input.system && deps.systems) await deps.systems.grant(input.system.systemId, [created.code]);
  await deps.evidence.append([
    {
      eventType: 'agency_changed',
      docId: null,
      packageSha256: null,
      actor: input.actor ?? null,
      at,
      details: { action: 'registered', code: created.code },
    },
  ]);
  return created;
}

/** VXP deleteAgency: the code is retired (kept for history and successor routing), never erased. */
export async function retireAgency(
  deps: { agencies: AgencyStore; evidence: EvidenceStore; clock: Clock },
  input: { code: string; actor?: string; system?: ActingSystem },
): Promise<void> {
  if (input.system) {
    // A system may retire a unit below one of its agencies, never an agency above or beside it.
    const agency = await deps.agencies.get(input.code.trim());
    if (!agency || !agency.parentCode || !input.system.agencies.includes(agency.parentCode)) {
      throw forbidden('a system may only delete units under an agency it serves');
    }
  }
  const at = deps.clock.now();
  if (!(await deps.agencies.retire(input.code.trim(), at)))
    throw axisErrors.error('axis.agency_unknown', { code: input.code.slice(0, 64) });
  await deps.evidence.append([
    {
      eventType: 'agency_changed',
      docId: null,
      packageSha256: null,
      actor: input.actor ?? null,
      at,
      details: { action: 'retired', code: input.code },
    },
  ]);
}

export async function listAgencies(
  deps: { agencies: AgencyStore },
  filter: { level?: number; includeDeleted?: boolean } = {},
): Promise<Agency[]> {
  return deps.agencies.list(filter);
}
