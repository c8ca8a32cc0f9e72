/**
 * Imports an agency list (CSV or JSON), inserting or updating by code. Every row is checked before
 * anything is written: one bad row refuses the whole file with the row numbers.
 */
import { axisErrors } from '../domain/errors.ts';
import { AppError } from '../../platform/index.ts';
import type { AgencyInput, AgencyStore, Clock, EvidenceStore } from './ports.ts';
import { normaliseAgency } from './register-agency.ts';

const FIELDS: Record<string, keyof AgencyInput> = {
  code: 'code',
  code102: 'code',
  codeqd20: 'codeQd20',
  code_qd20: 'codeQd20',
  name: 'name',
  parent: 'parentCode',
  parentcode: 'parentCode',
  parent_code: 'parentCode',
  pcode: 'parentCode',
  level: 'level',
  mail: 'mail',
  email: 'mail',
  phone: 'phone',
  mobile: 'phone',
  fax: 'fax',
  validfrom: 'validFrom',
  valid_from: 'validFrom',
  validto: 'validTo',
  valid_to: 'validTo',
  successor: 'successorCode',
  successorcode: 'successorCode',
  successor_code: 'successorCode',
  status: 'status',
};

/** Splits CSV (RFC 4180 quoting, comma or semicolon separated) into records. */
export function parseCsv(text: string): string[][] {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.split(/\r?\n/, 1)[0] ?? '';
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

/** Reads agency records from a file's text; `format` from the file extension. */
export function parseAgencyFile(text: string, format: 'csv' | 'json'): Record<string, unknown>[] {
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw axisErrors.error('axis.import_invalid', { reason: `not valid JSON: ${(err as Error).message}` });
    }
    const list = Array.isArray(data) ? data : (data as { agencies?: unknown })?.agencies;
    if (!Array.isArray(list))
      throw axisErrors.error('axis.import_invalid', {
        reason: 'expected an array of agencies or {"agencies": [...]}',
      });
    return list as Record<string, unknown>[];
  }
  const [header, ...rows] = parseCsv(text);
  if (!header) throw axisErrors.error('axis.import_invalid', { reason: 'empty file' });
  const names = header.map((h) => h.trim());
  return rows.map((cells) => Object.fromEntries(names.map((name, i) => [name, cells[i]?.trim() ?? ''])));
}

function toInput(record: Record<string, unknown>): AgencyInput {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(record)) {
    const field = FIELDS[key.toLowerCase().replace(/[\s-]/g, '')] ?? FIELDS[key.toLowerCase()];
    if (!field || raw === null || raw === undefined || raw === '') continue;
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      throw axisErrors.error('axis.agency_invalid', { problems: [`${key} must be text or a number`] });
    }
    if (field === 'level') out.level = Number(raw);
    else if (field === 'validFrom' || field === 'validTo') {
      const date = new Date(String(raw));
      out[field] = Number.isNaN(date.getTime()) ? 'invalid' : date;
    } else out[field] = String(raw);
  }
  return out as unknown as AgencyInput;
}

export async function importAgencies(
  deps: { agencies: AgencyStore; evidence: EvidenceStore; clock: Clock },
  input: {
    records: readonly Record<string, unknown>[];
    actor?: string;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<{ inserted: number; updated: number; total: number }> {
  const problems: { row: number; code: unknown; problems: unknown }[] = [];
  const agencies = input.records.map((record, index) => {
    try {
      const parsed = toInput(record);
      if ((parsed.validFrom as unknown) === 'invalid' || (parsed.validTo as unknown) === 'invalid') {
        throw axisErrors.error('axis.agency_invalid', { problems: ['validFrom/validTo must be dates'] });
      }
      if (parsed.status && !['active', 'suspended', 'retired'].includes(parsed.status)) {
        throw axisErrors.error('axis.agency_invalid', {
          problems: ['status must be active, suspended or retired'],
        });
      }
      return normaliseAgency(parsed);
    } catch (err) {
      if (err instanceof AppError)
        problems.push({
          row: index + 1,
          code: record.code ?? null,
          problems: err.details.problems ?? err.message,
        });
      else throw err;
      return undefined;
    }
  });
  if (problems.length > 0) {
    throw axisErrors.error('axis.import_invalid', {
      reason: `${problems.length} invalid row(s)`,
      rows: problems.slice(0, 50),
    });
  }
  const valid = agencies.filter((a) => a !== undefined);
  const seen = new Set<string>();
  for (const a of valid) {
    if (seen.has(a.code))
      throw axisErrors.error('axis.import_invalid', { reason: `code ${a.code} appears twice` });
    seen.add(a.code);
  }
  // Parents before children so the levels and the tree stay consistent.
  valid.sort((a, b) => a.level - b.level);
  const at = deps.clock.now();
  let inserted = 0;
  let updated = 0;
  const batch = 1000;
  for (let i = 0; i < valid.length; i += batch) {
    const result = await deps.agencies.upsertMany(valid.slice(i, i + batch), at);
    inserted += result.inserted;
    updated += result.updated;
    input.onProgress?.(Math.min(i + batch, valid.length), valid.length);
  }
  await deps.evidence.append([
    {
      eventType: 'agency_changed',
      docId: null,
      packageSha256: null,
      actor: input.actor ?? null,
      at,
      details: { action: 'imported', inserted, updated },
    },
  ]);
  return { inserted, updated, total: valid.length };
}
