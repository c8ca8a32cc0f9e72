/**
 * REST API of the office (`/api/v1/office`), what the web interface uses. Every route but sign-in
 * needs a session cookie; every unsafe request also needs the CSRF header (double submit: the
 * `lt_csrf` cookie repeated in `x-csrf-token`, compared with the session's token). Every handler
 * acts as the signed-in user of one agency: ids of another agency's objects answer 404.
 */
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { timingSafeEqual } from 'node:crypto';
import { ADMINISTRATIVE_DOCUMENT_TYPES, PRIORITIES, STATUS_CODES } from '../../standards/index.ts';
import { officeErrors } from '../domain/errors.ts';
import { ROLE_NAMES, requirePermission } from '../domain/roles.ts';
import type { Actor, OfficeDeps } from '../use-cases/deps.ts';
import {
  createUser,
  deactivateUser,
  resolveSession,
  signIn,
  signOut,
  SESSION_TTL_MS,
} from '../use-cases/manage-accounts.ts';
import {
  acceptIncoming,
  answerRevokeRequest,
  assignIncoming,
  completeIncoming,
  registerPaperIncoming,
  returnIncoming,
  startProcessing,
} from '../use-cases/handle-incoming.ts';
import {
  approveAndSign,
  createDraft,
  issueDocument,
  rejectDraft,
  revokeDocument,
  submitDraft,
  updateRecipients,
} from '../use-cases/handle-outgoing.ts';
import {
  deadlineSummary,
  getDocumentDetail,
  LIST_VIEWS,
  listDocuments,
  listMyTasks,
  type ListView,
} from '../use-cases/read-documents.ts';
import { MAX_ATTACHMENT_BYTES, openAttachment, uploadAttachment } from '../use-cases/upload-attachment.ts';
import { exportRegister } from '../use-cases/export-register.ts';
import {
  archiveDossier,
  closeDossier,
  fileDocument,
  listDossiers,
  openDossier,
} from '../use-cases/manage-dossiers.ts';
import type { UserRecord } from '../use-cases/ports.ts';
import {
  AssignBody,
  CompleteBody,
  DocumentJson,
  DossierBody,
  FileBody,
  YearQuery,
  DocumentPage,
  DraftBody,
  IdParams,
  ListQuery,
  LoginBody,
  PaperBody,
  ReasonBody,
  RecipientsBody,
  RegisterParams,
  RegisterQuery,
  RegistryQuery,
  RevokeAnswerBody,
  ReassignReviewBody,
  ReviewBody,
  SubmitBody,
  UpdateSentBody,
  ReplaceBody,
  RequestAnswerBody,
  UserBody,
} from './schemas.ts';
import { reassignReviewStep, reviewDraft, reviewQueue } from '../use-cases/review-chain.ts';
import { createReplacementDraft, updateSentDocument } from '../use-cases/amend-outgoing.ts';
import { answerDocumentRequest } from '../use-cases/answer-request.ts';
import { documentTimeline } from '../use-cases/document-timeline.ts';

export const OFFICE_PREFIX = '/api/v1/office';
export const SESSION_COOKIE = 'lt_session';
export const CSRF_COOKIE = 'lt_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    officeUser?: UserRecord;
    officeCsrf?: string;
  }
}

export interface OfficeRouteOptions {
  readonly deps: OfficeDeps;
  /** Called after a change that queued packages, so they go to the axis at once. */
  readonly nudge: (agencyId: number) => void;
  /** Sign-in attempts per minute per (address, username). */
  readonly loginRateLimit?: number;
}

