/**
 * `/api/v1/monitor`: the Government Office working group's dashboard (operator token) and the public
 * open-data endpoint (aggregated figures only, rate-limited).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { vietnamDateOf } from '../../standards/calendar/index.ts';
import { monitorErrors } from '../domain/errors.ts';
import {
  comparePeriods,
  getAgencies,
  getLevels,
  getSeries,
  getSummary,
  getTargets,
  sharesOf,
  type Targets,
} from '../use-cases/get-dashboard.ts';
import type { MonitorReadStore, Period, Scope } from '../use-cases/ports.ts';
import { toCsv, toXlsx } from './export-report.ts';
import {
  AgenciesResponse,
  CompareQuery,
  DocumentsQuery,
  DocumentsResponse,
  LevelsResponse,
  OpenDataResponse,
  ScopeQuery,
  SeriesQuery,
  SeriesResponse,
  Summary,
  TargetsResponse,
} from './schemas.ts';

export interface MonitorRouteOptions {
  readonly store: MonitorReadStore;
  /** Operator token of the working group (Authorization: Bearer …). */
  readonly token: string;
  readonly targets: Targets;
  readonly now: () => Date;
  /** Requests per minute per client on the open-data endpoint. */
  readonly openDataRateLimit?: number;
}

const EARLIEST = '2000-01-01';
const DAY_MS = 86_400_000;

