/**
 * Serves the built web bundle (web/dist, produced by `npm run build`) as a single-page application:
 * files as they are, every other GET that is not an API path gets index.html so client-side routes
 * (`/van-ban/12`, `/giam-sat/`) survive a reload. When the bundle was not built, a short bilingual page
 * says how to build it instead of a bare 404.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './server.ts';
import { platformErrors } from '../errors.ts';

const NOT_BUILT_PAGE = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Liên Thông</title>
<style>body{font-family:sans-serif;max-width:640px;margin:10vh auto;padding:0 16px;color:#222}code{background:#eee;padding:2px 4px}</style>
</head><body><h1>Giao diện web chưa được dựng</h1>
<p>Chạy <code>npm run build</code> (hoặc <code>npm start</code>, tự dựng khi thiếu) rồi tải lại trang.
API vẫn hoạt động: <a href="/api/docs">/api/docs</a>.</p>
<h2>The web interface has not been built</h2>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds it when missing) and reload.
The API works: <a href="/api/docs">/api/docs</a>.</p></body></html>`;

/** Paths that belong to the server, never to the SPA fallback. */
const SERVER_PREFIXES = ['/api/', '/healthz', '/readyz', '/metrics'];

export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<void> {
  const root = resolve(distDir);
  // serve:false: only reply.sendFile, so our own catch-all decides between file, SPA page and 404.
  await app.register(fastifyStatic, { root, serve: false, cacheControl: false });

  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const path = decodeURIComponent(req.url.split('?')[0] ?? '/');
    if (SERVER_PREFIXES.some((p) => path.startsWith(p))) {
      return reply.status(404).send(errorBody(platformErrors.error('platform.not_found', { path }), req.id));
    }
    if (!existsSync(join(root, 'index.html'))) {
      return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    }
    const file = resolve(root, '.' + path);
    if (file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile()) {
      // Vite names assets by content hash: cache them for a year; index.html never.
      const immutable = path.startsWith('/assets/');
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return reply.sendFile(file.slice(root.length + 1));
    }
    if (/\.[a-z0-9]{1,8}$/i.test(path)) {
      return reply.status(404).send(errorBody(platformErrors.error('platform.not_found', { path }), req.id));
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
}
