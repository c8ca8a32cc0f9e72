// Client of /api/v1/monitor. The dashboard belongs to the Government Office working group: requests
// carry its operator token (Authorization: Bearer), kept for this browser tab only (sessionStorage).
import { ApiError } from '../../shared/api.ts';

const TOKEN_KEY = 'lt.monitor.token';
export const MONITOR_API = '/api/v1/monitor';

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Private browsing: the token lasts for this page only.
  }
}

async function request(path: string, token: string): Promise<Response> {
  const response = await fetch(`${MONITOR_API}${path}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  if (!response.ok) {
    let code = `http.${response.status}`;
    let message = response.statusText;
    let messageVi = response.statusText;
    try {
      const body = (await response.json()) as {
        error?: { code?: string; message?: string; messageVi?: string };
      };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
      messageVi = body.error?.messageVi ?? message;
    } catch {
      // not JSON
    }
    throw new ApiError(response.status, code, message, messageVi);
  }
  return response;
}

export async function getJson<T>(path: string, token: string): Promise<T> {
  return (await (await request(path, token)).json()) as T;
}

/** Downloads an export (CSV or Excel) with the token, then saves it under the server's file name. */
export async function download(path: string, token: string): Promise<void> {
  const response = await request(path, token);
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'giam-sat';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export type Funnel = Record<'none' | '01' | '02' | '03' | '04' | '05' | '06', number>;

export interface Shares {
  documentsSent: number;
  documentsReceived: number;
  signedShare: number;
  signedValidShare: number;
  paperlessShare: number;
  sameDayAcknowledgedShare: number;
  acknowledged: number;
  acknowledgedSameDay: number;
  completed: number;
  completedShare: number;
  completedLate: number;
  returned: number;
  revoked: number;
  funnel: Funnel;
}

export interface Summary extends Shares {
  period: { from: string; to: string };
  level: number | null;
  agency: string | null;
  agencies: number;
  agenciesConnected: number;
  overdueOpen: number;
  medianAckMinutes: number | null;
  medianCompleteMinutes: number | null;
  registryByLevel: { level: number; total: number; connected: number }[];
  projection: { seq: number; evidenceHead: number; lag: number; updatedAt: string | null };
}

export interface SeriesItem extends Shares {
  period: string;
}

export interface LevelItem extends Shares {
  level: number;
  agencies: number;
  agenciesConnected: number;
}

export interface AgencyItem extends Shares {
  rank: number;
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
  lastSeenAt: string | null;
  score: number;
}

export interface TargetItem {
  group: 'ministry' | 'province' | 'district';
  target: number;
  actual: number;
  agencies: number;
  documentsSent: number;
  met: boolean;
}

export interface DocumentItem {
  docId: string;
  fromCode: string;
  toCode: string;
  sentAt: string;
  dueAt: string | null;
  signed: boolean;
  paper: boolean;
  progress: string | null;
  ackedAt: string | null;
  completedAt: string | null;
  effect: string | null;
  overdue: boolean;
}

export interface Comparison {
  a: Summary;
  b: Summary;
  change: Record<string, number>;
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}
