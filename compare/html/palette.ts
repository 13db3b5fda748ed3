import { contenderNames, type ContenderName } from '../../functions.config.ts';
import type { CostBreakdown } from '../../formats/comparison.ts';

/**
 * Okabe and Ito's colour-blind-safe set, in the order contenders take them: blue against
 * vermillion stays distinct under every common colour vision deficiency (where Node's brand green
 * against Rust's orange would not), and the others stay apart from both and from each other.
 */
const okabeIto = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'] as const;

/**
 * Each declared contender's colour, the same on every chart and in the table of every report: by
 * its place in the declaration, so a run of some contenders colours each as a run of all does.
 */
export const routeColours = Object.fromEntries(contenderNames.map((name, index) => [name, okabeIto[index % okabeIto.length]!])) as Record<ContenderName, string>;

export type CostItem = Exclude<keyof CostBreakdown, 'total'>;

/**
 * Cost items in stacking order. The Lambda items are purples and everything else is grey, so the
 * Lambda share stands out against the whole bill without clashing with the route colours.
 */
export const costItems: readonly { item: CostItem; label: string; colour: string; lambda: boolean }[] = [
  { item: 'lambdaRequests', label: 'Lambda requests', colour: '#3f007d', lambda: true },
  { item: 'lambdaCompute', label: 'Lambda compute', colour: '#6a51a3', lambda: true },
  { item: 'lambdaInit', label: 'Lambda INIT (cold starts)', colour: '#9e9ac8', lambda: true },
  { item: 'apiGateway', label: 'API Gateway', colour: '#525252', lambda: false },
  { item: 's3Puts', label: 'S3 PUT', colour: '#969696', lambda: false },
  { item: 's3Gets', label: 'S3 GET', colour: '#aaaaaa', lambda: false },
  { item: 'dynamodbWrites', label: 'DynamoDB writes', colour: '#bdbdbd', lambda: false },
  { item: 'logs', label: 'CloudWatch Logs', colour: '#e0e0e0', lambda: false },
];

/** `#rrggbb` as an `rgba()` with the given opacity, for fills drawn under a full-colour line. */
export function withAlpha(hex: string, alpha: number): string {
  return `rgba(${rgbOf(hex).join(', ')}, ${alpha})`;
}

/** `#rrggbb` as its red, green and blue, 0…255. */
export function rgbOf(hex: string): number[] {
  return [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16));
}
