/**
 * Client of the VXP protocol, speaking to our axis (or to any VDXP) exactly as the official Java SDK does:
 * same paths, parameters as headers, HMAC header scheme (sign-vxp-headers.ts), `file_doc` multipart part
 * with `hash-file`. Method names follow the SDK so code ported from it reads the same.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { axisClientErrors, VxpError } from './errors.ts';
import type { Signer } from '../trust/index.ts';
import { multipartBody, preparePackage, type PackageInput } from './package-source.ts';
import { signPackage } from './sign-package.ts';
import { signVxpHeaders, type VxpParams } from './sign-vxp-headers.ts';
import type {
  VxpAgency,
  VxpAgencyQd20,
  VxpMessageType,
  VxpReceivedItem,
  VxpReceivedListFilter,
  VxpRegisterAgencyInput,
  VxpResult,
  VxpSendResult,
  VxpSentItem,
  VxpSynchronizeUnit,
  VxpTransportStatus,
} from './vxp-types.ts';

export interface VxpClientOptions {
  /** Base URL, e.g. `http://localhost:8080/vxp` (as the SDK's `service.endpoint`). */
  readonly endpoint: string;
  readonly systemId: string;
  readonly secret: string;
  readonly fetch?: typeof fetch;
  /** Clock for the `timestamp` header (tests). */
  readonly now?: () => Date;
  /** Per-request timeout in milliseconds (default 120 s; large uploads may need more). */
  readonly timeoutMs?: number;
}

export interface SendEdocOptions {
  /** Sending agency code (`From/OrganId` of the package). */
  readonly from: string;
  /** Extra recipients besides the package's `To` (sent as a JSON array in the `to` header). */
  readonly to?: readonly string[];
  readonly messagetype?: VxpMessageType;
  readonly filename?: string;
  /** Signs the package (enveloped edXML signature, src/trust) before sending it (issue 4). */
  readonly signer?: Signer;
}

export interface VxpClient {
  readonly endpoint: string;
  readonly systemId: string;
  sendEdoc(file: PackageInput, options: SendEdocOptions): Promise<VxpSendResult>;
  getReceivedEdocList(filter: VxpReceivedListFilter): Promise<VxpReceivedItem[]>;
  /** Returns the package bytes (the wire carries them base64 in `data`). */
  getEdoc(docId: string): Promise<Buffer>;
  /** Streams the package bytes. */
  downloadEdoc(docId: string): Promise<Readable>;
  updateStatus(docId: string, status: VxpTransportStatus, description?: string): Promise<VxpResult>;
  getSentEdocList(docId: string, messagetype?: VxpMessageType): Promise<VxpSentItem[]>;
  countReceiveEdoc(
    filter?: Omit<VxpReceivedListFilter, 'messagetype' | 'pageSize' | 'pageIndex'>,
  ): Promise<number>;
  countReceiveStatus(
    filter?: Omit<VxpReceivedListFilter, 'messagetype' | 'pageSize' | 'pageIndex'>,
  ): Promise<number>;
  getAgenciesList(): Promise<VxpAgency[]>;
  getAgenciesListQD20(level?: number): Promise<VxpAgencyQd20[]>;
  getSynchronizeUnit(): Promise<VxpSynchronizeUnit[]>;
  registerAgency(agency: VxpRegisterAgencyInput, params?: VxpParams): Promise<VxpResult>;
  deleteAgency(agencyCode: string): Promise<VxpResult>;
}

const SERVICE_TYPE = 'eDoc';

