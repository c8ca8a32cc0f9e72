/**
 * Accepts a package from a system (VXP sendEdoc or REST): streams it into the blob store while the
 * standards library parses it, checks it, resolves the recipients in the registry and records one
 * durable package with one delivery per recipient — all or nothing (issue 3 "Exchange").
 */
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { AppError, type BlobWriter } from '../../platform/index.ts';
import type { EdxmlPackage } from '../../standards/index.ts';
import {
  DEFAULT_VALIDATION_MODE,
  judgeFindings,
  MAX_RECORDED_FINDINGS,
  strictestMode,
  type RecordedFinding,
  type ValidationMode,
} from '../domain/acceptance-rule.ts';
import type { Agency, RouteOutcome } from '../domain/agency.ts';
import { requestOfBussinessDocType } from '../domain/business-status.ts';
import { newDocId } from '../domain/doc-id.ts';
import { axisErrors } from '../domain/errors.ts';
import type { EvidenceEvent } from '../domain/evidence-chain.ts';
import type { SignatureVerdict } from '../domain/signature-policy.ts';
import { formatEdxmlTimestamp } from '../domain/vietnam-time.ts';
import { planDocumentRequest } from './plan-document-request.ts';
import type {
  AgencyStore,
  BlobStore,
  Clock,
  DeliveryStateChange,
  DeliveryStore,
  EvidenceStore,
  PackageReader,
  PackageStore,
  ReadPackage,
} from './ports.ts';
import { planStatusRelay } from './relay-status.ts';
import {
  checkSignatureWhileReceiving,
  judgeSignatureOnIngest,
  signatureColumns,
  signatureEvidence,
  type SignatureVerifier,
} from './verify-package-signature.ts';
import { resolveRecipients } from './resolve-recipients.ts';

export interface SendingSystem {
  readonly systemId: string;
  /** Agencies the system may send for (its grants). */
  readonly agencies: readonly string[];
}

export interface SendPackageInput {
  readonly system: SendingSystem;
  readonly body: AsyncIterable<Uint8Array>;
  /** `hash-file` header: lowercase hex SHA-256 the sender computed. */
  readonly declaredSha256?: string | undefined;
  /** `messagetype` header; when given it must match the package. */
  readonly messageType?: 'edoc' | 'status' | undefined;
  /** Recipients named outside the package (VXP `to` header), added to `To`. */
  readonly extraRecipients?: readonly string[] | undefined;
  readonly idempotencyKey?: string | undefined;
  readonly maxBytes: number;
  /** OrganId the axis writes in its TraceHeader. */
  readonly axisOrganId: string;
}

export interface SendPackageResult {
  readonly docId: string;
  /** True when this is a resend of a package already accepted: nothing new was stored. */
  readonly duplicate: boolean;
  readonly kind: 'edoc' | 'status';
  readonly deliveries: readonly { deliveryId: string; recipientCode: string; addressedCode: string | null }[];
}

export interface SendPackageDeps {
  readonly agencies: AgencyStore;
  readonly packages: PackageStore;
  readonly deliveries: DeliveryStore;
  readonly evidence: EvidenceStore;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly reader: PackageReader;
  readonly signatures?: SignatureVerifier | undefined;
  /** Axis-wide validation mode (config AXIS_VALIDATION; default lenient). */
  readonly validationMode?: ValidationMode | undefined;
}

const MAX_PLAN_ATTEMPTS = 3;

export async function sendPackage(
  deps: SendPackageDeps,
  input: SendPackageInput,
): Promise<SendPackageResult> {
  let sha256: string | null = null;
  try {
    // Issue 4: the signature is verified on the original bytes as they stream in (flat memory).
    const check = deps.signatures ? checkSignatureWhileReceiving(deps.signatures, input.body) : undefined;
    const received = await receive(deps, check ? { ...input, body: check.body } : input);
    sha256 = received.sha256;
    try {
      // One registry read per send: acceptance, signature policy and routing ask for the same codes.
      const scoped = { ...deps, agencies: memoizeAgencyLookups(deps.agencies) };
      return await accept(scoped, input, received, check?.verdict);
    } finally {
      await received.writer.abort(); // no-op once committed
    }
  } catch (err) {
    if (err instanceof AppError && String(err.code).startsWith('axis.')) {
      // Issue 3: every refusal is evidence, with its reason.
      await deps.evidence.append([
        {
          eventType: 'refused',
          docId: null,
          packageSha256: sha256,
          actor: input.system.systemId,
          at: deps.clock.now(),
          details: { code: err.code, ...jsonSafe(err.details) },
        },
      ]);
    }
    throw err;
  }
}

