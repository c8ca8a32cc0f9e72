/**
 * Signature check of a package on ingest (issue 4 "Axis integration"). The verifier reads the ORIGINAL
 * bytes as they stream in — the same chunks that go to the blob store and the parser, through a
 * bounded pipe with back-pressure, so memory stays flat for packages of any size and the blob is
 * never read back. The verdict is known before the send's transaction, so a refusal stores nothing.
 */
import { PassThrough } from 'node:stream';
import {
  DEFAULT_SIGNATURE_POLICY,
  judgeSignature,
  strictestPolicy,
  type SignaturePolicy,
  type SignatureVerdict,
} from '../domain/signature-policy.ts';
import { axisErrors } from '../domain/errors.ts';
import type { Agency } from '../domain/agency.ts';
import type { AgencyStore } from './ports.ts';

/** Successor chains longer than this are cut (the registry refuses cycles; this bounds the look-ups). */
const MAX_SUCCESSOR_DEPTH = 8;

/** Verifies the XML signature of a package read from a stream (src/trust behind a port). */
export interface SignatureVerifier {
  /** False when the axis has no trust anchors (verdicts then cover integrity only). */
  readonly chainChecked: boolean;
  verify(source: AsyncIterable<Uint8Array>): Promise<SignatureVerdict>;
}

export interface SignatureCheck {
  /** The upload, unchanged; iterate it instead of the original body. */
  readonly body: AsyncIterable<Uint8Array>;
  /** Settles after `body` has been read to its end. */
  readonly verdict: Promise<SignatureVerdict>;
}

/** Tees `body` into `verifier` while the caller consumes it. */
export function checkSignatureWhileReceiving(
  verifier: SignatureVerifier,
  body: AsyncIterable<Uint8Array>,
): SignatureCheck {
  const pipe = new PassThrough({ highWaterMark: 256 * 1024 });
  let settled = false;
  const verdict = verifier.verify(pipe).finally(() => {
    // The verifier may stop early (malformed XML): never wait for it again, let the upload go on.
    settled = true;
    if (!pipe.destroyed) pipe.destroy();
  });
  // Refused uploads never await the verdict: keep its rejection from going unhandled.
  verdict.catch(() => undefined);
  async function* tapped(): AsyncGenerator<Uint8Array> {
    let complete = false;
    try {
      for await (const chunk of body) {
        if (!settled && !pipe.destroyed && !pipe.write(chunk)) await drainedOrClosed(pipe);
        yield chunk;
      }
      complete = true;
    } finally {
      if (!pipe.destroyed) {
        if (complete) pipe.end();
        else pipe.destroy(new Error('upload interrupted'));
      }
    }
  }
  return { body: tapped(), verdict };
}

function drainedOrClosed(pipe: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      pipe.off('drain', done);
      pipe.off('close', done);
      resolve();
    };
    pipe.on('drain', done);
    pipe.on('close', done);
  });
}

/**
 * Applies the strictest signature policy of the sender and the addressed agencies; throws
 * `axis.signature_required|invalid|weak` with the verification problems in the details.
 */
export async function enforceSignaturePolicy(
  deps: { agencies: AgencyStore },
  input: { verdict: SignatureVerdict; agencyCodes: readonly string[] },
): Promise<SignaturePolicy> {
  const found = new Map<string, Agency>();
  // A document to a retired code goes to its successor (design.md §3): the successor's policy applies too.
  let codes = [...new Set(input.agencyCodes)];
  for (let depth = 0; codes.length > 0 && depth < MAX_SUCCESSOR_DEPTH; depth++) {
    const agencies = await deps.agencies.getMany(codes);
    for (const a of agencies.values()) found.set(a.code, a);
    codes = [...agencies.values()]
      .map((a) => a.successorCode)
      .filter((c): c is string => c !== null && !found.has(c));
  }
  const policy = strictestPolicy(
    [...found.values()].map((a) => a.signaturePolicy ?? DEFAULT_SIGNATURE_POLICY),
  );
  const refusal = judgeSignature(policy, input.verdict);
  if (refusal) {
    const { verdict } = input;
    throw axisErrors.error(refusal, {
      policy,
      agencies: [...found.values()].filter((a) => a.signaturePolicy === policy).map((a) => a.code),
      signatureStatus: verdict.status,
      signer: verdict.signerSubject,
      algorithm: verdict.algorithm,
      weak: verdict.weak,
      chainChecked: verdict.chainChecked,
      problems: verdict.problems.map((p) => ({ code: p.code, severity: p.severity, en: p.en, vi: p.vi })),
    });
  }
  return policy;
}

/**
 * The send path's step: awaits the verdict of the streamed check and enforces the policy. Decree 30/2020
 * asks for signatures on documents, so only edoc packages are judged; status packages (transport and
 * business acknowledgements, unsigned in the SDK) are recorded with their verdict and never refused.
 */
export async function judgeSignatureOnIngest(
  deps: { agencies: AgencyStore },
  pending: Promise<SignatureVerdict> | undefined,
  pkg: { kind: 'edoc' | 'status'; agencyCodes: readonly string[] },
): Promise<{ verdict: SignatureVerdict; policy: SignaturePolicy } | undefined> {
  if (!pending) return undefined;
  let verdict: SignatureVerdict;
  try {
    verdict = await pending;
  } catch (err) {
    // The verifier itself failed (e.g. an unreadable trust folder): nothing was established.
    verdict = {
      signed: false,
      status: 'indeterminate',
      chainChecked: false,
      signerSubject: null,
      algorithm: null,
      weak: false,
      problems: [
        {
          code: 'axis.signature_check_failed',
          severity: 'error',
          vi: 'Không kiểm tra được chữ ký số',
          en: `The signature could not be checked: ${err instanceof Error ? err.message : String(err)}`.slice(
            0,
            300,
          ),
        },
      ],
    };
  }
  if (pkg.kind !== 'edoc') return { verdict, policy: DEFAULT_SIGNATURE_POLICY };
  const codes = pkg.agencyCodes.filter((c) => c !== '');
  const policy = await enforceSignaturePolicy(deps, { verdict, agencyCodes: codes });
  return { verdict, policy };
}

/** Columns of the package row (schema `axis.packages`). */
export function signatureColumns(verdict: SignatureVerdict) {
  return {
    signed: verdict.signed,
    signatureStatus: verdict.status,
    signatureChainChecked: verdict.chainChecked,
    signerSubject: verdict.signerSubject,
    signatureAlgorithm: verdict.algorithm,
    signatureWeak: verdict.weak,
  };
}

/**
 * Fields of the `accepted` evidence event. `signed` and `signatureValid` are what the monitor's
 * projector reads (src/monitor/storage/axis-evidence-source.ts); `signature` carries the rest.
 */
export function signatureEvidence(verdict: SignatureVerdict, policy: SignaturePolicy) {
  return {
    signed: verdict.signed,
    signatureValid: verdict.status === 'valid',
    signature: {
      status: verdict.status,
      chainChecked: verdict.chainChecked,
      signer: verdict.signerSubject,
      algorithm: verdict.algorithm,
      weak: verdict.weak,
      policy,
      problems: verdict.problems.filter((p) => p.severity === 'error').map((p) => p.code),
    },
  };
}
