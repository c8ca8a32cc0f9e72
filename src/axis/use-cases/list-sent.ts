import type { DeliveryStore, SentRow } from './ports.ts';
import { pageOf } from './paging.ts';

/** Per-recipient send and receive status of what a system sent (VXP getSentEdocList). */
export async function listSent(
  deps: { deliveries: DeliveryStore },
  input: {
    systemId: string;
    docId?: string | undefined;
    kind?: 'edoc' | 'status' | undefined;
    pageSize?: number;
    pageIndex?: number;
  },
): Promise<SentRow[]> {
  const { limit, offset } = pageOf(input.pageSize, input.pageIndex);
  return deps.deliveries.listSent({
    senderSystem: input.systemId,
    ...(input.docId ? { docId: input.docId.trim() } : {}),
    ...(input.kind ? { kind: input.kind } : {}),
    limit,
    offset,
  });
}
