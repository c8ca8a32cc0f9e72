/**
 * The axis REST API for new systems, under /api/v1/axis (issue 3 "REST API"). Thin handlers: each
 * authenticates the system (rest-auth.ts), scopes to the agencies it serves, and calls the same use
 * cases as the VXP routes; no exchange rule lives here.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { axisApiErrors } from '../domain/api-errors.ts';
import { axisErrors } from '../domain/errors.ts';
import { acknowledgeDelivery } from '../use-cases/acknowledge-delivery.ts';
import { fetchPackage, findDelivery } from '../use-cases/fetch-package.ts';
import { getStatistics, type StatisticsStore } from '../use-cases/get-statistics.ts';
import { deleteWebhook, listWebhooks, registerWebhook } from '../use-cases/manage-webhooks.ts';
import type { AxisStores, DeliveryRecord } from '../use-cases/ports.ts';
import { sendPackage } from '../use-cases/send-package.ts';
import type { WebhookRecord, WebhookStore } from '../use-cases/webhook-ports.ts';
import type { InboxNotifier } from '../storage/inbox-notifier.ts';
import type { InboxPageItem, InboxPageStore } from '../storage/inbox-page-store.ts';
import { agenciesFor, createRestAuthenticator, type AuthenticatedSystem } from './rest-auth.ts';
import {
  AckBody,
  AckResponse,
  AgencyList,
  AgencyParams,
  AgencyQuery,
  Agency as AgencySchema,
  DeliveryParams,
  ErrorResponse,
  InboxQuery,
  InboxResponse,
  PackageParams,
  SendQuery,
  SendResponse,
  StatsQuery,
  StatsResponse,
  TimelineResponse,
  WebhookBody,
  WebhookCreated,
  WebhookList,
  WebhookParams,
} from './schemas.ts';

export const REST_PREFIX = '/api/v1/axis';
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
const RAW_TYPES = ['application/xml', 'text/xml', 'application/octet-stream'];

export interface AxisRestDeps {
  readonly stores: AxisStores;
  readonly webhooks: WebhookStore;
  readonly statistics: StatisticsStore;
  readonly inboxPages: InboxPageStore;
  readonly notifier: InboxNotifier;
  readonly maxPackageBytes: number;
  readonly timestampWindowSeconds: number;
  /** OrganId the axis writes in its TraceHeader. */
  readonly axisOrganId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    axisSystem?: AuthenticatedSystem;
    axisBodyVerified?: boolean;
  }
}

