/**
 * What the axis refuses and what it carries (issue 3, guide: "existing clients work unchanged").
 *
 * A mature exchange (X-Road, eDelivery AS4, Estonia's DHX; anchors-exchange.md) refuses only what it
 * cannot deliver or must not deliver, and leaves the judgement of the CONTENT to the receiver. The
 * axis does the same: a package is refused for findings that make it undeliverable or unsafe
 * (no sender, no or repeated recipients, manifest ↔ attachment mismatch, a status without a
 * resolvable ResponseFor/StatusCode); every other validatePackage finding (a non-numeric CodeNumber,
 * an impossible date in Bussiness/DocumentId, TypeDetail 0 …) is a content defect: the package is
 * accepted and the findings (code + path) are recorded on the package and shown to the receiver.
 *
 * `strict` (per agency, or axis-wide) refuses on ANY error-level finding, for agencies that want the
 * axis to enforce QCVN 102 to the letter.
 */

export const VALIDATION_MODES = ['lenient', 'strict'] as const;
export type ValidationMode = (typeof VALIDATION_MODES)[number];
export const DEFAULT_VALIDATION_MODE: ValidationMode = 'lenient';

export function isValidationMode(value: string | undefined): value is ValidationMode {
  return value !== undefined && (VALIDATION_MODES as readonly string[]).includes(value);
}

/** A validation finding as the axis keeps it (the standards library's Finding, narrowed). */
export interface PackageFinding {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly path?: string | undefined;
  readonly message?: string | undefined;
}

/** What the axis records about a finding: small, stable, no free text the sender controls. */
export interface RecordedFinding {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly path: string | null;
}

/** Findings kept per package (row + evidence); a hostile package cannot grow the row without bound. */
export const MAX_RECORDED_FINDINGS = 50;

/** Finding codes that always make a package undeliverable, wherever they occur. */
const UNDELIVERABLE_CODES: ReadonlySet<string> = new Set([
  // standards-vn.md §1.3: at least one To, no repeated OrganId — the axis routes on To.
  'edxml.to_empty',
  'edxml.to_duplicate',
  // standards-vn.md §1.7: the manifest and the attachments must match one to one, or the receiver
  // gets references to files that are not there (or files nobody references).
  'edxml.reference_without_attachment',
  'edxml.attachment_without_reference',
  'edxml.content_id_duplicate',
]);

/** Required fields whose absence makes routing impossible (an empty value is undeliverable). */
const ROUTING_PATHS: readonly RegExp[] = [
  /^MessageHeader\/From(\/OrganId)?$/,
  /^MessageHeader\/To\[\d+\]\/OrganId$/,
];

/** Status packages (issue 3 "status relay"): the axis must know what the status is about and what it says. */
const STATUS_ROUTING_PATHS: readonly RegExp[] = [
  /(^|\/)ResponseFor(\[\d+\])?(\/DocumentId)?$/,
  /(^|\/)StatusCode$/,
];

/** True when the finding makes the package undeliverable or unsafe to deliver. */
export function isBlockingFinding(finding: PackageFinding, kind: 'edoc' | 'status'): boolean {
  if (finding.severity !== 'error') return false;
  if (UNDELIVERABLE_CODES.has(finding.code)) return true;
  const path = finding.path ?? '';
  if (
    (finding.code === 'edxml.required_missing' || finding.code === 'edxml.bad_agency_code') &&
    ROUTING_PATHS.some((p) => p.test(path))
  )
    return true;
  if (
    kind === 'status' &&
    (finding.code === 'edxml.required_missing' || finding.code === 'edxml.bad_enum') &&
    STATUS_ROUTING_PATHS.some((p) => p.test(path))
  )
    return true;
  return false;
}

export interface AcceptanceVerdict {
  /** Findings that refuse the package (empty: accepted). */
  readonly refusing: readonly PackageFinding[];
  /** Error- and warning-level findings recorded on the accepted package (capped). */
  readonly recorded: readonly RecordedFinding[];
}

/** Applies the acceptance rule under `mode`. */
export function judgeFindings(
  findings: readonly PackageFinding[],
  kind: 'edoc' | 'status',
  mode: ValidationMode,
): AcceptanceVerdict {
  const refusing = findings.filter((f) =>
    mode === 'strict' ? f.severity === 'error' : isBlockingFinding(f, kind),
  );
  const recorded = findings
    .filter((f) => f.severity !== 'info')
    // Errors first: when the cap cuts, the receiver still sees what matters most.
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
    .slice(0, MAX_RECORDED_FINDINGS)
    .map((f) => ({ code: f.code, severity: f.severity, path: f.path ?? null }));
  return { refusing, recorded };
}

/** The strictest of the modes that apply (axis-wide, sender, addressed agencies). */
export function strictestMode(modes: readonly (ValidationMode | null | undefined)[]): ValidationMode {
  return modes.includes('strict') ? 'strict' : 'lenient';
}
