/** What the office use cases are given: the stores and services they name, nothing more. */
import type { BlobStore, Clock, Logger } from '../../platform/index.ts';
import type { AxisGatewayFactory, OfficeStore } from './ports.ts';
import type { Role } from '../domain/roles.ts';

/** Verifies the signature of a received package (src/trust when configured). */
export type SignatureVerifier = (
  packageBytes: Uint8Array,
) => Promise<{ status: 'verified' | 'invalid' | 'unsigned' | 'not_verified'; note: string | null }>;

/** Text of a PDF for search ('' when none). */
export type TextExtractor = (pdf: Uint8Array) => Promise<string>;

export interface OfficeDeps {
  readonly store: OfficeStore;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly axis: AxisGatewayFactory;
  readonly verifySignature?: SignatureVerifier | undefined;
  readonly extractText?: TextExtractor | undefined;
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
