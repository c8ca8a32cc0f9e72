/**
 * The legacy VXP protocol (standards-vn §2.2, §2.7), mounted under `/vxp`: the official SDK's
 * `service.endpoint` is then `http://host:port/vxp`. Parameters come from the signed headers; every
 * answer is `{status, ErrorCode, ErrorDesc, …}`. Failures answer HTTP 200 with status FAIL (the SDK
 * reads the JSON, not the HTTP status), except downloadEdoc (a file body: errors use HTTP 4xx with
 * the same JSON) and rate limiting (429).
 */
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, platformErrors } from '../../platform/index.ts';
import { isRetired } from '../domain/agency.ts';
import { axisErrors } from '../domain/errors.ts';
import { parseDateFilter } from '../domain/vietnam-time.ts';
import { acknowledgeDelivery, parseTransportAck } from '../use-cases/acknowledge-delivery.ts';
import { fetchPackage } from '../use-cases/fetch-package.ts';
import { countInbox, listInbox, type InboxInput } from '../use-cases/list-inbox.ts';
import { listSent } from '../use-cases/list-sent.ts';
import type { AxisStores, TransportState } from '../use-cases/ports.ts';
import { listAgencies, registerAgency, retireAgency } from '../use-cases/register-agency.ts';
import { sendPackage } from '../use-cases/send-package.ts';
import { authenticateVxpRequest, type VxpAuthentication } from './authenticate-vxp-request.ts';
import { VXP_OK, vxpFailure } from './vxp-error-codes.ts';
import { agencyItem, agencyQd20Item, receivedItem, sentItem, synchronizeUnitItem } from './vxp-presenters.ts';

export interface VxpRoutesOptions {
  readonly stores: AxisStores;
  readonly timestampWindowSeconds: number;
  readonly maxPackageBytes: number;
  /** OrganId written in the axis TraceHeader. */
  readonly axisOrganId: string;
  /** Requests per minute per system (default 60 000). */
  readonly rateLimitPerMinute?: number;
}

const OK = { status: 'OK', ErrorCode: VXP_OK, ErrorDesc: '' } as const;

type Handler = (
  req: FastifyRequest,
  auth: VxpAuthentication,
  reply: FastifyReply,
) => Promise<Record<string, unknown> | undefined>;

function intParam(params: ReadonlyMap<string, string>, name: string): number | undefined {
  const raw = params.get(name.toLowerCase());
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^-?\d{1,9}$/.test(raw.trim()))
    throw axisErrors.error('axis.paging_invalid', { [name]: raw.slice(0, 20) });
  return Number(raw);
}

function dateParam(params: ReadonlyMap<string, string>, name: string, endOfDay: boolean): Date | undefined {
  const raw = params.get(name.toLowerCase());
  if (raw === undefined || raw.trim() === '') return undefined;
  const date = parseDateFilter(raw, endOfDay);
  if (!date)
    throw axisErrors.error('axis.request_invalid', {
      reason: `${name} must be dd/MM/yyyy, yyyy-MM-dd or ISO 8601`,
    });
  return date;
}

function messageTypeParam(
  params: ReadonlyMap<string, string>,
  fallback: 'edoc' | 'status' | undefined,
): 'edoc' | 'status' {
  const raw = params.get('messagetype')?.trim().toLowerCase();
  if (raw === undefined || raw === '') {
    if (fallback) return fallback;
    throw axisErrors.error('axis.request_invalid', { reason: 'messagetype (edoc or status) is required' });
  }
  if (raw !== 'edoc' && raw !== 'status')
    throw axisErrors.error('axis.request_invalid', { reason: 'messagetype must be edoc or status' });
  return raw;
}

const STATES: readonly TransportState[] = ['pending', 'processing', 'done', 'failed'];

