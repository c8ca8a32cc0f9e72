/**
 * Client of the axis REST API (`/api/v1/axis`) for new systems: signed with the system's secret
 * (sign-rest-request.ts), packages streamed, errors surfaced as `AxisRestError` with the server's code.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { axisClientErrors, AxisRestError } from './errors.ts';
import type { Signer } from '../trust/index.ts';
import { preparePackage, type PackageInput } from './package-source.ts';
import { signPackage } from './sign-package.ts';
import { signRestRequest } from './sign-rest-request.ts';
import type {
  RestAgency,
  RestInboxPage,
  RestMessageKind,
  RestSendResult,
  RestStatsQuery,
  RestStatsRow,
  RestTimeline,
  RestWebhook,
  WebhookEvent,
} from './rest-types.ts';

export interface AxisRestClientOptions {
  /** Base URL of the server, e.g. `http://localhost:8080` (the client adds `/api/v1/axis`). */
  readonly endpoint: string;
  readonly systemId: string;
  readonly secret: string;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
  readonly timeoutMs?: number;
}

export interface RestSendOptions {
  /** Makes a retried send safe: the same key returns the first receipt. */
  readonly idempotencyKey?: string;
  /** Extra recipients besides the package's `To`. */
  readonly to?: readonly string[];
  readonly messagetype?: RestMessageKind;
  /** Signs the package (enveloped edXML signature, src/trust) before sending it (issue 4). */
  readonly signer?: Signer;
}

export interface RestInboxQuery {
  readonly agency?: string;
  readonly kind?: RestMessageKind;
  readonly cursor?: string;
  readonly limit?: number;
  /** Long-poll: wait up to this many seconds (max 30) for a delivery when the inbox is empty. */
  readonly wait?: number;
}

export interface AxisRestClient {
  send(file: PackageInput, options?: RestSendOptions): Promise<RestSendResult>;
  inbox(query?: RestInboxQuery): Promise<RestInboxPage>;
  /** Streams the package bytes (with the axis TraceHeader) of a delivery addressed to this system. */
  fetchPackage(deliveryId: string): Promise<Readable>;
  /**
   * Streams the original bytes of a delivery as the sender sent (and signed) them, without the axis
   * TraceHeader: what an XML signature over the whole package is verified against.
   */
  fetchOriginalPackage(deliveryId: string): Promise<{ stream: Readable; sha256: string | null }>;
  acknowledge(
    deliveryId: string,
    result?: 'done' | 'fail' | 'processing',
    description?: string,
  ): Promise<void>;
  timeline(docId: string): Promise<RestTimeline>;
  agencies(query?: { level?: number; parent?: string; q?: string }): Promise<RestAgency[]>;
  agency(code: string): Promise<RestAgency>;
  createWebhook(input: {
    url: string;
    events?: readonly WebhookEvent[];
  }): Promise<RestWebhook & { signingNote: string }>;
  listWebhooks(): Promise<RestWebhook[]>;
  deleteWebhook(id: string): Promise<void>;
  stats(query?: RestStatsQuery): Promise<{ rows: RestStatsRow[]; notes: string[] }>;
}

