import type { ChainCheck, ChainedEvidence } from '../domain/evidence-chain.ts';
import { axisErrors } from '../domain/errors.ts';
import type { EvidenceStore } from './ports.ts';

/** Recomputes every hash of the evidence chain from the genesis. */
export async function verifyEvidence(
  deps: { evidence: EvidenceStore },
  onProgress?: (checked: number) => void,
): Promise<ChainCheck> {
  return deps.evidence.verify(onProgress);
}

/** One document's whole life: its own events and those of the packages that refer to it. */
export async function exportEvidence(
  deps: { evidence: EvidenceStore },
  input: { docId: string },
): Promise<ChainedEvidence[]> {
  const events = await deps.evidence.forDocument(input.docId.trim());
  if (events.length === 0) throw axisErrors.error('axis.not_found', { docId: input.docId });
  return events;
}
