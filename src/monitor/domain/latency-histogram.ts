/**
 * Latency histograms with fixed, roughly logarithmic buckets (minutes). Bucket counts add up, so
 * they are kept incrementally per agency and month and merged for any selection; the median is read
 * from the merged counts with linear interpolation inside its bucket (error bounded by the bucket
 * width, like t-digest's guarantee near the middle).
 */

/** Upper bounds, in minutes, of buckets 0..n-1; the last bucket is open-ended. */
export const LATENCY_BOUNDS_MINUTES: readonly number[] = [
  1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 720, 1440, 2880, 4320, 7200, 10080, 14400, 20160, 30240, 43200,
  86400,
];

export const LATENCY_BUCKETS = LATENCY_BOUNDS_MINUTES.length + 1;

export type LatencyMetric = 'ack' | 'complete';

export function latencyBucket(milliseconds: number): number {
  const minutes = Math.max(0, milliseconds) / 60_000;
  for (let i = 0; i < LATENCY_BOUNDS_MINUTES.length; i += 1) {
    if (minutes <= LATENCY_BOUNDS_MINUTES[i]!) return i;
  }
  return LATENCY_BOUNDS_MINUTES.length;
}

function bounds(bucket: number): [number, number] {
  const lower = bucket === 0 ? 0 : LATENCY_BOUNDS_MINUTES[bucket - 1]!;
  const upper = LATENCY_BOUNDS_MINUTES[bucket] ?? lower * 2;
  return [lower, upper];
}

/** Quantile q (0..1) in minutes from bucket counts (index = bucket); null when empty. */
export function histogramQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let cumulative = 0;
  for (let bucket = 0; bucket < counts.length; bucket += 1) {
    const n = counts[bucket] ?? 0;
    if (n === 0) continue;
    if (cumulative + n >= rank) {
      const [lower, upper] = bounds(bucket);
      const fraction = (rank - cumulative) / n;
      return Math.round((lower + (upper - lower) * fraction) * 100) / 100;
    }
    cumulative += n;
  }
  return bounds(counts.length - 1)[1];
}