function inboxFilter(
  auth: VxpAuthentication,
  kind: 'edoc' | 'status',
): Omit<InboxInput, 'pageSize' | 'pageIndex'> {
  const p = auth.params;
  const status = p.get('status')?.trim().toLowerCase();
  if (status && !STATES.includes(status as TransportState)) {
    throw axisErrors.error('axis.request_invalid', { reason: `status must be one of ${STATES.join(', ')}` });
  }
  return {
    systemAgencies: auth.system.agencies,
    to: p.get('to')?.trim() || undefined,
    kind,
    states: status ? [status as TransportState] : undefined,
    from: dateParam(p, 'fromDate', false),
    until: dateParam(p, 'toDate', true),
  };
}

/** `to` header of sendEdoc: a JSON array of codes (SDK), or a comma-separated list. */
function recipientsParam(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim();
  if (text.startsWith('[')) {
    let list: unknown;
    try {
      list = JSON.parse(text);
    } catch {
      throw axisErrors.error('axis.request_invalid', { reason: 'to must be a JSON array of agency codes' });
    }
    if (!Array.isArray(list) || list.length > 1000)
      throw axisErrors.error('axis.request_invalid', { reason: 'to must be a JSON array of agency codes' });
    return list
      .map((item: unknown) =>
        typeof item === 'string'
          ? item
          : typeof (item as { code?: unknown })?.code === 'string'
            ? (item as { code: string }).code
            : '',
      )
      .map((c) => c.trim())
      .filter(Boolean);
  }
  return text
    .split(/[,;]/)
    .map((c) => c.trim())
    .filter(Boolean);
}

/**
 * After a refused upload the client is usually still sending: read and drop the rest so it gets the
 * JSON answer instead of a reset connection — up to a bound, past which the socket is closed.
 */
function discardRequestBody(req: FastifyRequest, maxPackageBytes: number): void {
  const raw = req.raw;
  if (raw.readableEnded || raw.destroyed) return;
  const limit = 2 * maxPackageBytes + 1024 * 1024;
  let dropped = 0;
  raw.unpipe();
  raw.removeAllListeners('data');
  raw.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limit) raw.socket.destroy();
  });
  raw.resume();
}