const BASE = '/api/v1/axis';

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function createAxisRestClient(options: AxisRestClientOptions): AxisRestClient {
  const origin = options.endpoint.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 120_000;

  async function call(
    method: string,
    pathWithQuery: string,
    body?: {
      contentType: string;
      data: string | Readable;
      sha256?: string;
      length?: number;
      headers?: Record<string, string>;
    },
    extraTimeoutMs = 0,
  ): Promise<Response> {
    let sha256 = body?.sha256;
    if (body && sha256 === undefined && typeof body.data === 'string') {
      sha256 = (await preparePackage(body.data)).sha256;
    }
    const headers: Record<string, string> = {
      ...signRestRequest({
        method,
        pathWithQuery,
        bodySha256: sha256,
        systemId: options.systemId,
        secret: options.secret,
        now: now(),
      }),
      ...(body?.headers ?? {}),
    };
    if (body) headers['Content-Type'] = body.contentType;
    if (body?.length !== undefined) headers['Content-Length'] = String(body.length);
    const init: RequestInit & { duplex?: 'half' } = {
      method,
      headers,
      signal: AbortSignal.timeout(timeoutMs + extraTimeoutMs),
    };
    if (body) {
      init.body = body.data as BodyInit;
      if (body.data instanceof Readable) init.duplex = 'half';
    }
    let response: Response;
    try {
      response = await doFetch(origin + pathWithQuery, init);
    } catch (err) {
      throw axisClientErrors.error(
        'axis_client.unreachable',
        { endpoint: origin, path: pathWithQuery },
        { cause: err },
      );
    }
    if (!response.ok) await raise(response);
    return response;
  }

  async function raise(response: Response): Promise<never> {
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const error = (parsed as { error?: { code?: unknown } } | undefined)?.error;
    if (error && typeof error.code === 'string') {
      throw new AxisRestError(response.status, error as { code: string });
    }
    throw axisClientErrors.error('axis_client.http_failed', {
      httpStatus: response.status,
      body: text.slice(0, 200),
    });
  }

  async function json<T>(
    method: string,
    pathWithQuery: string,
    body?: unknown,
    extraTimeoutMs = 0,
  ): Promise<T> {
    const response = await call(
      method,
      pathWithQuery,
      body === undefined ? undefined : { contentType: 'application/json', data: JSON.stringify(body) },
      extraTimeoutMs,
    );
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch (err) {
      throw axisClientErrors.error('axis_client.invalid_response', { path: pathWithQuery }, { cause: err });
    }
  }

  return {
    async send(file, sendOptions = {}) {
      const signed = sendOptions.signer ? await signPackage(file, sendOptions.signer) : undefined;
      const prepared = await preparePackage(signed?.input ?? file).catch(async (err: unknown) => {
        await signed?.dispose();
        throw err;
      });
      try {
        const path = `${BASE}/packages${query({
          to: sendOptions.to && sendOptions.to.length > 0 ? sendOptions.to.join(',') : undefined,
          messagetype: sendOptions.messagetype,
        })}`;
        const response = await call('POST', path, {
          contentType: 'application/xml',
          data: prepared.open(),
          sha256: prepared.sha256,
          length: prepared.size,
          headers: sendOptions.idempotencyKey ? { 'Idempotency-Key': sendOptions.idempotencyKey } : {},
        });
        return (await response.json()) as RestSendResult;
      } finally {
        await prepared.dispose();
        await signed?.dispose();
      }
    },

    inbox(inboxQuery = {}) {
      return json<RestInboxPage>(
        'GET',
        `${BASE}/inbox${query({ ...inboxQuery })}`,
        undefined,
        (inboxQuery.wait ?? 0) * 1000,
      );
    },

    async fetchPackage(deliveryId) {
      const response = await call('GET', `${BASE}/deliveries/${encodeURIComponent(deliveryId)}/package`);
      if (!response.body) return Readable.from([]);
      return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    },

    async fetchOriginalPackage(deliveryId) {
      const response = await call(
        'GET',
        `${BASE}/deliveries/${encodeURIComponent(deliveryId)}/package/original`,
      );
      const sha256 = response.headers.get('x-original-sha256');
      const stream = response.body
        ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)
        : Readable.from([]);
      return { stream, sha256 };
    },

    async acknowledge(deliveryId, result = 'done', description) {
      await json('POST', `${BASE}/deliveries/${encodeURIComponent(deliveryId)}/ack`, {
        result,
        ...(description ? { description } : {}),
      });
    },

    timeline(docId) {
      return json<RestTimeline>('GET', `${BASE}/packages/${encodeURIComponent(docId)}/timeline`);
    },

    async agencies(agencyQuery = {}) {
      const page = await json<{ items: RestAgency[] }>('GET', `${BASE}/agencies${query({ ...agencyQuery })}`);
      return page.items;
    },

    agency(code) {
      return json<RestAgency>('GET', `${BASE}/agencies/${encodeURIComponent(code)}`);
    },

    createWebhook(input) {
      return json('POST', `${BASE}/webhooks`, input);
    },

    async listWebhooks() {
      return (await json<{ items: RestWebhook[] }>('GET', `${BASE}/webhooks`)).items;
    },

    async deleteWebhook(id) {
      await json('DELETE', `${BASE}/webhooks/${encodeURIComponent(id)}`);
    },

    stats(statsQuery = {}) {
      return json('GET', `${BASE}/stats${query({ ...statsQuery })}`);
    },
  };
}
