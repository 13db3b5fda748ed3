import { describe, expect, it } from 'vitest';
import { checkRules, matchingRules, type NotificationRule } from './s3-rules.ts';

const uploads = (contender: string, suffix?: string): NotificationRule<string> => ({
  id: `${contender}-uploads${suffix ?? ''}`,
  prefix: `uploads/${contender}/`,
  ...(suffix === undefined ? {} : { suffix }),
  events: ['ObjectCreated:*'],
  target: contender,
});

describe('S3 notification rules', () => {
  it('send an event to the rule whose prefix, suffix and event type match the key as written', () => {
    // Given a rule per contender and one for PNGs only
    const rules = [uploads('node'), uploads('rust'), uploads('python', '.png')];

    // When events are matched on their (decoded) keys
    // Then each reaches its own contender's rule only, and a thumbnail or a deletion reaches none
    expect(matchingRules(rules, 'ObjectCreated:Put', 'uploads/node/red flower+1 é.jpg').map((rule) => rule.target)).toEqual(['node']);
    expect(matchingRules(rules, 'ObjectCreated:CompleteMultipartUpload', 'uploads/rust/big.jpg').map((rule) => rule.target)).toEqual(['rust']);
    expect(matchingRules(rules, 'ObjectCreated:Put', 'uploads/python/a.png').map((rule) => rule.target)).toEqual(['python']);
    expect(matchingRules(rules, 'ObjectCreated:Put', 'uploads/python/a.jpg')).toEqual([]);
    expect(matchingRules(rules, 'ObjectCreated:Put', 'thumbnails/node/red flower+1 é.jpg')).toEqual([]);
    expect(matchingRules(rules, 'ObjectRemoved:Delete', 'uploads/node/a.jpg')).toEqual([]);
  });

  it('are refused, as S3 refuses them, when two could match one event', () => {
    // Given rules whose prefixes nest, or a prefix-only and a suffix-only rule, for a shared event type
    const nested: NotificationRule<string>[] = [
      uploads('node'),
      { id: 'all-uploads', prefix: 'uploads/', events: ['ObjectCreated:Put'], target: 'other' },
    ];
    const crossed: NotificationRule<string>[] = [
      { id: 'images', prefix: 'images/', events: ['ObjectCreated:*'], target: 'a' },
      { id: 'jpegs', prefix: '', suffix: '.jpg', events: ['ObjectCreated:*'], target: 'b' },
    ];

    // When they are checked, Then S3's words come back naming both
    expect(() => checkRules(nested)).toThrow(/'node-uploads' and 'all-uploads': Configuration is ambiguously defined/);
    expect(() => checkRules(crossed)).toThrow(/'images' and 'jpegs'/);
  });

  it('are accepted when they share a prefix but no event type, or a prefix but no suffix', () => {
    const rules: NotificationRule<string>[] = [
      { id: 'created', prefix: 'uploads/', events: ['ObjectCreated:*'], target: 'a' },
      { id: 'removed', prefix: 'uploads/', events: ['ObjectRemoved:*'], target: 'b' },
      { id: 'pngs', prefix: 'other/', suffix: '.png', events: ['ObjectCreated:*'], target: 'c' },
      { id: 'jpegs', prefix: 'other/', suffix: '.jpg', events: ['ObjectCreated:*'], target: 'd' },
    ];
    expect(() => checkRules(rules)).not.toThrow();
  });

  it('are refused with a repeated Id or no event type', () => {
    expect(() => checkRules([uploads('node'), { ...uploads('rust'), id: 'node-uploads' }])).toThrow("the Id 'node-uploads'");
    expect(() => checkRules([{ ...uploads('node'), events: [] }])).toThrow("'node-uploads' names no event type");
  });
});
