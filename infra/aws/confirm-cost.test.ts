import { describe, expect, it } from 'vitest';
import { defaultPricing } from '../../compare/pricing.ts';
import { CommandError } from '../../toolchain/command.ts';
import { confirmRunCost, confirmRunsCost, confirmThumbnailsCost, estimateRun, estimateThumbnails, type RunPlan, type ThumbnailsPlan } from './confirm-cost.ts';

const loadTest: RunPlan = { label: 'k6 load test', requests: { node: 1_000_000 }, architecture: 'arm64', throughApi: true };

function printed(): { lines: string[]; print: (line: string) => void } {
  const lines: string[] = [];
  return { lines, print: (line) => lines.push(line) };
}

describe('the cost gate before a run on AWS', () => {
  it('estimates with the planning assumptions and the declared memory', () => {
    // 1 M requests to the 256 MB arm64 Node function through the API, 100 ms billed, 1 % cold with 1 s INIT:
    // API 1 + requests 0.2 + compute 1e6 × 0.25 × 0.1 × 0.0000133334 = 0.333335
    // + INIT 1e4 × 0.25 × 1 × 0.0000133334 = 0.0333335 + S3 5 + DynamoDB 0.625 + logs 0.167638 = 7.3593065
    expect(estimateRun(loadTest, defaultPricing).total).toBeCloseTo(7.3593065, 5);
  });

  it('prints the estimate and stops a run nobody has confirmed, in one line', () => {
    const { lines, print } = printed();
    const stop = () => confirmRunCost(loadTest, { pricing: defaultPricing, yes: false, env: {}, print });
    expect(stop).toThrow(CommandError);
    expect(stop).toThrow('k6 load test on AWS costs about $7.36: run it again with --yes (or CONFIRM=1) to go ahead');
    expect(lines[0]).toBe(
      'cost: k6 load test on AWS, 1,000,000 requests, is estimated at $7.36 (us-east-1 prices of 2026-11-23, assuming ≤ 100 ms billed per request)',
    );
  });

  it('goes ahead with --yes or CONFIRM=1, still printing the estimate', () => {
    const { lines, print } = printed();
    expect(confirmRunCost(loadTest, { pricing: defaultPricing, yes: true, env: {}, print }).total).toBeCloseTo(7.3593065, 5);
    expect(() => confirmRunCost(loadTest, { pricing: defaultPricing, yes: false, env: { CONFIRM: '1' }, print })).not.toThrow();
    expect(lines).toHaveLength(2);
  });

  it('lets the smoke test through without asking', () => {
    const smoke: RunPlan = { ...loadTest, label: 'smoke test', requests: { node: 10, rust: 10, baseline: 10 }, smoke: true };
    expect(() => confirmRunCost(smoke, { pricing: defaultPricing, yes: false, env: {}, print: () => {} })).not.toThrow();
  });

  it('prices forced cold starts as direct invocations that all pay INIT', () => {
    // 10 Invokes of the 256 MB baseline: no API, no storage; requests 0.000002
    // + compute 10 × 0.25 × 0.1 × 0.0000133334 = 0.00000333335 + INIT 10 × 0.25 × 1 × 0.0000133334 = 0.0000333335
    // + logs 3,600 / 2^30 × 0.5 = 0.0000016764 → 0.0000403432
    const plan: RunPlan = { label: 'cold starts', requests: { baseline: 10 }, architecture: 'arm64', throughApi: false, allCold: true };
    expect(estimateRun(plan, defaultPricing).total).toBeCloseTo(0.0000403432, 9);
  });

  it('prices a plan at its own memory size where it names one', () => {
    // The same run at 1024 MB: compute and INIT four times the 256 MB figures, the rest unchanged:
    // 7.3593065 + 3 × 0.333335 + 3 × 0.0333335 = 8.459312
    expect(estimateRun({ ...loadTest, memoryMb: 1024 }, defaultPricing).total).toBeCloseTo(8.459312, 5);
  });

  it('asks once for several runs, with their estimates and requests added up', () => {
    // Given the same load at 256 MB and at 1024 MB, as npm run tune plans it
    const { lines, print } = printed();
    const plans = [{ ...loadTest, memoryMb: 256 }, { ...loadTest, memoryMb: 1024 }];
    // When nobody has confirmed, then one line says the total and the run stops
    expect(() => confirmRunsCost('tune (a k6 ramp at each of 256, 1024 MB)', plans, { pricing: defaultPricing, yes: false, env: {}, print })).toThrow(
      'tune (a k6 ramp at each of 256, 1024 MB) on AWS costs about $15.82: run it again with --yes (or CONFIRM=1) to go ahead',
    );
    expect(lines).toEqual([expect.stringMatching(/^cost: tune \(a k6 ramp at each of 256, 1024 MB\) on AWS, 2,000,000 requests, is estimated at \$15\.82 /)]);
    // and with --yes the total comes back
    expect(confirmRunsCost('tune', plans, { pricing: defaultPricing, yes: true, env: {}, print })).toBeCloseTo(7.3593065 + 8.459312, 5);
  });
});

describe('the cost gate before a thumbnails run on AWS', () => {
  // The default run: 5 uploads a second to each of the three contenders for 60 s.
  const thumbnails: ThumbnailsPlan = { label: 'thumbnails test', uploads: { node: 300, rust: 300, python: 300 }, architecture: 'arm64' };

  it("estimates each upload as a millionth of the pipeline's cost per million images, with the planning assumptions", () => {
    // Per million at 1024 MB arm64, 1 s billed, 1 attempt, 1 % cold with 1 s INIT: requests 0.2
    // + compute 1e6 × 1 × 1 × 0.0000133334 = 13.3334 + INIT 1e4 × 1 × 1 × 0.0000133334 = 0.133334
    // + S3 PUTs (upload, thumbnail) 10 + GET 0.4 + DynamoDB 0.625 + logs 0.167638 = 24.859372 → 900 uploads: 0.0223734
    expect(estimateThumbnails(thumbnails, defaultPricing)).toBeCloseTo(0.0223734, 6);
    expect(estimateThumbnails({ ...thumbnails, architecture: 'x86_64' }, defaultPricing)).toBeGreaterThan(estimateThumbnails(thumbnails, defaultPricing));
  });

  it('prints the estimate in one line and stops before any upload nobody has confirmed', () => {
    const { lines, print } = printed();
    const stop = () => confirmThumbnailsCost(thumbnails, { pricing: defaultPricing, yes: false, env: {}, print });
    expect(stop).toThrow(CommandError);
    expect(stop).toThrow('thumbnails test on AWS costs about $0.02: run it again with --yes (or CONFIRM=1) to go ahead');
    expect(lines[0]).toBe(
      'cost: thumbnails test on AWS, 900 uploads, is estimated at $0.02 ' +
        '(us-east-1 prices of 2026-11-23, assuming 1 s billed per invocation at 1024 MB, 1 attempt per upload, 1 % cold)',
    );
  });

  it('goes ahead with --yes or CONFIRM=1, still printing the estimate', () => {
    const { lines, print } = printed();
    expect(confirmThumbnailsCost(thumbnails, { pricing: defaultPricing, yes: true, env: {}, print })).toBeCloseTo(0.0223734, 6);
    expect(() => confirmThumbnailsCost(thumbnails, { pricing: defaultPricing, yes: false, env: { CONFIRM: '1' }, print })).not.toThrow();
    expect(lines).toHaveLength(2);
  });
});
