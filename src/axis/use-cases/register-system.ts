import { randomBytes } from 'node:crypto';
import { axisErrors } from '../domain/errors.ts';
import type { AgencyStore, Clock, EvidenceStore, SystemRecord, SystemStore } from './ports.ts';

function checkSecret(secret: string): void {
  if (secret.length < 16 || secret.length > 256) throw axisErrors.error('axis.secret_invalid');
}

function checkSystemId(systemId: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(systemId)) {
    throw axisErrors.error('axis.request_invalid', {
      reason: 'system id must be 1–100 letters, digits, dots, dashes or underscores',
    });
  }
}

/** Registers a system (the SDK's `systemid` + secret) and the agencies it sends and receives for. */
export async function registerSystem(
  deps: { systems: SystemStore; agencies: AgencyStore; evidence: EvidenceStore; clock: Clock },
  input: { systemId: string; secret: string; agencies: readonly string[]; name?: string; actor?: string },
): Promise<SystemRecord> {
  const systemId = input.systemId.trim();
  checkSystemId(systemId);
  checkSecret(input.secret);
  const codes = [...new Set(input.agencies.map((c) => c.trim()).filter(Boolean))];
  if (codes.length === 0)
    throw axisErrors.error('axis.request_invalid', { reason: 'a system needs at least one agency' });
  const found = await deps.agencies.getMany(codes);
  const missing = codes.filter((c) => !found.has(c));
  if (missing.length > 0) throw axisErrors.error('axis.agency_unknown', { codes: missing });
  const at = deps.clock.now();
  const created = await deps.systems.create(
    {
      systemId,
      secret: input.secret,
      agencies: codes.map((c) => found.get(c)!.code),
      ...(input.name ? { name: input.name } : {}),
    },
    at,
  );
  await deps.evidence.append([
    {
      eventType: 'system_changed',
      docId: null,
      packageSha256: null,
      actor: input.actor ?? null,
      at,
      details: { action: 'registered', systemId, agencies: created.agencies },
    },
  ]);
  return created;
}

/** Replaces a system's secret with a new random one, returned once (never stored in clear, never logged). */
export async function rotateSecret(
  deps: { systems: SystemStore; evidence: EvidenceStore; clock: Clock },
  input: { systemId: string; actor?: string },
): Promise<{ systemId: string; secret: string }> {
  const secret = randomBytes(32).toString('base64url');
  const at = deps.clock.now();
  if (!(await deps.systems.setSecret(input.systemId, secret, at)))
    throw axisErrors.error('axis.system_unknown', { systemId: input.systemId });
  await deps.evidence.append([
    {
      eventType: 'system_changed',
      docId: null,
      packageSha256: null,
      actor: input.actor ?? null,
      at,
      details: { action: 'secret_rotated', systemId: input.systemId },
    },
  ]);
  return { systemId: input.systemId, secret };
}

export async function setSystemStatus(
  deps: { systems: SystemStore; evidence: EvidenceStore; clock: Clock },
  input: { systemId: string; status: 'active' | 'suspended'; actor?: string },
): Promise<void> {
  if (!(await deps.systems.setStatus(input.systemId, input.status)))
    throw axisErrors.error('axis.system_unknown', { systemId: input.systemId });
  await deps.evidence.append([
    {
      eventType: 'system_changed',
      docId: null,
      packageSha256: null,
      actor: input.actor ?? null,
      at: deps.clock.now(),
      details: { action: input.status, systemId: input.systemId },
    },
  ]);
}

export async function listSystems(deps: { systems: SystemStore }): Promise<SystemRecord[]> {
  return deps.systems.list();
}
