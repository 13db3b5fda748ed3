import { describe, expect, it } from 'vitest';
import { compareSequencers, decodeEventKey, encodeEventKey } from './s3-event.ts';

describe('S3 event keys', () => {
  it('are form-encoded as S3 writes them: a space as +, a + as %2B, / kept', () => {
    // Given keys with each character AWS's own events show encoded
    // When they are encoded, Then they read as real events do
    expect(encodeEventKey('red flower.jpg')).toBe('red+flower.jpg');
    expect(encodeEventKey('uploads/node/c++ 1.png')).toBe('uploads/node/c%2B%2B+1.png');
    expect(encodeEventKey('files/2017-11-15 14:22:21_file.csv')).toBe('files/2017-11-15+14%3A22%3A21_file.csv');
    expect(encodeEventKey('something/dt=2018-05-04/_SUCCESS')).toBe('something/dt%3D2018-05-04/_SUCCESS');
    expect(encodeEventKey('100%.jpg')).toBe('100%25.jpg');
    expect(encodeEventKey('café.jpg')).toBe('caf%C3%A9.jpg');
    expect(encodeEventKey('a-b_c.d*e')).toBe('a-b_c.d*e');
  });

  it('decode back to the key that was written, whatever it holds', () => {
    // Given keys with spaces, '+', '%', 'é', '/', ':' and '=' and a four-byte character
    const keys = [
      'uploads/node/red flower+1 é.jpg',
      'thumbnails/rust/100% real=yes:no.png',
      'a+b+c',
      '%2B literally',
      '   leading and trailing   ',
      'emoji 📷/photo.jpeg',
      "(1) copy ~'!.jpg",
    ];

    // When each is encoded and decoded
    // Then the original comes back, and the encoded form has no raw space, '+' of its own or '%' unescaped
    for (const key of keys) {
      const encoded = encodeEventKey(key);
      expect(decodeEventKey(encoded)).toBe(key);
      expect(encoded).not.toMatch(/ |%(?![0-9A-F]{2})/);
    }
  });

  it('decode the form AWS is also seen to send, with / as %2F', () => {
    expect(decodeEventKey('test%2F10%3A47%3A07.log.bz2')).toBe('test/10:47:07.log.bz2');
  });

  it('refuse an encoding with a broken escape, saying which key', () => {
    expect(() => decodeEventKey('100%.jpg')).toThrow("the event key '100%.jpg' is not form-encoded");
  });
});

describe('S3 event sequencers', () => {
  it('compare as AWS says: left-padded with zeros, then lexicographically', () => {
    expect(compareSequencers('0055AED6DCD90281E5', '0055AED6DCD90281E6')).toBeLessThan(0);
    expect(compareSequencers('FF', '0100')).toBeLessThan(0);
    expect(compareSequencers('0A', 'a')).toBe(0);
    expect(compareSequencers('10', 'F')).toBeGreaterThan(0);
  });
});
