import type { Agency } from '../domain/agency.ts';
import { axisErrors } from '../domain/errors.ts';
import { isSignaturePolicy, SIGNATURE_POLICIES } from '../domain/signature-policy.ts';
import type { AgencyStore, Clock, EvidenceStore } from './ports.ts';

/** Sets an agency's signature policy (issue 4) and records the change in the evidence log. */
export async function setSignaturePolicy(
  deps: { agencies: AgencyStore; evidence: EvidenceStore; clock: Clock },
  input: { code: string; policy: string; actor?: string },
): Promise<Agency> {
  const policy = input.policy.trim();
  if (!isSignaturePolicy(policy)) {
    throw axisErrors.error('axis.request_invalid', {
      field: 'policy',
      value: policy.slice(0, 32),
      allowed: [...SIGNATURE_POLICIES],
    });
  }
  const code = input.code.trim();
  const at = deps.clock.now();
  const agency = await deps.agencies.setSignaturePolicy(code, policy, at);
  if (!agency) throw axisErrors.error('axis.agency_unknown', { code: code.slice(0, 64) });
  await deps.evidence.append([
    {
      eventType: 'agency_changed',
      docId: null,
      packageSha256: null,
      actor: input.actor ?? null,
      at,
      details: { action: 'signature_policy_set', code: agency.code, signaturePolicy: policy },
    },
  ]);
  return agency;
}