function actorOf(req: FastifyRequest): Actor {
  const user = req.officeUser;
  if (!user) throw officeErrors.error('office.unauthenticated');
  return {
    userId: user.id,
    agencyId: user.agencyId,
    role: user.role,
    fullName: user.fullName,
    departmentId: user.departmentId,
  };
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function json(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function presentUser(u: UserRecord) {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    role: u.role,
    position: u.position,
    departmentId: u.departmentId,
    agencyId: u.agencyId,
  };
}

const tags = ['office'];

export async function officeRoutes(parent: FastifyInstance, options: OfficeRouteOptions): Promise<void> {
  const { deps, nudge } = options;
  await parent.register(
    async (plain) => {
      const app = plain.withTypeProvider<TypeBoxTypeProvider>();
      await app.register(cookie);
      await app.register(multipart, {
        limits: { files: 1, fileSize: MAX_ATTACHMENT_BYTES, fields: 5, parts: 6 },
      });
      await app.register(rateLimit, { global: false });

      const secureCookie = (req: FastifyRequest) => req.protocol === 'https';

      app.addHook('onRequest', async (req) => {
        const token = req.cookies[SESSION_COOKIE];
        if (token) {
          const session = await resolveSession(deps, token);
          if (session) {
            req.officeUser = session.user;
            req.officeCsrf = session.csrfToken;
          }
        }
        const isLogin = req.routeOptions.url === `${OFFICE_PREFIX}/session` && req.method === 'POST';
        if (isLogin) return;
        if (!req.officeUser) throw officeErrors.error('office.unauthenticated');
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          const header = req.headers[CSRF_HEADER];
          if (typeof header !== 'string' || !req.officeCsrf || !sameToken(header, req.officeCsrf)) {
            throw officeErrors.error('office.csrf_failed');
          }
        }
      });

      // --- session -------------------------------------------------------------------------------
      app.post(
        '/session',
        {
          schema: { tags, summary: 'Đăng nhập / sign in', body: LoginBody },
          config: {
            rateLimit: {
              max: options.loginRateLimit ?? 20,
              timeWindow: 60_000,
              keyGenerator: (req: FastifyRequest) =>
                `login:${req.ip}:${String((req.body as { username?: string } | undefined)?.username ?? '')
                  .slice(0, 64)
                  .toLowerCase()}`,
            },
          },
        },
        async (req, reply) => {
          const result = await signIn(deps, req.body);
          const secure = secureCookie(req);
          const maxAge = Math.floor(SESSION_TTL_MS / 1000);
          void reply.setCookie(SESSION_COOKIE, result.token, {
            path: '/',
            httpOnly: true,
            sameSite: 'strict',
            secure,
            maxAge,
          });
          // Readable by the page's script, which repeats it in the x-csrf-token header.
          void reply.setCookie(CSRF_COOKIE, result.csrfToken, {
            path: '/',
            httpOnly: false,
            sameSite: 'strict',
            secure,
            maxAge,
          });
          return { user: presentUser(result.user), csrfToken: result.csrfToken };
        },
      );

      app.delete('/session', { schema: { tags, summary: 'Đăng xuất / sign out' } }, async (req, reply) => {
        await signOut(deps, req.cookies[SESSION_COOKIE] ?? '', req.officeUser!);
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        void reply.clearCookie(CSRF_COOKIE, { path: '/' });
        return reply.status(204).send();
      });

      app.get(
        '/me',
        { schema: { tags, summary: 'Người dùng hiện tại, cơ quan, đơn vị / current user, agency, units' } },
        async (req) => {
          const actor = actorOf(req);
          const [agency, departments, users] = await Promise.all([
            deps.store.getAgency(actor.agencyId),
            deps.store.listDepartments(actor.agencyId),
            deps.store.listUsers(actor.agencyId),
          ]);
          return {
            user: presentUser(req.officeUser!),
            agency: agency
              ? {
                  id: agency.id,
                  code: agency.code,
                  name: agency.name,
                  abbreviation: agency.abbreviation,
                  axisConfigured: Boolean(agency.axisSystemId),
                }
              : null,
            departments,
            users: users.filter((u) => u.active).map(presentUser),
            roles: ROLE_NAMES,
          };
        },
      );

      app.get(
        '/catalogues',
        { schema: { tags, summary: 'Danh mục: loại văn bản, độ khẩn, mã trạng thái / catalogues' } },
        async () => ({
          documentTypes: ADMINISTRATIVE_DOCUMENT_TYPES,
          priorities: PRIORITIES,
          statusCodes: STATUS_CODES,
        }),
      );

      // --- lists, detail, search ---------------------------------------------------------------
      app.get(
        '/documents',
        {
          schema: {
            tags,
            summary: 'Danh sách văn bản theo màn hình / document lists and search',
            querystring: ListQuery,
            response: { 200: DocumentPage },
          },
        },
        async (req) => {
          const q = req.query;
          if (!(LIST_VIEWS as readonly string[]).includes(q.view))
            throw officeErrors.error('office.invalid_input', { field: 'view' });
          const page = await listDocuments(deps, actorOf(req), q.view as ListView, {
            text: q.q,
            year: q.year,
            fromDate: q.from,
            toDate: q.to,
            urgentOnly: q.urgent,
            direction: q.direction,
            type: q.type,
            fromCode: q.sender,
            state: q.state,
            limit: q.limit ?? 50,
            offset: q.offset ?? 0,
            cursor: q.cursor,
          });
          return json(page) as {
            items: { id: number; direction: string; state: string; subject: string; priority: number }[];
            total: number | null;
            totalCapped: boolean;
            nextCursor: string | null;
          };
        },
      );

      app.get(
        '/documents/:id',
        { schema: { tags, summary: 'Chi tiết văn bản / document page', params: IdParams } },
        async (req) => json(await getDocumentDetail(deps, actorOf(req), req.params.id)),
      );

      app.get(
        '/deadlines',
        {
          schema: {
            tags,
            summary: 'Theo dõi hạn xử lý theo người và đơn vị / deadlines per person and unit',
          },
        },
        async (req) => json(await deadlineSummary(deps, actorOf(req))),
      );

      app.get('/tasks', { schema: { tags, summary: 'Việc của tôi / my tasks' } }, async (req) =>
        json(await listMyTasks(deps, actorOf(req))),
      );

      // --- incoming ------------------------------------------------------------------------------
      const step = (
        path: string,
        summary: string,
        run: (actor: Actor, id: number, body: never) => Promise<unknown>,
        body?: unknown,
      ) => {
        app.post(
          path,
          {
            schema: {
              tags,
              summary,
              params: IdParams,
              ...(body ? { body } : {}),
              response: { 200: DocumentJson },
            },
          },
          async (req: FastifyRequest) => {
            const actor = actorOf(req);
            const result = await run(actor, (req.params as { id: number }).id, req.body as never);
            nudge(actor.agencyId);
            return json(result);
          },
        );
      };
      step('/documents/:id/accept', 'Tiếp nhận, vào sổ đến (03) / accept and register', (a, id) =>
        acceptIncoming(deps, a, id),
      );
      step(
        '/documents/:id/return',
        'Trả lại văn bản (02) / return to sender',
        (a, id, b: { reason: string }) => returnIncoming(deps, a, id, b.reason),
        ReasonBody,
      );
      step(
        '/documents/:id/assign',
        'Phân công xử lý (04) / assign',
        (a, id, b: Static<typeof AssignBody>) => assignIncoming(deps, a, id, b),
        AssignBody,
      );
      step('/documents/:id/process', 'Bắt đầu xử lý (05) / start processing', (a, id) =>
        startProcessing(deps, a, id),
      );
      step(
        '/documents/:id/complete',
        'Hoàn thành (06) / complete',
        (a, id, b: { result?: string }) => completeIncoming(deps, a, id, b?.result),
        CompleteBody,
      );
      step(
        '/documents/:id/revoke-answer',
        'Trả lời yêu cầu thu hồi (15/16) / answer a take-back request',
        (a, id, b: { agree: boolean; reason?: string }) =>
          answerRevokeRequest(deps, a, id, b.agree, b.reason),
        RevokeAnswerBody,
      );

      app.post(
        '/documents/incoming/paper',
        {
          schema: {
            tags,
            summary: 'Vào sổ văn bản giấy / register a paper document',
            body: PaperBody,
            response: { 200: DocumentJson },
          },
        },
        async (req) => json(await registerPaperIncoming(deps, actorOf(req), req.body)) as never,
      );

      // --- outgoing ------------------------------------------------------------------------------
      app.post(
        '/documents/outgoing',
        {
          schema: {
            tags,
            summary: 'Soạn dự thảo văn bản đi / create a draft',
            body: DraftBody,
            response: { 200: DocumentJson },
          },
        },
        async (req) => json(await createDraft(deps, actorOf(req), req.body)) as never,
      );
      app.post(
        '/documents/:id/recipients',
        {
          schema: { tags, summary: 'Thêm nơi nhận / add recipients', params: IdParams, body: RecipientsBody },
        },
        async (req) => {
          await updateRecipients(deps, actorOf(req), req.params.id, req.body.recipients);
          return { ok: true };
        },
      );
      step(
        '/documents/:id/submit',
        'Trình duyệt theo luồng (người cho ý kiến theo thứ tự) / submit for review and approval',
        (a, id, b: Static<typeof SubmitBody> | undefined) => submitDraft(deps, a, id, b?.reviewerIds),
        SubmitBody,
      );
      step(
        '/documents/:id/review',
        'Cho ý kiến trong luồng duyệt: chuyển tiếp hoặc trả lại / review: approve to the next reviewer or send back',
        (a, id, b: Static<typeof ReviewBody>) => reviewDraft(deps, a, id, b),
        ReviewBody,
      );
      step(
        '/documents/:id/review/reassign',
        'Giao bước duyệt của người đã thôi hoạt động cho người khác (người soạn hoặc quản trị) / reassign the current review step of a deactivated reviewer (drafter or agency admin)',
        (a, id, b: Static<typeof ReassignReviewBody>) => reassignReviewStep(deps, a, id, b),
        ReassignReviewBody,
      );
      app.get(
        '/reviews',
        { schema: { tags, summary: 'Dự thảo chờ tôi cho ý kiến hoặc duyệt / drafts waiting for my review' } },
        async (req) => ({ items: json(await reviewQueue(deps, actorOf(req))) }),
      );
      // Update and replacement of a document already sent (BussinessDocType 2/3), and their answers.
      step(
        '/documents/:id/update',
        'Cập nhật thông tin văn bản đã gửi (BussinessDocType 2) / send corrected information of a sent document',
        (a, id, b: Static<typeof UpdateSentBody>) => updateSentDocument(deps, a, id, b),
        UpdateSentBody,
      );
      step(
        '/documents/:id/replace',
        'Tạo dự thảo văn bản thay thế (BussinessDocType 3 khi phát hành) / draft a replacement of a sent document',
        (a, id, b: Static<typeof ReplaceBody>) => createReplacementDraft(deps, a, id, b),
        ReplaceBody,
      );
      step(
        '/documents/:id/request-answer',
        'Trả lời yêu cầu cập nhật/thay thế (15/16) / answer an update or replacement',
        (a, id, b: Static<typeof RequestAnswerBody>) => answerDocumentRequest(deps, a, id, b.agree, b.reason),
        RequestAnswerBody,
      );
      app.get(
        '/documents/:id/timeline',
        {
          schema: {
            tags,
            summary:
              'Trạng thái từng nơi nhận, cập nhật trực tiếp (ETag, If-None-Match → 304) / per-recipient status timeline, for polling',
            params: IdParams,
          },
        },
        async (req, reply) => {
          const timeline = await documentTimeline(deps, actorOf(req), req.params.id);
          const etag = `W/"${timeline.version}"`;
          void reply.header('etag', etag).header('cache-control', 'private, no-cache');
          if (req.headers['if-none-match'] === etag) return reply.status(304).send();
          return json(timeline);
        },
      );
      step('/documents/:id/approve', 'Duyệt và ký (lãnh đạo) / approve and sign', (a, id) =>
        approveAndSign(deps, a, id),
      );
      step(
        '/documents/:id/reject',
        'Trả lại dự thảo / send the draft back',
        (a, id, b: { reason: string }) => rejectDraft(deps, a, id, b.reason),
        ReasonBody,
      );
      step('/documents/:id/issue', 'Cấp số, phát hành và gửi / number, issue and send', (a, id) =>
        issueDocument(deps, a, id),
      );
      step(
        '/documents/:id/revoke',
        'Thu hồi (13) / revoke',
        (a, id, b: { reason: string }) => revokeDocument(deps, a, id, b.reason),
        ReasonBody,
      );

      // --- attachments ---------------------------------------------------------------------------
      app.post(
        '/documents/:id/attachments',
        {
          schema: {
            tags,
            summary: 'Tải tệp đính kèm (multipart, trường file) / upload an attachment',
            params: IdParams,
            consumes: ['multipart/form-data'],
          },
        },
        async (req) => {
          const file = await req.file();
          if (!file) throw officeErrors.error('office.invalid_input', { field: 'file' });
          const attachment = await uploadAttachment(deps, actorOf(req), req.params.id, {
            name: file.filename,
            contentType: file.mimetype,
            stream: file.file,
          });
          return json(attachment);
        },
      );

      app.get(
        '/attachments/:id',
        { schema: { tags, summary: 'Tải xuống tệp đính kèm / download an attachment', params: IdParams } },
        async (req, reply) => {
          const { attachment, stream } = await openAttachment(deps, actorOf(req), req.params.id);
          void reply.header('content-type', attachment.contentType);
          void reply.header('content-length', String(attachment.size));
          void reply.header(
            'content-disposition',
            `inline; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
          );
          void reply.header('x-content-type-options', 'nosniff');
          void reply.header('cache-control', 'private, no-store');
          return reply.send(stream);
        },
      );

      // --- registers -----------------------------------------------------------------------------
      app.get(
        '/registers/:direction',
        {
          schema: {
            tags,
            summary: 'In sổ đăng ký (PDF, mẫu Phụ lục IV) hoặc xuất Excel / print or export a register',
            params: RegisterParams,
            querystring: RegisterQuery,
          },
        },
        async (req, reply) => {
          const actor = actorOf(req);
          requirePermission(actor.role, 'register.read');
          const direction = req.params.direction;
          const file = await exportRegister(
            deps,
            actor,
            direction,
            req.query.year,
            req.query.format ?? 'pdf',
          );
          void reply.header('content-type', file.contentType);
          void reply.header('content-disposition', `attachment; filename="${file.filename}"`);
          return reply.send(file.bytes);
        },
      );

      // --- work dossiers (Art. 28–31) -------------------------------------------------------------
      app.get(
        '/dossiers',
        { schema: { tags, summary: 'Danh mục hồ sơ của năm / dossier list', querystring: YearQuery } },
        async (req) => json(await listDossiers(deps, actorOf(req), req.query.year)),
      );
      app.post(
        '/dossiers',
        { schema: { tags, summary: 'Mở hồ sơ / open a dossier', body: DossierBody } },
        async (req) => json(await openDossier(deps, actorOf(req), req.body)),
      );
      app.post(
        '/dossiers/:id/close',
        { schema: { tags, summary: 'Kết thúc hồ sơ / close a dossier', params: IdParams } },
        async (req) => json(await closeDossier(deps, actorOf(req), req.params.id)),
      );
      app.post(
        '/dossiers/:id/archive',
        { schema: { tags, summary: 'Nộp lưu cơ quan / hand over to the archive', params: IdParams } },
        async (req) => json(await archiveDossier(deps, actorOf(req), req.params.id)),
      );
      app.post(
        '/documents/:id/dossier',
        {
          schema: {
            tags,
            summary: 'Đưa văn bản vào hồ sơ / file a document',
            params: IdParams,
            body: FileBody,
          },
        },
        async (req) => {
          await fileDocument(deps, actorOf(req), req.params.id, req.body.dossierId);
          return { ok: true };
        },
      );

      // --- axis registry (recipients) ------------------------------------------------------------
      app.get(
        '/registry',
        {
          schema: {
            tags,
            summary: 'Danh bạ cơ quan trên trục / agencies on the axis',
            querystring: RegistryQuery,
          },
        },
        async (req) => {
          const actor = actorOf(req);
          const agency = await deps.store.getAgency(actor.agencyId);
          if (!agency) throw officeErrors.error('office.not_found');
          try {
            const list = await deps.axis(agency).agencies({
              ...(req.query.level ? { level: req.query.level } : {}),
              ...(req.query.q ? { q: req.query.q } : {}),
            });
            return { items: list.filter((a) => a.code !== agency.code) };
          } catch (err) {
            if (officeErrors.is(err)) throw err;
            throw officeErrors.error('office.axis_unavailable', {}, { cause: err });
          }
        },
      );

      // --- agency administration -----------------------------------------------------------------
      app.post(
        '/users',
        { schema: { tags, summary: 'Tạo tài khoản (quản trị cơ quan) / create a user', body: UserBody } },
        async (req) => {
          const actor = actorOf(req);
          requirePermission(actor.role, 'agency.admin');
          const user = await createUser(deps, { ...req.body, agencyId: actor.agencyId }, actor.userId);
          return presentUser(user);
        },
      );
      app.post(
        '/users/:id/deactivate',
        {
          schema: {
            tags,
            summary: 'Thôi kích hoạt tài khoản (quản trị cơ quan) / deactivate a user (agency admin)',
            params: IdParams,
          },
        },
        async (req) => {
          const actor = actorOf(req);
          requirePermission(actor.role, 'agency.admin');
          await deactivateUser(deps, actor, req.params.id);
          return { ok: true };
        },
      );
      app.get('/audit', { schema: { tags, summary: 'Nhật ký thao tác / audit trail' } }, async (req) => {
        const actor = actorOf(req);
        requirePermission(actor.role, 'agency.admin');
        return json(await deps.store.listAudit(actor.agencyId, 500));
      });
    },
    { prefix: OFFICE_PREFIX },
  );
}
