/**
 * The REST API's request signature (docs/API.md, "Authentication"):
 *
 *   Authorization: LT-HMAC-SHA256 systemid=<id>, timestamp=<ISO 8601 UTC>, signature=<hex>
 *   X-Content-SHA256: <lowercase hex SHA-256 of the body; of the empty string when there is none>
 *
 *   signature = hex(HMAC-SHA256(key = system secret (UTF-8),
 *                               message = METHOD "\n" path-with-query "\n" timestamp "\n" body-sha256))
 *
 * The body digest travels in its own header so the server can authenticate before it reads a large
 * streamed body, then refuse the upload if the bytes do not match (as S3's SigV4 does).
 */
import { createHash, createHmac } from 'node:crypto';

export const REST_AUTH_SCHEME = 'LT-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = createHash('sha256').update('').digest('hex');

export interface SignRestRequestInput {
  readonly method: string;
  /** Path and query exactly as sent, e.g. `/api/v1/axis/inbox?limit=10`. */
  readonly pathWithQuery: string;
  readonly bodySha256?: string;
  readonly systemId: string;
  readonly secret: string;
  readonly now: Date;
}

export function restCanonicalString(
  method: string,
  pathWithQuery: string,
  timestamp: string,
  bodySha256: string,
): string {
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${bodySha256}`;
}

/** Returns the `Authorization` and `X-Content-SHA256` headers for one request. */
export function signRestRequest(input: SignRestRequestInput): Record<string, string> {
  const timestamp = input.now.toISOString();
  const bodySha256 = input.bodySha256 ?? EMPTY_BODY_SHA256;
  const signature = createHmac('sha256', Buffer.from(input.secret, 'utf8'))
    .update(restCanonicalString(input.method, input.pathWithQuery, timestamp, bodySha256), 'utf8')
    .digest('hex');
  return {
    Authorization: `${REST_AUTH_SCHEME} systemid=${input.systemId}, timestamp=${timestamp}, signature=${signature}`,
    'X-Content-SHA256': bodySha256,
  };
}
