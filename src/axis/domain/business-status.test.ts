import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyRequest, applyStatus, type RecipientState, type StatusCode } from './business-status.ts';

const fresh: RecipientState = { progressCode: null, pendingRequest: null, effect: null };

function run(codes: StatusCode[], role: 'sender' | 'receiver' = 'receiver'): RecipientState {
  let state = fresh;
  for (const code of codes) {
    const result = applyStatus(state, code, code === '13' ? 'sender' : role);
    if (!result.ok) throw new Error(`${code}: ${result.reason}`);
    state = result.next;
  }
  return state;
}

describe('business status transitions (standards-vn §1.5)', () => {
  it('accepts the normal progression 01 → 03 → 04 → 05 → 06, and 03 → 05 directly', () => {
    assert.equal(run(['01', '03', '04', '05', '06']).progressCode, '06');
    assert.equal(run(['03', '05', '06']).progressCode, '06');
  });

  it('refuses 06 before 03, anything after 06 or 02, and a second acceptance', () => {
    assert.equal(applyStatus(run(['01']), '06', 'receiver').ok, false);
    assert.equal(applyStatus(run(['03', '06']), '05', 'receiver').ok, false);
    assert.equal(applyStatus(run(['02']), '03', 'receiver').ok, false);
    assert.equal(applyStatus(run(['03']), '03', 'receiver').ok, false);
  });

  it('refuses a receiver sending 13 and the sender sending 03', () => {
    const r13 = applyStatus(fresh, '13', 'receiver');
    assert.equal(r13.ok, false);
    assert.match(!r13.ok ? r13.reason : '', /original sender/);
    assert.equal(applyStatus(fresh, '03', 'sender').ok, false);
  });

  it('answers a take-back with 15 (revoked) or 16 (kept), and refuses 15/16 with nothing pending', () => {
    assert.equal(applyStatus(fresh, '15', 'receiver').ok, false);
    const requested = run(['03', '13']);
    assert.equal(requested.pendingRequest, 'revoke');
    assert.equal(requested.progressCode, '03');
    assert.equal(run(['03', '13', '15']).effect, 'revoked');
    const kept = run(['03', '13', '16']);
    assert.equal(kept.effect, null);
    assert.equal(kept.pendingRequest, null);
    assert.equal(applyStatus(run(['03', '13', '15']), '05', 'receiver').ok, false);
    assert.equal(applyStatus(run(['03', '13', '15']), '13', 'sender').ok, false);
  });

  it('turns an accepted update or replace request into its effect', () => {
    for (const [request, effect] of [
      ['update', 'updated'],
      ['replace', 'replaced'],
    ] as const) {
      assert.equal(applyRequest(fresh, request).ok, true);
      const result = applyStatus({ ...fresh, progressCode: '03', pendingRequest: request }, '15', 'receiver');
      assert.equal(result.ok && result.next.effect, effect);
    }
    assert.equal(applyRequest({ ...fresh, effect: 'revoked' }, 'update').ok, false);
  });
});
