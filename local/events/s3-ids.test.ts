import { describe, expect, it } from 'vitest';
import { compareSequencers } from '../../formats/s3-event.ts';
import { newS3RequestIds, sequencerFor } from './s3-ids.ts';

describe('the ids the stand-in stamps on S3 events', () => {
  it('get sequencers in the order of versitygw’s counter, fixed-width upper-case hex, later runs greater', () => {
    const startedAt = Date.parse('2026-12-02T03:26:00.000Z');
    const sequencers = ['9', 'A', 'FF', '100'].map((count) => sequencerFor(startedAt, count));
    expect(sequencers.every((sequencer) => /^[0-9A-F]{20}$/.test(sequencer))).toBe(true);
    expect([...sequencers].sort()).toEqual(sequencers);
    expect(compareSequencers(sequencerFor(startedAt + 1, '1'), sequencerFor(startedAt, 'FFFF'))).toBeGreaterThan(0);
  });

  it('get request ids shaped as S3 gives them', () => {
    const ids = newS3RequestIds();
    expect(ids['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
    expect(ids['x-amz-id-2']).toMatch(/^[A-Za-z0-9+/]{64}$/);
  });
});
