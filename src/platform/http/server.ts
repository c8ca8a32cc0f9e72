/**
 * Fastify server factory shared by every context: request ids, structured logs, one error format
 * (`{ error: { code, message, messageVi, details, requestId } }`), OpenAPI at /api/docs, health,
 * readiness and Prometheus metrics. Contexts add their routes as plugins.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import helmet, { type HelmetOptions } from 'helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from '../log.ts';
import { AppError, platformErrors } from '../errors.ts';
import { createMetrics, type Metrics } from './metrics.ts';

export interface HttpServerOptions {
  readonly logger: Logger;
  /** Largest request body accepted by routes that buffer their body (bytes). */
  readonly bodyLimit?: number;
  /** Checks run by /readyz; each throws when its dependency is not ready. */
  readonly readinessChecks?: Record<string, () => Promise<void>>;
  readonly version?: string;
  /** Trust X-Forwarded-* from a reverse proxy. */
  readonly trustProxy?: boolean;
}

export type HttpServer = FastifyInstance & { metrics: Metrics };

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    messageVi: string;
    details?: Record<string, unknown>;
    requestId: string;
  };
}

export function errorBody(err: AppError, requestId: string): ErrorBody {
  return { error: { ...err.toJSON(), requestId } };
}

export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    loggerInstance: options.logger,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const metrics = createMetrics();
  app.decorate('metrics', metrics);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  // Security headers (helmet), computed once: building helmet's middleware per request, as the
  // Fastify plugin does, cost more CPU than the rest of a small API answer.
  const headers = securityHeaders({
    // Swagger UI and the web apps load their own scripts and styles from this origin only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
      },
    },
  });
  app.addHook('onRequest', (_req, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Liên Thông API',
        description:
          'API của nền tảng liên thông văn bản điện tử (trục liên thông, quản lý văn bản, giám sát). / ' +
          'REST API of the Liên Thông e-government interoperability platform.',
        version: options.version ?? '0.1.0',
      },
      components: {
        securitySchemes: {
          systemHmac: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'LT-HMAC-SHA256 credential of an axis system (see docs/API.md)',
          },
          session: { type: 'apiKey', in: 'cookie', name: 'lt_session' },
          monitorOperator: {
            type: 'http',
            scheme: 'bearer',
            description: 'Operator token of the monitoring working group (MONITOR_TOKEN)',
          },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    let appError: AppError;
    if (err instanceof AppError) {
      appError = err;
    } else if ('validation' in err && err.validation) {
      appError = platformErrors.error('platform.validation_failed', {
        context: err.validationContext,
        issues: err.validation.map((issue) => ({ path: issue.instancePath, message: issue.message })),
      });
    } else if ('statusCode' in err && err.statusCode === 413) {
      appError = platformErrors.error('platform.payload_too_large');
    } else if ('statusCode' in err && err.statusCode === 429) {
      appError = platformErrors.error('platform.rate_limited');
    } else if ('statusCode' in err && err.statusCode === 415) {
      appError = platformErrors.error('platform.unsupported_media_type');
    } else if (
      'statusCode' in err &&
      typeof err.statusCode === 'number' &&
      err.statusCode >= 400 &&
      err.statusCode < 500
    ) {
      appError = platformErrors.error('platform.bad_request', { reason: err.message });
    } else {
      req.log.error({ err }, 'unhandled error');
      appError = platformErrors.error('platform.internal');
    }
    if (appError.status >= 500 && err === appError) req.log.error({ err }, 'server error');
    void reply.status(appError.status).send(errorBody(appError, req.id));
  });

  app.setNotFoundHandler((req, reply) => {
    void reply
      .status(404)
      .send(errorBody(platformErrors.error('platform.not_found', { path: req.url.split('?')[0] }), req.id));
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const checks: Record<string, string> = {};
    let ready = true;
    for (const [name, check] of Object.entries(options.readinessChecks ?? {})) {
      try {
        await check();
        checks[name] = 'ok';
      } catch (err) {
        ready = false;
        checks[name] = err instanceof Error ? err.message : 'failed';
      }
    }
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  return app as unknown as HttpServer;
}

/** The headers helmet sets for these options (none of them depends on the request). */
function securityHeaders(options: HelmetOptions): [string, string][] {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let called = false;
  helmet(options)({} as never, recorder as never, () => (called = true));
  if (!called) throw new Error('helmet did not apply its headers synchronously');
  return headers;
}
