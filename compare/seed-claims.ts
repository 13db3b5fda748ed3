import type { ContenderName } from '../functions.config.ts';

/**
 * A row of the comparison a claim speaks of. A sampled statistic is decided by its interval, and
 * is inconclusive without one; an exact figure (a package's bytes) or one derived from means (a
 * cost) decides alone.
 */
export interface ClaimedRow {
  row: string;
  decidedBy: 'interval' | 'figure';
  /** What to call the metric, and why, where a run has no such row. */
  absent?: { label: string; why: string };
}

export interface SeedClaim {
  quote: string;
  claimed: { low: number; high: number };
  metrics: ClaimedRow[];
}

export interface SeedClaims {
  source: string;
  winner: ContenderName;
  loser: ContenderName;
  claims: SeedClaim[];
}

/** "Rust outperformed Python by 8-10x": the factor every claim below is held to. */
const eightToTen = { low: 8, high: 10 };

const sampled = (...rows: string[]): ClaimedRow[] => rows.map((row) => ({ row, decidedBy: 'interval' }));
const figures = (...rows: string[]): ClaimedRow[] => rows.map((row) => ({ row, decidedBy: 'figure' }));

/**
 * The claims of the write-up this project grew from, in its words ("Findings"), each with the
 * metrics it speaks of. "Consistent across all metrics" makes 8–10× the claim for every one of
 * them, the resources and the cost included.
 */
export const seedClaims: SeedClaims = {
  source: 'the write-up "Python vs Rust Lambda Performance Comparison", Findings',
  winner: 'rust',
  loser: 'python',
  claims: [
    {
      quote: 'In all cases, Rust outperformed Python by 8-10x.',
      claimed: eightToTen,
      metrics: sampled('latency.p50', 'latency.p95', 'latency.p99', 'duration.p50'),
    },
    {
      quote: 'This was consistent across all metrics',
      claimed: eightToTen,
      metrics: [...sampled('cold.init.p50', 'cold.client.p50', 'billed.p50'), ...figures('errors.rate', 'throughput.rps')],
    },
    {
      quote: 'and resulted in similar cost savings.',
      claimed: eightToTen,
      metrics: figures('cost.total', 'cost.lambda'),
    },
    {
      quote: 'Rust consumes substantially fewer resources than Python, evidenced by the small size of the zip file',
      claimed: eightToTen,
      metrics: figures('package.zip', 'package.unzipped'),
    },
    {
      quote: 'and extending to lower CPU and memory use during testing.',
      claimed: eightToTen,
      metrics: [
        ...sampled('memory.p50'),
        {
          row: 'cpu.p50',
          decidedBy: 'interval',
          absent: { label: 'CPU time p50', why: "no CPU time in this run's REPORT records: the stand-in measures it per environment, AWS's REPORT lines do not" },
        },
      ],
    },
  ],
};