export async function vxpRoutes(app: FastifyInstance, options: VxpRoutesOptions): Promise<void> {
  const { stores } = options;

  // The SDK sends `Content-Type: application/json` with an empty body on most calls.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_req, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(axisErrors.error('axis.request_invalid', { reason: 'the body is not valid JSON' }), undefined);
      }
    },
  );
  await app.register(multipart, {
    limits: { fileSize: options.maxPackageBytes + 1, files: 1, fields: 20, parts: 25, headerPairs: 100 },
  });
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? 60_000,
    timeWindow: 60_000,
    keyGenerator: (req) => {
      const id = req.headers['systemid'];
      return `vxp:${typeof id === 'string' ? id.slice(0, 100) : req.ip}`;
    },
    errorResponseBuilder: () =>
      Object.assign(platformErrors.error('platform.rate_limited'), { statusCode: 429 }),
  });
  // Errors raised before a handler runs (rate limit, body parsing) still answer in the VXP shape.
  app.setErrorHandler((raw, req, reply) => {
    let err: AppError;
    if (raw instanceof AppError) err = raw as AppError;
    else if ((raw as { statusCode?: number }).statusCode === 413)
      err = axisErrors.error('axis.package_too_large', { limitBytes: options.maxPackageBytes });
    else if (
      typeof (raw as { statusCode?: number }).statusCode === 'number' &&
      (raw as { statusCode: number }).statusCode < 500
    ) {
      err = axisErrors.error('axis.request_invalid', { reason: (raw as Error).message });
    } else {
      req.log.error({ err: raw }, 'vxp request failed');
      err = platformErrors.error('platform.internal');
    }
    return reply.status(err.code === 'platform.rate_limited' ? 429 : 200).send(vxpFailure(err));
  });

  function failureStatus(err: AppError, fileRoute: boolean): number {
    if (err.code === 'platform.rate_limited') return 429;
    return fileRoute ? err.status : 200;
  }

  function route(
    method: 'GET' | 'POST',
    path: string,
    handler: Handler,
    fileRoute = false,
    upload = false,
  ): void {
    const run = async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        const auth = await authenticateVxpRequest(stores, req.headers, options.timestampWindowSeconds);
        const body = await handler(req, auth, reply);
        if (body === undefined) return reply; // the handler streamed its answer
        return reply.send({ ...OK, ...body });
      } catch (raw) {
        let err: AppError;
        if (raw instanceof AppError) err = raw as AppError;
        else if ((raw as { code?: string })?.code === 'FST_REQ_FILE_TOO_LARGE') {
          err = axisErrors.error('axis.package_too_large', { limitBytes: options.maxPackageBytes });
        } else if ((raw as { statusCode?: number })?.statusCode === 429)
          err = platformErrors.error('platform.rate_limited');
        else {
          req.log.error({ err: raw }, 'vxp request failed');
          err = platformErrors.error('platform.internal');
        }
        if (err.status >= 500) req.log.error({ code: err.code }, 'vxp failure');
        else req.log.info({ code: err.code }, 'vxp refused');
        if (upload) discardRequestBody(req, options.maxPackageBytes);
        return reply.status(failureStatus(err, fileRoute)).send(vxpFailure(err));
      }
    };
    app.route({ method, url: path, schema: { hide: true }, handler: run });
    // Some deployments call the same operations with GET/POST swapped; accept both where harmless.
  }

  route(
    'POST',
    '/sendEdoc',
    async (req, auth) => {
      const p = auth.params;
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > options.maxPackageBytes + 64 * 1024)
        throw axisErrors.error('axis.package_too_large', { limitBytes: options.maxPackageBytes });
      if (!req.isMultipart())
        throw axisErrors.error('axis.package_missing', {
          reason: 'expected multipart/form-data with a part named file_doc',
        });
      const messageType = messageTypeParam(p, 'edoc');
      for await (const part of req.parts()) {
        if (part.type !== 'file' || part.fieldname !== 'file_doc') {
          if (part.type === 'file') part.file.resume();
          continue;
        }
        const result = await sendPackage(stores, {
          system: { systemId: auth.system.systemId, agencies: auth.system.agencies },
          body: part.file,
          declaredSha256: p.get('hash-file'),
          messageType,
          extraRecipients: messageType === 'edoc' ? recipientsParam(p.get('to')) : undefined,
          maxBytes: options.maxPackageBytes,
          axisOrganId: options.axisOrganId,
        });
        return { DocId: result.docId };
      }
      throw axisErrors.error('axis.package_missing', { reason: 'no part named file_doc' });
    },
    false,
    true,
  );

  route('POST', '/getReceivedEdocList', async (_req, auth) => {
    const filter = inboxFilter(auth, messageTypeParam(auth.params, 'edoc'));
    const items = await listInbox(stores, {
      ...filter,
      pageSize: intParam(auth.params, 'pageSize'),
      pageIndex: intParam(auth.params, 'pageIndex'),
    });
    return { data: items.map(receivedItem) };
  });

  for (const [path, kind] of [
    ['/countReceiveEdoc', 'edoc'],
    ['/countReceiveStatus', 'status'],
  ] as const) {
    const handler: Handler = async (_req, auth) => ({
      count: await countInbox(stores, inboxFilter(auth, kind)),
    });
    route('GET', path, handler);
    route('POST', path, handler);
  }

  route('POST', '/getEdoc', async (_req, auth, reply) => {
    const fetched = await fetchPackage(stores, {
      systemId: auth.system.systemId,
      systemAgencies: auth.system.agencies,
      docId: auth.params.get('docid') ?? '',
    });
    // The SDK reads `data` as base64 inside a JSON object; streamed, so a 20 MB package never
    // becomes a 27 MB string in memory.
    const prefix = JSON.stringify({ ...OK, data: '' }).slice(0, -2);
    void reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-length', String(prefix.length + 4 * Math.ceil(fetched.size / 3) + 2))
      .send(Readable.from(base64Json(prefix, fetched.open())));
    return undefined;
  });

  const download: Handler = async (_req, auth, reply) => {
    const fetched = await fetchPackage(stores, {
      systemId: auth.system.systemId,
      systemAgencies: auth.system.agencies,
      docId: auth.params.get('docid') ?? '',
    });
    void reply
      .header('content-type', 'application/xml; charset=utf-8')
      .header('content-length', String(fetched.size))
      .header('content-disposition', `attachment; filename="${fetched.delivery.id}.edxml"`)
      .send(fetched.open());
    return undefined;
  };
  route('GET', '/downloadEdoc', download, true);
  route('POST', '/downloadEdoc', download, true);

  route('POST', '/updateStatus', async (_req, auth) => {
    const p = auth.params;
    await acknowledgeDelivery(stores, {
      systemId: auth.system.systemId,
      systemAgencies: auth.system.agencies,
      docId: p.get('docid') ?? '',
      status: parseTransportAck(p.get('status')),
      description: p.get('description'),
    });
    return {};
  });

  route('POST', '/getSentEdocList', async (_req, auth) => {
    const p = auth.params;
    const rows = await listSent(stores, {
      systemId: auth.system.systemId,
      docId: p.get('docid'),
      kind: p.get('messagetype') ? messageTypeParam(p, undefined) : undefined,
      ...(intParam(p, 'pageSize') !== undefined ? { pageSize: intParam(p, 'pageSize')! } : {}),
      ...(intParam(p, 'pageIndex') !== undefined ? { pageIndex: intParam(p, 'pageIndex')! } : {}),
    });
    return { data: rows.map(sentItem) };
  });

  route('POST', '/getAgenciesList', async () => {
    // Current agencies only: retired codes are still routed to their successors, but a system
    // choosing recipients should see the successor (getSynchronizeUnit shows both, with `deleted`).
    const now = stores.clock.now();
    const all = (await listAgencies(stores)).filter((a) => !isRetired(a, now));
    const byCode = new Map(all.map((a) => [a.code, a]));
    return { data: all.map((a) => agencyItem(a, byCode)) };
  });

  route('POST', '/getAgenciesListQD20', async (_req, auth) => {
    const level = intParam(auth.params, 'level');
    if (level !== undefined && (level < 1 || level > 4))
      throw axisErrors.error('axis.request_invalid', { reason: 'level must be 1–4' });
    const now = stores.clock.now();
    const all = (await listAgencies(stores, level === undefined ? {} : { level })).filter(
      (a) => !isRetired(a, now),
    );
    return { data: all.map(agencyQd20Item) };
  });

  route('POST', '/getSynchronizeUnit', async () => {
    const all = await listAgencies(stores, { includeDeleted: true });
    const byCode = new Map(all.map((a) => [a.code, a]));
    return { data: all.map((a) => synchronizeUnitItem(a, byCode)) };
  });

  route('POST', '/registerAgency', async (req, auth) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
    const code = str(body.code);
    const name = str(body.name);
    if (!code || !name)
      throw axisErrors.error('axis.agency_invalid', { problems: ['code and name are required'] });
    const parentCode = str(body.pcode);
    await registerAgency(stores, {
      code,
      name,
      ...(parentCode ? { parentCode } : {}),
      mail: str(body.mail) ?? null,
      phone: str(body.mobile) ?? null,
      fax: str(body.fax) ?? null,
      actor: auth.system.systemId,
      system: auth.system,
    });
    return {};
  });

  route('POST', '/deleteAgency', async (_req, auth) => {
    const code = auth.params.get('agencycode')?.trim();
    if (!code) throw axisErrors.error('axis.request_invalid', { reason: 'AgencyCode is required' });
    await retireAgency(stores, { code, actor: auth.system.systemId, system: auth.system });
    return {};
  });
}

/** `prefix` + base64 of `bytes` + `"}`: a JSON object whose last string member is the encoded bytes. */
async function* base64Json(prefix: string, bytes: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  yield Buffer.from(prefix, 'utf8');
  let carry = Buffer.alloc(0);
  for await (const chunk of bytes) {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
    const whole = data.length - (data.length % 3);
    if (whole > 0) yield Buffer.from(data.subarray(0, whole).toString('base64'), 'latin1');
    carry = data.subarray(whole);
  }
  yield Buffer.from(`${carry.toString('base64')}"}`, 'latin1');
}
