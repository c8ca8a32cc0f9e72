/** What the office use cases are given: the stores and services they name, nothing more. */
import type { BlobStore, Clock, Logger } from '../../platform/index.ts';
import type { Signer } from '../../trust/index.ts';
import type { AgencyRecord, AxisGatewayFactory, OfficeStore } from './ports.ts';
import type { Role } from '../domain/roles.ts';

/** Verifies the signature of a received package (src/trust when configured). */
export type SignatureVerifier = (
  packageBytes: Uint8Array,
) => Promise<{ status: 'verified' | 'invalid' | 'unsigned' | 'not_verified'; note: string | null }>;

/** Text of a PDF for search ('' when none). */
export type TextExtractor = (pdf: Uint8Array) => Promise<string>;

/**
 * Where signing keys come from (PKCS#12 files or PKCS#11 tokens, held by src/trust): the competent
 * person's own key, and the agency's key that the clerk holds (Decree 30/2020 Art. 13, 17.2).
 * `undefined` = no key configured: the step is recorded and the signature shown as pending.
 */
export interface DocumentSigners {
  leader(agency: AgencyRecord, userId: number): Promise<Signer | undefined>;
  agency(agency: AgencyRecord): Promise<Signer | undefined>;
}

export interface OfficeDeps {
  readonly store: OfficeStore;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly axis: AxisGatewayFactory;
  readonly verifySignature?: SignatureVerifier | undefined;
  readonly extractText?: TextExtractor | undefined;
  readonly signers?: DocumentSigners | undefined;
  readonly logger?: Logger | undefined;
}

/** The signed-in user on whose behalf a use case runs. */
export interface Actor {
  readonly userId: number;
  readonly agencyId: number;
  readonly role: Role;
  readonly fullName: string;
  readonly departmentId: number | null;
}
