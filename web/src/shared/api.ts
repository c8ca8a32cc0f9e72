// Fetch helper for the REST API: same-origin cookies, the CSRF double-submit header (the server sets
// the `lt_csrf` cookie at login and checks that `x-csrf-token` repeats it on every unsafe request),
// JSON in and out, and one error type carrying the server's bilingual message.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageVi: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(
    status: number,
    code: string,
    message: string,
    messageVi: string,
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.messageVi = messageVi;
    this.details = details;
  }
}

export const CSRF_COOKIE = 'lt_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function csrfHeaders(method: string): Record<string, string> {
  if (method === 'GET' || method === 'HEAD') return {};
  const token = readCookie(CSRF_COOKIE);
  return token ? { [CSRF_HEADER]: token } : {};
}

async function toError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as {
      error?: { code?: string; message?: string; messageVi?: string; details?: Record<string, unknown> };
    };
    const e = body.error ?? {};
    return new ApiError(
      response.status,
      e.code ?? 'http.' + response.status,
      e.message ?? response.statusText,
      e.messageVi ?? e.message ?? response.statusText,
      e.details,
    );
  } catch {
    return new ApiError(response.status, 'http.' + response.status, response.statusText, response.statusText);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...csrfHeaders(method) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Multipart upload with progress (fetch has no upload progress). */
export function upload<T>(path: string, form: FormData, onProgress?: (percent: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(csrfHeaders('POST'))) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'http.network', 'Network error', 'Lỗi kết nối mạng'));
    xhr.onload = () => {
      const response = new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText });
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
      } else {
        void toError(response).then(reject);
      }
    };
    xhr.send(form);
  });
}

/** The message to show for an error, in the user's language. */
export function errorText(err: unknown, lang: 'vi' | 'en'): string {
  if (err instanceof ApiError) return lang === 'vi' ? err.messageVi : err.message;
  return err instanceof Error ? err.message : String(err);
}
