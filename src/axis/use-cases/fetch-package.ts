/**
 * A recipient fetches a delivered package. The blob holds the ORIGINAL bytes (the signatures issue
 * verifies them); the axis TraceHeader is spliced in while streaming:
 * original[0:offset] + traceXml + original[offset:].
 */
import { Readable } from 'node:stream';
import { axisErrors } from '../domain/errors.ts';
import type {
  BlobStore,
  Clock,
  DeliveryRecord,
  DeliveryStore,
  PackageRecord,
  PackageStore,
} from './ports.ts';

export interface FetchedPackage {
  readonly delivery: DeliveryRecord;
  readonly package: PackageRecord;
  /** Size of the served bytes (original + TraceHeader). */
  readonly size: number;
  /** Opens the served bytes as a stream (call once per response). */
  open(): Readable;
  /** The original bytes as the sender sent them, without the axis TraceHeader. */
  openOriginal(): Promise<Readable>;
}

/**
 * Finds the delivery for the system's agencies by per-recipient docId (or package docId when it has
 * exactly one such recipient). Anything else — including another agency's docId — is `axis.not_found`.
 */
export async function findDelivery(
  deps: { deliveries: DeliveryStore },
  input: { systemAgencies: readonly string[]; docId: string },
): Promise<DeliveryRecord> {
  const docId = input.docId.trim();
  if (docId === '' || docId.length > 100) throw axisErrors.error('axis.not_found', {});
  const found = await deps.deliveries.findForRecipients(docId, input.systemAgencies);
  const exact = found.find((d) => d.id === docId);
  if (exact) return exact;
  if (found.length === 1) return found[0]!;
  if (found.length > 1)
    throw axisErrors.error('axis.delivery_ambiguous', { docId, deliveries: found.map((d) => d.id) });
  throw axisErrors.error('axis.not_found', { docId });
}

export async function fetchPackage(
  deps: { deliveries: DeliveryStore; packages: PackageStore; blobs: BlobStore; clock: Clock },
  input: { systemId: string; systemAgencies: readonly string[]; docId: string },
): Promise<FetchedPackage> {
  const delivery = await findDelivery(deps, input);
  const pkg = await deps.packages.get(delivery.docId);
  if (!pkg) throw axisErrors.error('axis.not_found', { docId: input.docId });
  const at = deps.clock.now();
  await deps.deliveries.markFetched(delivery.id, at, [
    {
      eventType: 'fetched',
      docId: pkg.docId,
      packageSha256: pkg.sha256,
      actor: input.systemId,
      at,
      details: { deliveryId: delivery.id, recipient: delivery.recipientCode },
    },
  ]);
  const trace = Buffer.from(pkg.traceXml, 'utf8');
  const offset = Math.min(Math.max(pkg.traceInsertOffset, 0), pkg.size);
  const blobs = deps.blobs;
  return {
    delivery,
    package: pkg,
    size: pkg.size + trace.length,
    open() {
      return Readable.from(
        (async function* () {
          if (offset > 0) yield* await blobs.read(pkg.sha256, { start: 0, end: offset - 1 });
          yield trace;
          if (offset < pkg.size) yield* await blobs.read(pkg.sha256, { start: offset });
        })(),
      );
    },
    openOriginal: () => blobs.read(pkg.sha256),
  };
}

/** Reads a whole fetched package into memory (getEdoc answers base64 in JSON). */
export async function readFetched(fetched: FetchedPackage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of fetched.open())
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
