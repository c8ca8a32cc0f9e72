/**
 * AxisGateway over axis-client's REST client: the office talks to the axis over HTTP with the
 * agency's own system credentials, exactly as any third-party agency system would (design.md §1).
 */
import { createAxisRestClient } from '../../axis-client/index.ts';
import type { AgencyRecord, AxisGateway, AxisGatewayFactory } from '../use-cases/ports.ts';
import { officeErrors } from '../domain/errors.ts';
import type { SecretCipher } from './secret-cipher.ts';

export function createAxisGatewayFactory(options: {
  /** Base URL of the axis, resolved when a call is made (embedded mode learns its port after listen). */
  endpoint: () => string;
  cipher: SecretCipher;
  fetch?: typeof fetch;
}): AxisGatewayFactory {
  return (agency: AgencyRecord): AxisGateway => {
    if (!agency.axisSystemId || !agency.axisSecret) {
      throw officeErrors.error('office.axis_not_configured', { agency: agency.code });
    }
    const client = createAxisRestClient({
      endpoint: options.endpoint(),
      systemId: agency.axisSystemId,
      secret: options.cipher.decrypt(agency.axisSecret),
      timeoutMs: 60_000,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return {
      async inbox(kind, cursor) {
        const page = await client.inbox({
          agency: agency.code,
          kind,
          limit: 50,
          ...(cursor ? { cursor } : {}),
        });
        return {
          items: page.items.map((i) => ({
            deliveryId: i.deliveryId,
            docId: i.docId,
            kind: i.kind,
            from: i.from,
          })),
          nextCursor: page.nextCursor,
        };
      },
      fetchPackage: (deliveryId) => client.fetchPackage(deliveryId),
      fetchOriginalPackage: (deliveryId) => client.fetchOriginalPackage(deliveryId),
      acknowledge: (deliveryId, result, description) => client.acknowledge(deliveryId, result, description),
      async send(pkg, sendOptions) {
        const result = await client.send(pkg, {
          idempotencyKey: sendOptions.idempotencyKey,
          ...(sendOptions.to ? { to: sendOptions.to } : {}),
        });
        return { docId: result.docId, recipients: result.recipients.map((r) => ({ code: r.code })) };
      },
      async agencies(query) {
        const list = await client.agencies(query ?? {});
        return list.map((a) => ({ code: a.code, name: a.name, level: a.level, parentCode: a.parentCode }));
      },
    };
  };
}