function system(req: FastifyRequest): AuthenticatedSystem {
  if (!req.axisSystem) throw axisApiErrors.error('axis.rest_auth_missing');
  return req.axisSystem;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function encodeCursor(d: DeliveryRecord): string {
  return Buffer.from(JSON.stringify([d.createdAt.toISOString(), d.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const createdAt = new Date(String(at));
    if (typeof id !== 'string' || id.length > 100 || Number.isNaN(createdAt.getTime()))
      throw new Error('bad');
    return { createdAt, id };
  } catch {
    throw axisApiErrors.error('axis.cursor_invalid');
  }
}

function inboxItem(d: InboxPageItem) {
  return {
    deliveryId: d.id,
    docId: d.docId,
    kind: d.kind,
    from: d.fromOrganId,
    to: d.recipientCode,
    addressedTo: d.addressedCode,
    state: d.state,
    retryCount: d.retryCount,
    createdAt: d.createdAt.toISOString(),
    findings: d.findings.map((f) => ({ code: f.code, severity: f.severity, path: f.path })),
  };
}

function webhookView(w: WebhookRecord) {
  return {
    id: w.id,
    url: w.url,
    events: [...w.events],
    enabled: w.enabled,
    failureCount: w.consecutiveFailures,
    disabledReason: w.disabledReason,
    createdAt: w.createdAt.toISOString(),
  };
}

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const security = [{ systemHmac: [] }];

export async function registerAxisRestRoutes(parent: FastifyInstance, deps: AxisRestDeps): Promise<void> {
  await parent.register(
    async (scope) => {
      const app = scope.withTypeProvider<TypeBoxTypeProvider>();
      const { stores } = deps;
      const authenticate = createRestAuthenticator({
        systems: stores.systems,
        clock: stores.clock,
        windowSeconds: deps.timestampWindowSeconds,
      });

      // Streamed bodies: the send use case reads the request stream itself (no buffering, own size limit).
      app.addContentTypeParser(RAW_TYPES, (_req, payload, done) => done(null, payload));
      // JSON bodies are checked against the signed X-Content-SHA256 before they are parsed.
      app.removeContentTypeParser('application/json');
      app.addContentTypeParser(
        'application/json',
        { parseAs: 'buffer', bodyLimit: 64 * 1024 },
        (req, body, done) => {
          const digest = createHash('sha256')
            .update(body as Buffer)
            .digest('hex');
          if (digest !== req.headers['x-content-sha256']) {
            done(axisApiErrors.error('axis.body_hash_mismatch'), undefined);
            return;
          }
          req.axisBodyVerified = true;
          try {
            done(
              null,
              (body as Buffer).length === 0 ? undefined : JSON.parse((body as Buffer).toString('utf8')),
            );
          } catch {
            done(axisErrors.error('axis.request_invalid', { reason: 'body is not JSON' }), undefined);
          }
        },
      );
      await app.register(multipart, {
        limits: { files: 1, fileSize: deps.maxPackageBytes, fields: 10, fieldSize: 4096, parts: 12 },
      });

      app.addHook('onRequest', async (req) => {
        req.axisSystem = await authenticate(req);
      });
      app.addHook('preHandler', async (req) => {
        // A request without a body must have signed the digest of the empty body.
        const isSend = req.routeOptions.url === `${REST_PREFIX}/packages` && req.method === 'POST';
        if (!isSend && !req.axisBodyVerified && system(req).bodySha256 !== EMPTY_SHA256) {
          throw axisApiErrors.error('axis.body_hash_mismatch');
        }
      });

      app.post(
        '/packages',
        {
          schema: {
            summary: 'Gửi gói tin / send a package (edXML as the raw body, or multipart part `file`)',
            description:
              'Body: the .edxml bytes (application/xml, streamed) or multipart/form-data with one file part. ' +
              'X-Content-SHA256 is the SHA-256 of the package bytes. Idempotency-Key makes retries safe.',
            tags: ['axis'],
            security,
            querystring: SendQuery,
            response: {
              200: SendResponse,
              201: SendResponse,
              ...errors,
              409: ErrorResponse,
              413: ErrorResponse,
              422: ErrorResponse,
            },
          },
        },
        async (req, reply) => {
          const sys = system(req);
          let body: AsyncIterable<Uint8Array>;
          if (req.isMultipart()) {
            const file = await req.file();
            if (!file) throw axisErrors.error('axis.package_missing');
            body = file.file;
          } else if (req.body && typeof (req.body as Readable).pipe === 'function') {
            body = req.body as Readable;
          } else {
            throw axisErrors.error('axis.package_missing', {
              reason: `send the package as ${RAW_TYPES.join(', ')} or multipart`,
            });
          }
          const key = req.headers['idempotency-key'];
          const idempotencyKey = typeof key === 'string' && key !== '' ? key.slice(0, 200) : undefined;
          const extra = req.query.to
            ?.split(',')
            .map((c) => c.trim())
            .filter((c) => c !== '');
          const result = await sendPackage(stores, {
            system: { systemId: sys.systemId, agencies: sys.agencies },
            body,
            declaredSha256: sys.bodySha256,
            messageType: req.query.messagetype,
            extraRecipients: extra,
            idempotencyKey,
            maxBytes: deps.maxPackageBytes,
            axisOrganId: deps.axisOrganId,
          });
          return reply.status(result.duplicate ? 200 : 201).send({
            docId: result.docId,
            duplicate: result.duplicate,
            kind: result.kind,
            recipients: result.deliveries.map((d) => ({
              code: d.recipientCode,
              deliveryId: d.deliveryId,
              addressedCode: d.addressedCode,
            })),
          });
        },
      );

      app.get(
        '/inbox',
        {
          schema: {
            summary: 'Hộp thư đến / inbox (cursor paging, long-poll with wait)',
            tags: ['axis'],
            security,
            querystring: InboxQuery,
            response: { 200: InboxResponse, ...errors },
          },
        },
        async (req) => {
          const sys = system(req);
          const recipientCodes = agenciesFor(sys, req.query.agency);
          const query = {
            recipientCodes,
            kind: req.query.kind ?? ('edoc' as const),
            after: req.query.cursor ? decodeCursor(req.query.cursor) : undefined,
            limit: req.query.limit ?? 100,
          };
          const wait = req.query.wait ?? 0;
          // Watch before reading, so a delivery committed between the read and the wait still wakes us.
          const watch = wait > 0 ? deps.notifier.watch(recipientCodes) : undefined;
          try {
            let items = await deps.inboxPages.listOpen(query);
            if (items.length === 0 && watch) {
              const abort = new AbortController();
              const onClose = () => abort.abort();
              req.raw.once('close', onClose);
              try {
                if (await watch.wait(wait * 1000, abort.signal))
                  items = await deps.inboxPages.listOpen(query);
              } finally {
                req.raw.off('close', onClose);
              }
            }
            const last = items[items.length - 1];
            return {
              items: items.map(inboxItem),
              nextCursor: last ? encodeCursor(last) : (req.query.cursor ?? null),
            };
          } finally {
            watch?.stop();
          }
        },
      );

      app.get(
        '/deliveries/:deliveryId/package',
        {
          schema: {
            summary: 'Tải gói tin / fetch a delivered package (streamed, with the axis TraceHeader)',
            tags: ['axis'],
            security,
            params: DeliveryParams,
          },
        },
        async (req, reply) => {
          const sys = system(req);
          const fetched = await fetchPackage(stores, {
            systemId: sys.systemId,
            systemAgencies: sys.agencies,
            docId: req.params.deliveryId,
          });
          return (
            reply
              .type('application/xml; charset=utf-8')
              .header('content-length', String(fetched.size))
              .header('x-doc-id', fetched.package.docId)
              .header('x-delivery-id', fetched.delivery.id)
              .header('x-original-sha256', fetched.package.sha256)
              // Content defects the axis accepted the package with (domain/acceptance-rule.ts): code@path, …
              .header(
                'x-validation-findings',
                (fetched.package.findings ?? []).map((f) => `${f.code}@${f.path ?? ''}`).join(', '),
              )
              .send(fetched.open())
          );
        },
      );

      app.get(
        '/deliveries/:deliveryId/package/original',
        {
          schema: {
            summary:
              'Gói tin gốc như bên gửi đã ký (không có TraceHeader của trục) / the original bytes as the sender signed them',
            tags: ['axis'],
            security,
            params: DeliveryParams,
          },
        },
        async (req, reply) => {
          const sys = system(req);
          // Same authorisation as the fetch above: a delivery addressed to one of the system's agencies.
          const delivery = await findDelivery(stores, {
            systemAgencies: sys.agencies,
            docId: req.params.deliveryId,
          });
          const pkg = await stores.packages.get(delivery.docId);
          if (!pkg) throw axisErrors.error('axis.not_found', { docId: req.params.deliveryId });
          return reply
            .type('application/xml; charset=utf-8')
            .header('content-length', String(pkg.size))
            .header('x-doc-id', pkg.docId)
            .header('x-delivery-id', delivery.id)
            .header('x-original-sha256', pkg.sha256)
            .send(await stores.blobs.read(pkg.sha256));
        },
      );

      app.post(
        '/deliveries/:deliveryId/ack',
        {
          schema: {
            summary: 'Xác nhận đã nhận / acknowledge a delivery (transport: done, fail, processing)',
            tags: ['axis'],
            security,
            params: DeliveryParams,
            body: AckBody,
            response: { 200: AckResponse, ...errors, 409: ErrorResponse },
          },
        },
        async (req) => {
          const sys = system(req);
          const delivery = await acknowledgeDelivery(stores, {
            systemId: sys.systemId,
            systemAgencies: sys.agencies,
            docId: req.params.deliveryId,
            status: req.body?.result ?? 'done',
            description: req.body?.description,
          });
          return { deliveryId: delivery.id, state: delivery.state, retryCount: delivery.retryCount };
        },
      );

      app.get(
        '/packages/:docId/timeline',
        {
          schema: {
            summary: 'Tiến trình xử lý / per-recipient state and status history of a sent document',
            tags: ['axis'],
            security,
            params: PackageParams,
            response: { 200: TimelineResponse, ...errors },
          },
        },
        async (req) => {
          const sys = system(req);
          const pkg = await stores.packages.get(req.params.docId);
          // Only the sending system, or one serving the sending agency, may read it; anyone else: not found.
          if (!pkg || (pkg.senderSystem !== sys.systemId && !sys.agencies.includes(pkg.fromOrganId))) {
            throw axisErrors.error('axis.not_found', { docId: req.params.docId });
          }
          const [recipients, history] = await Promise.all([
            stores.deliveries.forPackage(pkg.docId),
            stores.deliveries.statusHistory(pkg.docId),
          ]);
          return {
            docId: pkg.docId,
            recipients: recipients.map((d) => ({
              deliveryId: d.id,
              recipientCode: d.recipientCode,
              addressedCode: d.addressedCode,
              state: d.state,
              statusCode: d.statusCode,
              statusDescription: d.statusDescription,
              fetchedAt: iso(d.fetchedAt),
              ackedAt: iso(d.ackedAt),
              statusAt: iso(d.statusAt),
            })),
            events: history.map((e) => ({
              recipientCode: e.recipientCode,
              statusCode: e.statusCode,
              description: e.description,
              fromOrganId: e.fromOrganId,
              statusDocId: e.statusDocId,
              statedAt: e.statedAt,
              receivedAt: e.receivedAt.toISOString(),
            })),
          };
        },
      );

      const agencyView = (a: Awaited<ReturnType<AxisStores['agencies']['list']>>[number]) => ({
        code: a.code,
        codeQd20: a.codeQd20,
        name: a.name,
        level: a.level,
        parentCode: a.parentCode,
        successorCode: a.successorCode,
        status: a.status,
        validFrom: iso(a.validFrom),
        validTo: iso(a.validTo),
        signaturePolicy: a.signaturePolicy,
      });

      app.get(
        '/agencies',
        {
          schema: {
            summary: 'Danh mục cơ quan / agency registry',
            tags: ['axis'],
            security,
            querystring: AgencyQuery,
            response: { 200: AgencyList, ...errors },
          },
        },
        async (req) => {
          const fold = (text: string) =>
            text
              .normalize('NFD')
              .replace(/[\u0300-\u036f]/g, '')
              .replace(/đ/gi, 'd')
              .toLowerCase();
          const q = req.query.q ? fold(req.query.q) : undefined;
          const all = await stores.agencies.list(req.query.level ? { level: req.query.level } : {});
          const items = all
            .filter((a) => (req.query.parent ? a.parentCode === req.query.parent : true))
            .filter((a) => (q ? fold(a.name).includes(q) || a.code.toLowerCase().includes(q) : true))
            .slice(0, req.query.limit ?? 1000);
          return { items: items.map(agencyView) };
        },
      );

      app.get(
        '/agencies/:code',
        {
          schema: {
            summary: 'Một cơ quan / one agency',
            tags: ['axis'],
            security,
            params: AgencyParams,
            response: { 200: AgencySchema, ...errors },
          },
        },
        async (req) => {
          const agency = await stores.agencies.get(req.params.code);
          if (!agency) throw axisErrors.error('axis.agency_unknown', { code: req.params.code });
          return agencyView(agency);
        },
      );

      app.post(
        '/webhooks',
        {
          schema: {
            summary: 'Đăng ký webhook / register a webhook (signed with the system secret)',
            tags: ['axis'],
            security,
            body: WebhookBody,
            response: { 201: WebhookCreated, ...errors, 409: ErrorResponse },
          },
        },
        async (req, reply) => {
          const sys = system(req);
          const created = await registerWebhook(
            { webhooks: deps.webhooks, clock: stores.clock },
            {
              systemId: sys.systemId,
              url: req.body.url,
              ...(req.body.events ? { events: req.body.events } : {}),
            },
          );
          return reply.status(201).send({
            ...webhookView(created),
            signingNote:
              'X-LienThong-Signature: t=<unix seconds>,v1=hex(HMAC-SHA256(system secret, t + "." + raw body)); see docs/API.md',
          });
        },
      );

      app.get(
        '/webhooks',
        {
          schema: {
            summary: 'Các webhook / list webhooks',
            tags: ['axis'],
            security,
            response: { 200: WebhookList, ...errors },
          },
        },
        async (req) => ({
          items: (await listWebhooks({ webhooks: deps.webhooks }, system(req).systemId)).map(webhookView),
        }),
      );

      app.delete(
        '/webhooks/:id',
        {
          schema: {
            summary: 'Xoá webhook / delete a webhook',
            tags: ['axis'],
            security,
            params: WebhookParams,
            response: { 204: Type.Null(), ...errors },
          },
        },
        async (req, reply) => {
          await deleteWebhook({ webhooks: deps.webhooks }, system(req).systemId, req.params.id);
          return reply.status(204).send(null);
        },
      );

      app.get(
        '/stats',
        {
          schema: {
            summary: 'Thống kê / exchange statistics per agency, level, day or month',
            tags: ['axis'],
            security,
            querystring: StatsQuery,
            response: { 200: StatsResponse, ...errors },
          },
        },
        async (req) =>
          getStatistics(
            { statistics: deps.statistics, clock: stores.clock },
            {
              ...(req.query.period ? { period: req.query.period } : {}),
              ...(req.query.groupBy ? { groupBy: req.query.groupBy } : {}),
              ...(req.query.from ? { from: req.query.from } : {}),
              ...(req.query.to ? { to: req.query.to } : {}),
              ...(req.query.agency ? { agency: req.query.agency } : {}),
            },
          ),
      );
    },
    { prefix: REST_PREFIX },
  );
}
