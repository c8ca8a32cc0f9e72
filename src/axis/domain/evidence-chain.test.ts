import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalJson,
  chainEvents,
  createChainVerifier,
  GENESIS_HASH,
  type EvidenceEvent,
} from './evidence-chain.ts';

const event = (n: number): EvidenceEvent => ({
  eventType: 'accepted',
  docId: `doc-${n}`,
  packageSha256: 'a'.repeat(64),
  actor: 'qlvb.hanoi',
  at: new Date(Date.UTC(2026, 0, 15, 0, 0, n)),
  details: { recipients: ['000.00.00.H41'], n },
});

describe('hash-chained evidence', () => {
  it('serialises canonically whatever the key order', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } }),
      canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 }),
    );
    assert.equal(canonicalJson({ a: 'Văn bản' }), '{"a":"Văn bản"}');
  });

  it('verifies a chain and pinpoints a modified, removed or reordered entry', () => {
    const chain = chainEvents({ seq: 0, hash: GENESIS_HASH }, [1, 2, 3, 4].map(event));
    const verify = (rows: typeof chain) => {
      const v = createChainVerifier();
      for (const row of rows) {
        const r = v.check(row);
        if (!r.ok) return row.seq;
      }
      return 0;
    };
    assert.equal(verify(chain), 0);
    assert.equal(verify(chain.map((r) => (r.seq === 3 ? { ...r, details: { n: 99 } } : r))), 3);
    assert.equal(verify(chain.filter((r) => r.seq !== 2)), 3);
    assert.equal(verify([chain[0]!, chain[2]!, chain[1]!, chain[3]!]), 3);
  });
});
