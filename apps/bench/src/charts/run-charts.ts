/** The charts of a run, rendered: accuracy bars, or throughput / latency / ratio lines. */
import type { AccuracyResults, ChartFiles, SpeedResults } from '../results/result-files.js';
import { accuracyChartSpec, latencyChartSpec, ratioChartSpec, throughputChartSpec } from './chart-specs.js';
import { renderChart } from './render-chart.js';

export async function accuracyCharts(results: AccuracyResults): Promise<ChartFiles[]> {
  const chart = await renderChart(accuracyChartSpec(results));
  return [{ name: 'accuracy', svg: chart.svg, png: chart.png }];
}

export async function speedCharts(results: SpeedResults): Promise<ChartFiles[]> {
  const charts: ChartFiles[] = [];
  const throughput = await renderChart(throughputChartSpec(results));
  charts.push({ name: 'speed-throughput', svg: throughput.svg, png: throughput.png });
  const latency = await renderChart(latencyChartSpec(results));
  charts.push({ name: 'speed-latency', svg: latency.svg, png: latency.png });
  const ratioSpec = ratioChartSpec(results);
  if (ratioSpec !== null) {
    const ratio = await renderChart(ratioSpec);
    charts.push({ name: 'speed-ratio', svg: ratio.svg, png: ratio.png });
  }
  return charts;
}
