import { Chart } from 'chart.js';
import { formatDollars } from '../../../cost.ts';
import { costItems, routeColours } from '../../palette.ts';
import type { Figure } from '../figure.ts';
import { valueLabels } from '../value-labels.ts';

/** The bill per million requests, stacked by item, with Lambda's own share against the whole. */
export const cost: Figure = {
  id: 'cost',
  title: 'Cost per million requests',
  wide: true,
  drawing({ charts, contenders }) {
    const bills = contenders.map((route) => charts.cost[route]);
    if (bills.every((bill) => !bill || bill.total <= 0)) return { empty: 'No cost: it is worked out from the REPORT records, and this run has none.' };
    const lambdaShare = bills.map((bill) =>
      bill && bill.total > 0 ? costItems.filter(({ lambda }) => lambda).reduce((sum, { item }) => sum + bill[item], 0) / bill.total : 0,
    );
    const percent = (share: number) => `${(100 * share).toFixed(1)} %`;
    return {
      caption: `Purple is what Lambda bills (requests, compute, INIT of cold starts); grey is the rest of the stack. Lambda is ${listed(contenders.map((route, index) => `${percent(lambdaShare[index]!)} of ${route}'s bill`))}.`,
      legend: costItems.map(({ label, colour }) => ({ label, colour })),
      draw(canvas) {
        new Chart(canvas, {
          type: 'bar',
          data: {
            labels: [...contenders],
            datasets: costItems.map(({ item, label, colour }) => ({
              label,
              data: bills.map((bill) => bill?.[item] ?? 0),
              backgroundColor: colour,
              barPercentage: 0.7,
            })),
          },
          options: {
            indexAxis: 'y',
            // Room at the right end of the bars for their totals.
            layout: { padding: { right: 190 } },
            scales: {
              x: { stacked: true, beginAtZero: true, title: { display: true, text: '$ per million requests' }, ticks: { callback: (value) => formatDollars(Number(value)) } },
              y: {
                stacked: true,
                grid: { display: false },
                ticks: { color: (tick) => routeColours[contenders[tick.index]!], font: { weight: 'bold', size: 13 } },
              },
            },
            plugins: { tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatDollars(item.parsed.x ?? 0)}` } } },
          },
          plugins: [
            valueLabels((datasetIndex, index) => {
              const bill = bills[index];
              if (datasetIndex !== costItems.length - 1 || !bill) return null;
              return `${formatDollars(bill.total)} · Lambda ${percent(lambdaShare[index]!)}`;
            }),
          ],
        });
      },
    };
  },
};

/** "a", "a and b", "a, b and c". */
function listed(parts: readonly string[]): string {
  return parts.length <= 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
