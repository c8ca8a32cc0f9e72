/** What the office use cases are given: the stores and services they name, nothing more. */
import type { BlobStore, Clock, Logger } from '../../platform/index.ts';
import type { Signer } from '../../trust/index.ts';
import type { AgencyRecord, AxisGatewayFactory, OfficeStore } from './ports.ts';
import type { Role } from '../domain/roles.ts';

/** What the document page shows about the XML signature of a received package. */
export interface SignatureReport {
  /** valid | invalid | indeterminate | unsigned (src/trust), or not_verified when it could not be checked. */
  readonly status: string;
  readonly signer: {
    subject: string;
    issuer: string;
    serialNumber: string;
    notBefore: string;
    notAfter: string;
  } | null;
  readonly algorithm: string | null;
  readonly weak: boolean;
  /** The certificate path was validated against trust anchors (false: integrity only). */
  readonly chainChecked: boolean;
  readonly problems: readonly { code: string; severity: string; vi: string; en: string }[];
  /** What was verified: the original bytes the sender signed (fetched from the axis without its TraceHeader). */
  readonly verifiedBytes?: 'original' | 'delivered';
  readonly originalSha256?: string | null;
  /** The delivered copy is the original with only the axis TraceHeader inserted. */
  readonly deliveredMatchesOriginal?: boolean;
  readonly verifiedAt?: string;
}

/** Verifies the signature of a received package (src/trust when configured). */
export type SignatureVerifier = (packageBytes: Uint8Array) => Promise<{
  status: 'verified' | 'invalid' | 'unsigned' | 'not_verified';
  note: string | null;
  report?: SignatureReport;
}>;

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
