import { isValidationMode, VALIDATION_MODES } from '../domain/acceptance-rule.ts';
import type { Agency } from '../domain/agency.ts';
import { axisErrors } from '../domain/errors.ts';
import type { AgencyStore, Clock, EvidenceStore } from './ports.ts';

/**
 * Sets an agency's validation mode (domain/acceptance-rule.ts): `strict` refuses packages from or to
 * it on any error-level finding, `lenient` only on undeliverable ones, `default` follows the axis.
 * Recorded in the evidence log like every registry change.
 */
export async function setValidationMode(
  deps: { agencies: AgencyStore; evidence: EvidenceStore; clock: Clock },
  input: { code: string; mode: string; actor?: string },
): Promise<Agency> {
  const value = input.mode.trim();
  if (value !== 'default' && !isValidationMode(value)) {
    throw axisErrors.error('axis.request_invalid', {
      field: 'mode',
      value: value.slice(0, 32),
      allowed: [...VALIDATION_MODES, 'default'],
    });
  }
  const mode = value === 'default' ? null : value;
  const code = input.code.trim();
  const at = deps.clock.now();
  const agency = await deps.agencies.setValidationMode(code, mode, at);
  if (!agency) throw axisErrors.error('axis.agency_unknown', { code: code.slice(0, 64) });
  await deps.evidence.append([
    {
      eventType: 'agency_changed',
      docId: null,
      packageSha256: null,
      actor: input.actor ?? null,
      at,
      details: { action: 'validation_mode_set', code: agency.code, validationMode: mode },
    },
  ]);
  return agency;
}
