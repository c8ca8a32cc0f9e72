import { axisErrors } from '../domain/errors.ts';
import type { DeliveryRecord, DeliveryStore, TransportState } from './ports.ts';
import { pageOf } from './paging.ts';

export interface InboxInput {
  /** Agencies the calling system receives for. */
  readonly systemAgencies: readonly string[];
  /** Restrict to one of them (VXP `to` header). */
  readonly to?: string | undefined;
  readonly kind: 'edoc' | 'status';
  readonly states?: readonly TransportState[] | undefined;
  readonly from?: Date | undefined;
  readonly until?: Date | undefined;
  readonly pageSize?: number | undefined;
  readonly pageIndex?: number | undefined;
}

function recipientsOf(input: Pick<InboxInput, 'systemAgencies' | 'to'>): readonly string[] {
  if (input.to === undefined || input.to === '') return input.systemAgencies;
  // Another agency's inbox is not an error to reveal: it is simply empty for this system.
  return input.systemAgencies.includes(input.to) ? [input.to] : [];
}

/** The deliveries waiting for the system's agencies, oldest first (issue 3: getReceivedEdocList). */
export async function listInbox(
  deps: { deliveries: DeliveryStore },
  input: InboxInput,
): Promise<DeliveryRecord[]> {
  const { limit, offset } = pageOf(input.pageSize, input.pageIndex);
  if (input.from && input.until && input.from > input.until) {
    throw axisErrors.error('axis.request_invalid', { reason: 'fromDate is after toDate' });
  }
  return deps.deliveries.listInbox({
    recipientCodes: recipientsOf(input),
    kind: input.kind,
    ...(input.states ? { states: input.states } : {}),
    ...(input.from ? { from: input.from } : {}),
    ...(input.until ? { to: input.until } : {}),
    limit,
    offset,
  });
}

export async function countInbox(
  deps: { deliveries: DeliveryStore },
  input: Omit<InboxInput, 'pageSize' | 'pageIndex'>,
): Promise<number> {
  return deps.deliveries.countInbox({
    recipientCodes: recipientsOf(input),
    kind: input.kind,
    ...(input.states ? { states: input.states } : {}),
    ...(input.from ? { from: input.from } : {}),
    ...(input.until ? { to: input.until } : {}),
  });
}
