import type { Comparison } from '../../../formats/comparison.ts';

export interface LegendEntry {
  label: string;
  colour: string;
}

/** A chart ready to draw, or the reason there is none, shown in its place. */
export type Drawing =
  | {
      draw(canvas: HTMLCanvasElement): void;
      /** What the chart shows and the numbers to take away, readable without hovering. */
      caption: string;
      /** Defaults to the compared contenders. */
      legend?: LegendEntry[];
    }
  | { empty: string };

/** One chart of the report: its title and how it is drawn from the comparison. */
export interface Figure {
  /** Stable name, set as `data-chart` on the figure. */
  id: string;
  title: string;
  /** Spans the whole width of the grid. */
  wide?: boolean;
  drawing(comparison: Comparison): Drawing;
}
