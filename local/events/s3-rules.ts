/**
 * A bucket's notification configuration as S3 applies it: each rule (one `LambdaFunctionConfiguration`
 * on AWS) names event types, a key prefix and suffix, and a target; an event goes to the rule whose
 * filter matches its key. versitygw has no such configuration (PutBucketNotificationConfiguration
 * answers 501), so the stand-in holds it here.
 */
import { s3EventNames, type S3EventName } from '../../formats/s3-event.ts';
import { CommandError } from '../../toolchain/command.ts';

type Family<Name> = Name extends `${infer F}:${string}` ? F : never;

/** An event type or a whole family (`ObjectCreated:*`), as a configuration's `Events` names them, without `s3:`. */
export type S3EventPattern = S3EventName | `${Family<S3EventName>}:*`;

export interface NotificationRule<Target> {
  /** The configuration's Id, which S3 writes in each record as `s3.configurationId`. */
  id: string;
  /** On the key as written (decoded), e.g. `uploads/node/`; '' for every key. */
  prefix: string;
  suffix?: string;
  events: readonly S3EventPattern[];
  target: Target;
}

/**
 * Refuses what PutBucketNotificationConfiguration refuses, with its words: two rules that could both
 * match one event. So on AWS, as here, an event matches one rule at the most.
 */
export function checkRules(rules: readonly NotificationRule<unknown>[]): void {
  const ids = new Set<string>();
  for (const rule of rules) {
    if (rule.events.length === 0) throw new CommandError(`notification rule '${rule.id}' names no event type`);
    if (ids.has(rule.id)) throw new CommandError(`two notification rules have the Id '${rule.id}': an Id must be unique`);
    ids.add(rule.id);
  }
  rules.forEach((rule, index) => {
    const other = rules.slice(index + 1).find((later) => overlap(rule, later));
    if (other) {
      throw new CommandError(
        `notification rules '${rule.id}' and '${other.id}': Configuration is ambiguously defined. ` +
          'Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.',
      );
    }
  });
}

/** The rules an event goes to: S3 sends one notification per matching configuration. */
export function matchingRules<Target>(
  rules: readonly NotificationRule<Target>[],
  eventName: S3EventName,
  key: string,
): NotificationRule<Target>[] {
  return rules.filter(
    (rule) =>
      rule.events.some((pattern) => matchesEvent(pattern, eventName)) &&
      key.startsWith(rule.prefix) &&
      key.endsWith(rule.suffix ?? ''),
  );
}

function matchesEvent(pattern: S3EventPattern, eventName: S3EventName): boolean {
  return pattern.endsWith(':*') ? eventName.startsWith(pattern.slice(0, -1)) : pattern === eventName;
}

/** Some key could match both: a shared event type, prefixes one of which starts the other, suffixes one of which ends the other. */
function overlap(a: NotificationRule<unknown>, b: NotificationRule<unknown>): boolean {
  const sharedEvent = s3EventNames.some(
    (name) => a.events.some((pattern) => matchesEvent(pattern, name)) && b.events.some((pattern) => matchesEvent(pattern, name)),
  );
  const [aSuffix, bSuffix] = [a.suffix ?? '', b.suffix ?? ''];
  return (
    sharedEvent &&
    (a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix)) &&
    (aSuffix.endsWith(bSuffix) || bSuffix.endsWith(aSuffix))
  );
}
