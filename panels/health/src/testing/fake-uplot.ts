// uPlot draws on canvas, which jsdom lacks: tests replace it at its module boundary with this
// recorder of what the chart was given (`vi.mock('uplot', () => import('…/fake-uplot'))`).
export interface RecordedChart {
  series: Array<{ label?: string }>;
  data: unknown[][];
}

export const charts: RecordedChart[] = [];

export default class FakeUPlot {
  constructor(options: { series: Array<{ label?: string }> }, data: unknown[][]) {
    charts.push({ series: options.series, data });
  }
  setSize() {}
  destroy() {}
}