function periodOf(query: { from?: string | undefined; to?: string | undefined }, now: Date): Period {
  const from = query.from ?? EARLIEST;
  const to = query.to ?? vietnamDateOf(now);
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b) || a > b || (query.from !== undefined && b - a > 3700 * DAY_MS)) {
    throw monitorErrors.error('monitor.period_invalid', { from, to });
  }
  return { from, to };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export async function registerMonitorRoutes(
  root: FastifyInstance,
  options: MonitorRouteOptions,
): Promise<void> {
  const { store, now } = options;
  const expected = digest(options.token);

  await root.register(
    async (scoped) => {
      const app = scoped.withTypeProvider<TypeBoxTypeProvider>();
      await app.register(rateLimit, { global: false });

      const operator = {
        onRequest: async (req: FastifyRequest) => {
          const header = req.headers.authorization ?? '';
          const presented = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
          // Compare digests: constant time whatever the length presented.
          if (!presented || !timingSafeEqual(digest(presented), expected))
            throw monitorErrors.error('monitor.unauthorized');
        },
      };
      const secured = { security: [{ monitorOperator: [] }], tags: ['monitor'] };
      const scopeOf = (q: { from?: string; to?: string; level?: number; agency?: string }): Scope => ({
        period: periodOf(q, now()),
        level: q.level,
        agency: q.agency,
      });

      app.get(
        '/summary',
        {
          ...operator,
          schema: {
            ...secured,
            summary: 'Tổng hợp toàn quốc / national summary',
            querystring: ScopeQuery,
            response: { 200: Summary },
          },
        },
        async (req) => getSummary(store, scopeOf(req.query), now()),
      );

      app.get(
        '/series',
        {
          ...operator,
          schema: {
            ...secured,
            summary: 'Theo thời gian / by period',
            querystring: SeriesQuery,
            response: { 200: SeriesResponse },
          },
        },
        async (req) => {
          const granularity = req.query.granularity ?? 'day';
          return { granularity, items: await getSeries(store, scopeOf(req.query), granularity) };
        },
      );

      app.get(
        '/levels',
        {
          ...operator,
          schema: {
            ...secured,
            summary: 'Theo cấp / by level',
            querystring: ScopeQuery,
            response: { 200: LevelsResponse },
          },
        },
        async (req) => ({ items: await getLevels(store, periodOf(req.query, now())) }),
      );

      app.get(
        '/agencies',
        {
          ...operator,
          schema: {
            ...secured,
            summary: 'Theo cơ quan, xếp hạng / by agency, ranked',
            querystring: ScopeQuery,
            response: { 200: AgenciesResponse },
          },
        },
        async (req) => ({ items: await getAgencies(store, scopeOf(req.query)) }),
      );

      app.get(
        '/agencies/:code/documents',
        {
          ...operator,
          schema: {
            ...secured,
            summary: 'Danh sách văn bản của một cơ quan / documents of one agency',
            querystring: DocumentsQuery,
            response: { 200: DocumentsResponse },
          },
        },
        async (req) => {
          const { code } = req.params as { code: string };
          const agency = await store.agency(code);
          if (!agency) throw monitorErrors.error('monitor.agency_unknown', { code });
          const at = now();
          const page = await store.documents({
            agency: code,
            role: req.query.role ?? 'received',
            period: periodOf(req.query, at),
            limit: req.query.limit ?? 50,
            offset: req.query.offset ?? 0,
          });
          return {
            agency: { code: agency.code, name: agency.name, level: agency.level },
            total: page.total,
            items: page.rows.map((r) => ({
              docId: r.docId,
              fromCode: r.fromCode,
              toCode: r.toCode,
              sentAt: r.sentAt.toISOString(),
              dueAt: r.dueAt?.toISOString() ?? null,
              signed: r.signed,
              paper: r.paper,
              progress: r.progress,
              ackedAt: r.ackedAt?.toISOString() ?? null,
              completedAt: r.completedAt?.toISOString() ?? null,
              effect: r.effect,
              overdue: r.dueAt !== null && r.completedAt === null && r.effect !== 'revoked' && r.dueAt < at,
            })),
          };
        },
      );

      app.get(
        '/targets',
        {
          ...operator,
          schema: {
            ...secured,
            summary: 'Tiến độ chỉ tiêu / progress against targets',
            querystring: ScopeQuery,
            response: { 200: TargetsResponse },
          },
        },
        async (req) => ({ items: await getTargets(store, periodOf(req.query, now()), options.targets) }),
      );

      app.get(
        '/compare',
        {
          ...operator,
          schema: { ...secured, summary: 'So sánh hai kỳ / compare two periods', querystring: CompareQuery },
        },
        async (req) => {
          const q = req.query;
          const a = {
            period: periodOf({ from: q.aFrom, to: q.aTo }, now()),
            level: q.level,
            agency: q.agency,
          };
          const b = {
            period: periodOf({ from: q.bFrom, to: q.bTo }, now()),
            level: q.level,
            agency: q.agency,
          };
          return comparePeriods(store, a, b, now());
        },
      );

      const exportRows = async (q: { from?: string; to?: string; level?: number; agency?: string }) => {
        const scope = scopeOf(q);
        const rows = await getAgencies(store, scope);
        return { scope, rows };
      };
      app.get(
        '/export.csv',
        {
          ...operator,
          schema: { ...secured, summary: 'Xuất CSV theo cơ quan / CSV export', querystring: ScopeQuery },
        },
        async (req, reply) => {
          const { scope, rows } = await exportRows(req.query);
          return reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header(
              'content-disposition',
              `attachment; filename="giam-sat_${scope.period.from}_${scope.period.to}.csv"`,
            )
            .send(toCsv(rows));
        },
      );
      app.get(
        '/export.xlsx',
        {
          ...operator,
          schema: { ...secured, summary: 'Xuất Excel theo cơ quan / Excel export', querystring: ScopeQuery },
        },
        async (req, reply) => {
          const { scope, rows } = await exportRows(req.query);
          const body = await toXlsx(rows, `Giám sát liên thông ${scope.period.from} – ${scope.period.to}`);
          return reply
            .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .header(
              'content-disposition',
              `attachment; filename="giam-sat_${scope.period.from}_${scope.period.to}.xlsx"`,
            )
            .send(body);
        },
      );

      // Public open data: national and per-level totals and monthly series only — no document,
      // no agency-level detail that could identify a person, no content.
      app.get(
        '/open-data',
        {
          config: { rateLimit: { max: options.openDataRateLimit ?? 60, timeWindow: '1 minute' } },
          schema: {
            tags: ['monitor'],
            summary: 'Dữ liệu mở (số liệu tổng hợp) / open data, aggregated figures',
            querystring: ScopeQuery,
            response: { 200: OpenDataResponse },
          },
        },
        async (req, reply) => {
          const period = periodOf(req.query, now());
          const [totals, registry, levels, months] = await Promise.all([
            store.totals({ period }),
            store.registry(),
            getLevels(store, period),
            getSeries(store, { period }, 'month'),
          ]);
          reply.header('cache-control', 'public, max-age=60');
          return {
            license: 'CC BY 4.0',
            generatedAt: now().toISOString(),
            period,
            national: {
              agencies: registry.total,
              agenciesConnected: registry.connected,
              ...sharesOf(totals),
            },
            byLevel: levels,
            byMonth: months,
          };
        },
      );
    },
    { prefix: '/api/v1/monitor' },
  );
}
