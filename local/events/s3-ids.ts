/**
 * The ids S3 stamps on an event that versitygw leaves empty or cannot give: the request ids of the
 * S3 request behind it, and a sequencer that orders the events of one key.
 */
import { randomBytes } from 'node:crypto';
import type { S3EventRecord } from '../../formats/s3-event.ts';

/** Ids shaped as S3's: 16 upper-case hex digits, and 48 bytes in base64. */
export function newS3RequestIds(): S3EventRecord['responseElements'] {
  return {
    'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
    'x-amz-id-2': randomBytes(48).toString('base64'),
  };
}

/**
 * Sequencers that grow with versitygw's own counter, which it takes under its webhook's lock as each
 * request succeeds: so they follow the order S3 did the work in, though its POSTs may arrive in
 * another. The receiver's start time goes first, so a later stand-in's sequencers compare greater
 * too; both parts are zero-padded to a fixed width (20 digits) so plain string order is time order.
 */
export function sequencerFor(startedAtMs: number, versitygwSequencer: string): string {
  const count = BigInt(`0x${versitygwSequencer}`);
  return `${startedAtMs.toString(16).padStart(12, '0')}${count.toString(16).padStart(8, '0')}`.toUpperCase();
}