interface Received {
  readonly writer: BlobWriter;
  readonly sha256: string;
  readonly size: number;
  readonly parsed: ReadPackage;
}

/** Streams the body into an uncommitted blob and into the parser at the same time. */
async function receive(deps: SendPackageDeps, input: SendPackageInput): Promise<Received> {
  const writer = await deps.blobs.createWriter();
  const hash = createHash('sha256');
  const pipe = new PassThrough({ highWaterMark: 256 * 1024 });
  let size = 0;
  let parseSettled = false;
  const pump = (async () => {
    try {
      for await (const chunk of input.body) {
        size += chunk.byteLength;
        if (size > input.maxBytes)
          throw axisErrors.error('axis.package_too_large', { limitBytes: input.maxBytes });
        hash.update(chunk);
        if (parseSettled || pipe.destroyed) continue; // parser gave up: only finish hashing the upload
        await writer.write(chunk);
        // The parser may have stopped (and destroyed the pipe) while the blob write was pending.
        if (parseSettled || pipe.destroyed) continue;
        if (!pipe.write(chunk) && !pipe.destroyed) {
          await new Promise<void>((resolve) => {
            const done = () => {
              pipe.off('drain', done);
              pipe.off('close', done);
              resolve();
            };
            pipe.on('drain', done);
            pipe.on('close', done);
          });
        }
      }
      if (!pipe.destroyed) pipe.end();
    } catch (err) {
      pipe.destroy(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
  })();
  const parsing = deps.reader.read(pipe).finally(() => {
    parseSettled = true;
    if (!pipe.writableEnded) pipe.resume();
  });
  const [pumped, parsed] = await Promise.allSettled([pump, parsing]);
  try {
    if (pumped.status === 'rejected') throw pumped.reason;
    if (size === 0) throw axisErrors.error('axis.package_missing', { reason: 'empty upload' });
    const sha256 = hash.digest('hex');
    if (input.declaredSha256 !== undefined && input.declaredSha256.trim().toLowerCase() !== sha256) {
      throw axisErrors.error('axis.hash_mismatch', {
        declared: input.declaredSha256.slice(0, 64),
        actual: sha256,
      });
    }
    if (parsed.status === 'rejected') {
      const cause = parsed.reason as unknown;
      if (cause instanceof AppError) {
        throw axisErrors.error('axis.package_invalid', {
          cause: cause.code,
          reason: cause.message,
          ...jsonSafe(cause.details),
        });
      }
      throw cause;
    }
    return { writer, sha256, size, parsed: parsed.value };
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

async function accept(
  deps: SendPackageDeps,
  input: SendPackageInput,
  received: Received,
  verdict: Promise<SignatureVerdict> | undefined,
): Promise<SendPackageResult> {
  const { system } = input;
  const { sha256 } = received;

  // Idempotency (design.md §3): the same bytes from the same system return the original receipt.
  // The common case costs no read: the package insert skips a row that hits the unique index and
  // `record` answers `duplicate` (storage/group-commit-package-store.ts). A key, though, must not be
  // reused for other bytes.
  if (input.idempotencyKey) {
    const keyed = await deps.packages.findByIdempotencyKey(system.systemId, input.idempotencyKey);
    if (keyed) {
      if (keyed.sha256 === sha256) return duplicateResult(deps, keyed.docId, keyed.kind);
      throw axisErrors.error('axis.idempotency_conflict', { docId: keyed.docId });
    }
  }
  try {
    return await acceptNew(deps, input, received, verdict);
  } catch (err) {
    // A resend of a package accepted earlier keeps its original receipt even if the registry or the
    // policies changed since (a recipient suspended, a stricter mode): look it up only on refusal.
    if (err instanceof AppError) {
      const same = await deps.packages.findBySenderSha(system.systemId, sha256);
      if (same) return duplicateResult(deps, same.docId, same.kind);
    }
    throw err;
  }
}

async function acceptNew(
  deps: SendPackageDeps,
  input: SendPackageInput,
  received: Received,
  verdict: Promise<SignatureVerdict> | undefined,
): Promise<SendPackageResult> {
  const { system } = input;
  const { sha256, size } = received;
  const pkg = received.parsed.package;
  const acceptance = await judgeAcceptance(deps, input, received.parsed, pkg.header.from?.organId?.trim());
  if (input.messageType && input.messageType !== pkg.kind) {
    throw axisErrors.error('axis.messagetype_mismatch', {
      messagetype: input.messageType,
      package: pkg.kind,
    });
  }
  const from = pkg.header.from?.organId?.trim();
  if (!from) throw axisErrors.error('axis.package_invalid', { reason: 'From/OrganId is missing' });
  if (!system.agencies.includes(from)) {
    throw axisErrors.error('axis.sender_not_allowed', { systemId: system.systemId, organId: from });
  }
  const signature = await judgeSignatureOnIngest(deps, verdict, {
    kind: pkg.kind,
    agencyCodes: [
      from,
      ...pkg.header.to.map((t) => t.organId?.trim() ?? ''),
      ...(input.extraRecipients ?? []),
    ],
  });

  // design.md §3: the blob is durable before the row that references it commits. The store commits
  // it inside its transaction, after the package row went in, so a duplicate leaves no blob behind.
  let blobCommit: Promise<void> | undefined;
  const commitBlob = () => (blobCommit ??= received.writer.commit().then(() => undefined));
  for (let attempt = 1; ; attempt++) {
    const now = deps.clock.now();
    const docId = newDocId(now);
    const plan = await planSend(deps, input, pkg, from, docId, now);
    const layout = received.parsed.layout;
    const traceXml = deps.reader.traceHeaderXml(layout, {
      organId: input.axisOrganId,
      timestamp: formatEdxmlTimestamp(now),
    });
    const outcome = await deps.packages.record({
      package: {
        docId,
        senderSystem: system.systemId,
        fromOrganId: from,
        kind: pkg.kind,
        sha256,
        size,
        documentId: pkg.header.documentId?.trim() || null,
        bussinessDocType: pkg.kind === 'edoc' ? bussinessDocTypeOf(pkg) : null,
        responseForDocumentId: pkg.header.responseFor[0]?.documentId?.trim() || null,
        refDocId: plan.refDocId,
        statusCode: pkg.kind === 'status' ? (pkg.status.statusCode?.trim() ?? null) : null,
        subject: pkg.header.subject ?? null,
        notation: notationOf(pkg),
        recipientsKey: plan.recipientsKey,
        traceInsertOffset: layout.traceInsertOffset,
        traceXml,
        createdAt: now,
        ...(signature ? signatureColumns(signature.verdict) : {}),
        findings: acceptance.recorded,
      },
      deliveries: plan.deliveries,
      stateChanges: plan.changes,
      commitBlob,
      ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
      events: plan.events.map((e) => ({
        ...e,
        ...(e.eventType === 'accepted'
          ? {
              details: {
                ...e.details,
                ...(signature ? signatureEvidence(signature.verdict, signature.policy) : {}),
                // The content defects the package was accepted with (domain/acceptance-rule.ts).
                validationMode: acceptance.mode,
                findings: acceptance.recorded.map((f) => ({
                  code: f.code,
                  severity: f.severity,
                  path: f.path,
                })),
              },
            }
          : {}),
        docId,
        packageSha256: sha256,
        actor: system.systemId,
        at: now,
      })),
    });
    if (outcome.kind === 'recorded')
      return {
        docId,
        duplicate: false,
        kind: pkg.kind,
        deliveries: plan.deliveries.map((d) => ({
          deliveryId: d.id,
          recipientCode: d.recipientCode,
          addressedCode: d.addressedCode,
        })),
      };
    if (outcome.kind === 'duplicate') return duplicateResult(deps, outcome.docId, pkg.kind);
    if (attempt >= MAX_PLAN_ATTEMPTS) {
      throw axisErrors.error('axis.status_transition_invalid', {
        reason: 'the document changed concurrently; send again',
      });
    }
  }
}

/**
 * The acceptance rule (domain/acceptance-rule.ts): refuse what is undeliverable or unsafe; under
 * `strict` (axis-wide, or for the sender or any addressed agency) refuse any error-level finding.
 */
async function judgeAcceptance(
  deps: SendPackageDeps,
  input: SendPackageInput,
  parsed: ReadPackage,
  from: string | undefined,
): Promise<{ mode: ValidationMode; recorded: readonly RecordedFinding[] }> {
  const pkg = parsed.package;
  let mode = deps.validationMode ?? DEFAULT_VALIDATION_MODE;
  if (mode !== 'strict' && parsed.findings.some((f) => f.severity === 'error')) {
    // Only looked up when it can change the outcome: a clean package needs no registry read here.
    const codes = [
      from ?? '',
      ...pkg.header.to.map((t) => t.organId?.trim() ?? ''),
      ...(input.extraRecipients ?? []),
    ];
    const found = await deps.agencies.getMany([...new Set(codes.filter((c) => c !== ''))]);
    mode = strictestMode([mode, ...[...found.values()].map((a) => a.validationMode)]);
  }
  const verdict = judgeFindings(parsed.findings, pkg.kind, mode);
  if (verdict.refusing.length > 0) {
    throw axisErrors.error('axis.package_invalid', {
      reason:
        mode === 'strict'
          ? 'the package has validation errors (strict validation)'
          : 'the package cannot be delivered as it is',
      validationMode: mode,
      findings: verdict.refusing
        .slice(0, MAX_RECORDED_FINDINGS)
        .map((f) => ({ code: f.code, message: f.message ?? null, path: f.path ?? null })),
    });
  }
  return { mode, recorded: verdict.recorded };
}

type PlannedEvent = Pick<EvidenceEvent, 'eventType' | 'details'>;

interface SendPlan {
  readonly refDocId: string | null;
  readonly recipientsKey: string;
  readonly deliveries: { id: string; recipientCode: string; addressedCode: string | null }[];
  readonly changes: DeliveryStateChange[];
  readonly events: PlannedEvent[];
}

async function planSend(
  deps: SendPackageDeps,
  input: SendPackageInput,
  pkg: EdxmlPackage,
  from: string,
  docId: string,
  now: Date,
): Promise<SendPlan> {
  const events: PlannedEvent[] = [];
  if (pkg.kind === 'status') {
    const relay = await planStatusRelay(deps, pkg);
    const recipients = [...new Set(relay.recipients)];
    const deliveries = recipients.map((recipientCode) => ({
      id: newDocId(now),
      recipientCode,
      addressedCode: null,
    }));
    const changes = relay.changes.map((c) =>
      c.next.pendingRequest && c.next.pendingRequest !== c.expected.pendingRequest
        ? { ...c, next: { ...c.next, requestDocId: docId } }
        : c,
    );
    events.push({
      eventType: 'accepted',
      details: {
        kind: 'status',
        from,
        statusCode: relay.statusCode,
        refDocId: relay.refPackage.docId,
        recipients,
      },
    });
    for (const c of relay.changes) {
      events.push({
        eventType:
          relay.statusCode === '13'
            ? 'revoke_requested'
            : relay.statusCode === '15'
              ? (`${c.next.effect ?? 'revoked'}` as 'revoked' | 'updated' | 'replaced')
              : relay.statusCode === '16'
                ? 'request_refused'
                : 'status_received',
        details: {
          refDocId: relay.refPackage.docId,
          recipient: c.recipientCode,
          statusCode: relay.statusCode,
          from,
        },
      });
    }
    for (const d of deliveries)
      events.push({ eventType: 'queued', details: { deliveryId: d.id, recipient: d.recipientCode } });
    return {
      refDocId: relay.refPackage.docId,
      recipientsKey: recipients.sort().join(','),
      deliveries,
      changes,
      events,
    };
  }

  const addressed = [
    ...new Set(
      [...pkg.header.to.map((t) => t.organId?.trim() ?? ''), ...(input.extraRecipients ?? [])].filter(
        (c) => c !== '',
      ),
    ),
  ];
  if (addressed.length === 0) throw axisErrors.error('axis.recipient_missing');
  const routes = await resolveRecipients(deps.agencies, addressed, now);
  refuseUnroutable(routes);
  const finals = new Map<string, string | null>();
  for (const code of addressed) {
    const route = routes.get(code)!;
    if (route.kind !== 'deliver') continue;
    const recipient = route.recipient.code;
    if (!finals.has(recipient) || route.redirectedFrom === undefined)
      finals.set(recipient, finals.get(recipient) ?? route.redirectedFrom ?? null);
    if (route.redirectedFrom)
      events.push({ eventType: 'redirected', details: { addressed: code, recipient, chain: route.chain } });
  }
  const recipientsKey = [...finals.keys()].sort().join(',');
  const documentId = pkg.header.documentId?.trim();
  const bussinessType = bussinessDocTypeOf(pkg);
  // The DocumentId rule (the same new document to the same recipients is the same send) is enforced
  // by the unique index `packages_new_document_key`: `record` answers such a send as a duplicate.
  const deliveries = [...finals].map(([recipientCode, addressedCode]) => ({
    id: newDocId(now),
    recipientCode,
    addressedCode,
  }));
  let refDocId: string | null = null;
  let changes: DeliveryStateChange[] = [];
  const request = requestOfBussinessDocType(pkg.header.bussiness?.bussinessDocType);
  if (request) {
    const plan = await planDocumentRequest(deps, pkg, request, from, [...finals.keys(), ...addressed]);
    refDocId = plan.refPackages[0]?.docId ?? null;
    changes = plan.changes.map((c) => ({ ...c, next: { ...c.next, requestDocId: docId } }));
    for (const c of plan.changes) {
      events.push({
        eventType: `${request}_requested`,
        details: { refDocId: c.refDocId, recipient: c.recipientCode },
      });
    }
  }
  events.unshift({
    eventType: 'accepted',
    details: {
      kind: 'edoc',
      from,
      documentId: documentId ?? null,
      bussinessDocType: bussinessType,
      recipients: [...finals.keys()],
      ...(refDocId ? { refDocId } : {}),
      // For the monitor's read models: Bussiness/Paper (a paper copy follows) and DueDate (hạn xử lý).
      paper: pkg.header.bussiness?.paper?.trim() === '1',
      dueDate: pkg.header.dueDate?.trim() || null,
    },
  });
  for (const d of deliveries) {
    events.push({
      eventType: 'queued',
      details: { deliveryId: d.id, recipient: d.recipientCode, addressed: d.addressedCode },
    });
  }
  return { refDocId, recipientsKey, deliveries, changes, events };
}

/** All or nothing: one unroutable recipient refuses the whole package, naming every failure. */
function refuseUnroutable(routes: Map<string, RouteOutcome>): void {
  const failures = [...routes.values()].filter((r) => r.kind !== 'deliver');
  if (failures.length === 0) return;
  const first = failures[0]!;
  const details = {
    recipients: failures.map((f) => ({
      code: f.code,
      outcome: f.kind,
      ...(f.kind === 'retired' ? { reason: f.reason } : {}),
    })),
  };
  if (first.kind === 'unknown')
    throw axisErrors.error('axis.recipient_unknown', { ...details, organId: first.code });
  if (first.kind === 'retired')
    throw axisErrors.error('axis.recipient_retired', {
      ...details,
      organId: first.code,
      reason: first.reason,
    });
  throw axisErrors.error('axis.recipient_suspended', { ...details, organId: first.code });
}

async function duplicateResult(
  deps: SendPackageDeps,
  docId: string,
  kind: 'edoc' | 'status',
): Promise<SendPackageResult> {
  const existing = await deps.deliveries.forPackage(docId);
  return {
    docId,
    duplicate: true,
    kind,
    deliveries: existing.map((d) => ({
      deliveryId: d.id,
      recipientCode: d.recipientCode,
      addressedCode: d.addressedCode,
    })),
  };
}

/** The agency store with getMany answered from the codes already read during this one send. */
function memoizeAgencyLookups(store: AgencyStore): AgencyStore {
  const seen = new Map<string, Agency | undefined>();
  return {
    ...store,
    async getMany(codes) {
      const missing = [...new Set(codes)].filter((c) => !seen.has(c));
      if (missing.length > 0) {
        const found = await store.getMany(missing);
        for (const code of missing) seen.set(code, found.get(code));
      }
      const result = new Map<string, Agency>();
      for (const code of codes) {
        const agency = seen.get(code);
        if (agency) result.set(code, agency);
      }
      return result;
    },
  };
}

function bussinessDocTypeOf(pkg: EdxmlPackage): number {
  const value = Number(pkg.header.bussiness?.bussinessDocType?.trim() ?? '0');
  return Number.isInteger(value) && value >= 0 && value <= 3 ? value : 0;
}

function notationOf(pkg: EdxmlPackage): string | null {
  const code = pkg.header.code;
  if (code?.codeNumber || code?.codeNotation)
    return [code.codeNumber, code.codeNotation].filter(Boolean).join('/');
  return pkg.header.responseFor[0]?.code ?? null;
}

function jsonSafe(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
}
