// The soak suite's shared shapes: what the load records, what the abuse and invariant checks
// return, and the report assembled from them (test/soak/report.ts writes it).

/** One request made by the load generator. */
export interface Sample {
  /** Milliseconds since the soak's load started (when the request was sent). */
  t: number;
  /** "search" | "product" | "cart" | "checkout" | "noop" */
  endpoint: string;
  /** Latency in ms. */
  ms: number;
  /** HTTP status; 0 for a network error. */
  status: number;
  /** For a 5xx: whether the body was the API's own `{ error }` JSON (else the runtime answered). */
  apiError?: boolean;
}

export interface EndpointStats {
  n: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** 5xx and network errors. */
  errors: number;
  statuses: Record<string, number>;
}

/** One concurrency level of the rising load. */
export interface LoadStep {
  concurrency: number;
  /** ms since the load started. */
  startedAt: number;
  durationMs: number;
  requests: number;
  rps: number;
  byEndpoint: Record<string, EndpointStats>;
}

/** One abuse scenario: what was sent and what came back that should not have. */
export interface AbuseResult {
  name: string;
  requests: number;
  /** Answers with status >= 500 (each one is a violation). */
  fiveXx: number;
  /** Connections the server closed after answering 413 early (reported, not a violation). */
  resets: number;
  /** Human-readable descriptions of anything unexpected (wrong status, data changed). */
  unexpected: string[];
}

export interface InvariantResult {
  name: string;
  ok: boolean;
  /** One line: what was checked and, when violated, what was found. */
  detail: string;
  counts: Record<string, number>;
}

export interface SoakReport {
  machine: string;
  command: string;
  startedAt: string;
  durationMs: number;
  /** Fault settings and events (e.g. PAYMENT_FAULT_ERROR_RATE, restarts at t=...). */
  faults: Record<string, string | number>;
  noop: EndpointStats;
  steps: LoadStep[];
  samples: Sample[];
  abuse: AbuseResult[];
  invariants: InvariantResult[];
}
