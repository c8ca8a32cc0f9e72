import { routeRecipient, type Agency, type RouteOutcome } from '../domain/agency.ts';
import type { AgencyStore } from './ports.ts';

/** Loads the agencies of `codes` and their successor chains, then routes each code. */
export async function resolveRecipients(
  agencies: AgencyStore,
  codes: readonly string[],
  now: Date,
): Promise<Map<string, RouteOutcome>> {
  const known = new Map<string, Agency>();
  let wanted = [...new Set(codes)];
  for (let hop = 0; hop < 9 && wanted.length > 0; hop++) {
    const found = await agencies.getMany(wanted);
    for (const [code, agency] of found) {
      known.set(code, agency);
      known.set(agency.code, agency);
    }
    wanted = [...found.values()]
      .map((a) => a.successorCode)
      .filter((code): code is string => !!code && !known.has(code));
  }
  const outcomes = new Map<string, RouteOutcome>();
  for (const code of codes)
    outcomes.set(
      code,
      routeRecipient(code, (c) => known.get(c), now),
    );
  return outcomes;
}
