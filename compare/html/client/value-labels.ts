import { Chart, type Plugin } from 'chart.js';

/**
 * A Chart.js plugin that writes a short text at the end of each bar, so the figures can be read
 * off a screenshot or a printout without hovering. `text` returns null for a bar that gets none.
 */
export function valueLabels(text: (datasetIndex: number, index: number) => string | null): Plugin<'bar'> {
  return {
    id: 'valueLabels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const horizontal = chart.options.indexAxis === 'y';
      ctx.save();
      ctx.fillStyle = '#1f2937';
      ctx.font = `11px ${Chart.defaults.font.family}`;
      ctx.textAlign = horizontal ? 'left' : 'center';
      ctx.textBaseline = horizontal ? 'middle' : 'bottom';
      chart.data.datasets.forEach((_, datasetIndex) => {
        chart.getDatasetMeta(datasetIndex).data.forEach((bar, index) => {
          const label = text(datasetIndex, index);
          if (label === null) return;
          const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
          ctx.fillText(label, horizontal ? x + 6 : x, horizontal ? y : y - 3);
        });
      });
      ctx.restore();
    },
  };
}
