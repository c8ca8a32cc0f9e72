export {
  createHttpServer,
  errorBody,
  type HttpServer,
  type HttpServerOptions,
  type ErrorBody,
} from './server.ts';
export type { Metrics } from './metrics.ts';
