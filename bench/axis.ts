// Axis benchmark — being written by engineer A2 (claimed 2026-11-22 05:04 UTC).
//
// Measures (issue 3, "Must show"): sendEdoc throughput and p50/p99 latency over real HTTP
// (10 KB / 367 KB / 20 MB packages, 8–64 concurrent VXP clients), inbox listing and fetch
// latency with 1 million stored deliveries, server RSS during a 200 MB streamed send, and two
// floors (bare Fastify route, raw durable multi-row INSERT) — on PostgreSQL and PGlite.
// Work in progress: not runnable yet.
export {};