export function createVxpClient(options: VxpClientOptions): VxpClient {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 120_000;

  async function call(
    operation: string,
    method: 'GET' | 'POST',
    params: VxpParams,
    body?: { contentType: string; data: BodyInit | Readable; length?: number },
  ): Promise<Response> {
    const signed = signVxpHeaders(params, {
      systemId: options.systemId,
      secret: options.secret,
      now: now(),
      contentType: body?.contentType ?? (method === 'POST' ? 'application/json' : undefined),
    });
    const headers: Record<string, string> = { ...signed.headers };
    if (body?.length !== undefined) headers['Content-Length'] = String(body.length);
    const init: RequestInit & { duplex?: 'half' } = {
      method,
      headers,
      signal: AbortSignal.timeout(timeoutMs),
    };
    if (body) {
      init.body = body.data as BodyInit;
      if (body.data instanceof Readable) init.duplex = 'half';
    }
    try {
      return await doFetch(`${endpoint}/${operation}`, init);
    } catch (err) {
      throw axisClientErrors.error('axis_client.unreachable', { operation, endpoint }, { cause: err });
    }
  }

  async function json<T extends VxpResult>(operation: string, response: Response): Promise<T> {
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw axisClientErrors.error(response.ok ? 'axis_client.invalid_response' : 'axis_client.http_failed', {
        operation,
        httpStatus: response.status,
        body: text.slice(0, 200),
      });
    }
    if (typeof parsed !== 'object' || parsed === null || !('status' in parsed)) {
      throw axisClientErrors.error(response.ok ? 'axis_client.invalid_response' : 'axis_client.http_failed', {
        operation,
        httpStatus: response.status,
      });
    }
    const result = parsed as T;
    if (result.status !== 'OK' || !response.ok) {
      throw new VxpError(
        operation,
        response.status,
        String(result.ErrorCode ?? ''),
        String(result.ErrorDesc ?? ''),
      );
    }
    return result;
  }

  async function request<T extends VxpResult>(
    operation: string,
    method: 'GET' | 'POST',
    params: VxpParams,
  ): Promise<T> {
    return json<T>(operation, await call(operation, method, params));
  }

  function dataArray<T>(operation: string, result: VxpResult & { data?: unknown }): T[] {
    if (result.data === undefined || result.data === null) return [];
    if (!Array.isArray(result.data))
      throw axisClientErrors.error('axis_client.invalid_response', { operation, field: 'data' });
    return result.data as T[];
  }

  function count(operation: string, result: VxpResult & { count?: unknown }): number {
    const value = Number(result.count);
    if (!Number.isFinite(value))
      throw axisClientErrors.error('axis_client.invalid_response', { operation, field: 'count' });
    return value;
  }

  return {
    endpoint,
    systemId: options.systemId,

    async sendEdoc(file, sendOptions) {
      const signed = sendOptions.signer ? await signPackage(file, sendOptions.signer) : undefined;
      const prepared = await preparePackage(signed?.input ?? file).catch(async (err: unknown) => {
        await signed?.dispose();
        throw err;
      });
      try {
        const body = multipartBody(
          'file_doc',
          sendOptions.filename ?? 'edoc.edxml',
          'application/xml',
          prepared,
        );
        const response = await call(
          'sendEdoc',
          'POST',
          {
            from: sendOptions.from,
            servicetype: SERVICE_TYPE,
            messagetype: sendOptions.messagetype ?? 'edoc',
            to: sendOptions.to && sendOptions.to.length > 0 ? JSON.stringify(sendOptions.to) : undefined,
            'hash-file': prepared.sha256,
          },
          { contentType: body.contentType, data: body.stream, length: body.length },
        );
        const result = await json<VxpSendResult>('sendEdoc', response);
        if (typeof result.DocId !== 'string' || result.DocId === '') {
          throw axisClientErrors.error('axis_client.invalid_response', {
            operation: 'sendEdoc',
            field: 'DocId',
          });
        }
        return result;
      } finally {
        await prepared.dispose();
        await signed?.dispose();
      }
    },

    async getReceivedEdocList(filter) {
      const result = await request<VxpResult & { data?: unknown }>('getReceivedEdocList', 'POST', {
        servicetype: SERVICE_TYPE,
        messagetype: filter.messagetype,
        to: filter.to,
        fromDate: filter.fromDate,
        toDate: filter.toDate,
        status: filter.status,
        pageSize: filter.pageSize,
        pageIndex: filter.pageIndex,
      });
      return dataArray<VxpReceivedItem>('getReceivedEdocList', result);
    },

    async getEdoc(docId) {
      const result = await request<VxpResult & { data?: unknown }>('getEdoc', 'POST', { docId });
      if (typeof result.data !== 'string') {
        throw axisClientErrors.error('axis_client.invalid_response', { operation: 'getEdoc', field: 'data' });
      }
      return Buffer.from(result.data, 'base64');
    },

    async downloadEdoc(docId) {
      const response = await call('downloadEdoc', 'GET', { docId });
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || type.startsWith('application/json')) {
        // Errors come back as a VXP JSON body; a success is the raw package.
        await json('downloadEdoc', response);
        throw axisClientErrors.error('axis_client.invalid_response', { operation: 'downloadEdoc' });
      }
      if (!response.body) return Readable.from([]);
      return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    },

    updateStatus(docId, status, description) {
      return request<VxpResult>('updateStatus', 'POST', { docId, status, description });
    },

    async getSentEdocList(docId, messagetype = 'edoc') {
      const result = await request<VxpResult & { data?: unknown }>('getSentEdocList', 'POST', {
        servicetype: SERVICE_TYPE,
        messagetype,
        docId,
      });
      return dataArray<VxpSentItem>('getSentEdocList', result);
    },

    async countReceiveEdoc(filter = {}) {
      const result = await request<VxpResult & { count?: unknown }>('countReceiveEdoc', 'GET', {
        servicetype: SERVICE_TYPE,
        messagetype: 'edoc',
        ...filter,
      });
      return count('countReceiveEdoc', result);
    },

    async countReceiveStatus(filter = {}) {
      const result = await request<VxpResult & { count?: unknown }>('countReceiveStatus', 'GET', {
        servicetype: SERVICE_TYPE,
        messagetype: 'status',
        ...filter,
      });
      return count('countReceiveStatus', result);
    },

    async getAgenciesList() {
      return dataArray<VxpAgency>('getAgenciesList', await request('getAgenciesList', 'POST', {}));
    },

    async getAgenciesListQD20(level) {
      return dataArray<VxpAgencyQd20>(
        'getAgenciesListQD20',
        await request('getAgenciesListQD20', 'POST', { level }),
      );
    },

    async getSynchronizeUnit() {
      return dataArray<VxpSynchronizeUnit>(
        'getSynchronizeUnit',
        await request('getSynchronizeUnit', 'POST', {}),
      );
    },

    async registerAgency(agency, params = {}) {
      const body = JSON.stringify(agency);
      const response = await call('registerAgency', 'POST', params, {
        contentType: 'application/json',
        data: body,
      });
      return json<VxpResult>('registerAgency', response);
    },

    deleteAgency(agencyCode) {
      return request<VxpResult>('deleteAgency', 'POST', { AgencyCode: agencyCode });
    },
  };
}
