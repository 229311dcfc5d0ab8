import { describe, expect, it } from 'vitest';
import { fixtureAccuracyResults, fixtureSpeedResults } from '../testing/fixture-results.js';
import { accuracyChartSpec, latencyChartSpec, ratioChartSpec, throughputChartSpec } from './chart-specs.js';
import { accuracyCharts, speedCharts } from './run-charts.js';
import { renderChart } from './render-chart.js';

/** Width and height from a PNG's IHDR chunk (after checking the signature). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  expect([...png.slice(0, 8)]).toEqual(signature);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(String.fromCharCode(...png.slice(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('charts', () => {
  it('renders the accuracy bars with every system and dataset named, as SVG and a decodable PNG', async () => {
    const chart = await renderChart(accuracyChartSpec(fixtureAccuracyResults()));
    for (const text of ['Zero-shot accuracy per dataset', 'agnews', 'situation', 'gliznet', 'bi-encoder', 'score']) expect(chart.svg).toContain(text);
    expect(chart.svg).toContain('0.85'); // a bar value label
    expect(pngSize(chart.png)).toEqual({ width: chart.width, height: chart.height });
    expect(chart.width).toBeGreaterThan(300);
  });

  it('renders throughput and latency on log axes and the ratio chart with its three series', async () => {
    const results = fixtureSpeedResults();
    const throughput = await renderChart(throughputChartSpec(results));
    for (const text of ['texts per second', 'number of candidate labels', 'gliznet', 'cross-encoder']) expect(throughput.svg).toContain(text);
    const latency = await renderChart(latencyChartSpec(results), { scale: 1 });
    expect(latency.svg).toContain('latency per text (ms)');
    expect(latency.svg).toContain('p95');
    const ratio = ratioChartSpec(results);
    expect(ratio).not.toBeNull();
    const ratioChart = await renderChart(ratio!);
    for (const text of ['throughput ratio (measured)', 'token-count ratio', 'target: 80% of token-count ratio']) expect(ratioChart.svg).toContain(text);
    // scale 1 renders at the SVG's own size, scale 2 (default) at twice that.
    const latencyDouble = await renderChart(latencyChartSpec(results));
    expect(latencyDouble.width).toBe(latency.width * 2);
  });

  it('leaves the ratio chart out when no GliZNet / cross-encoder pair ran', async () => {
    const results = fixtureSpeedResults();
    results.labelCounts = results.labelCounts.map((entry) => ({ ...entry, ratios: null }));
    expect(ratioChartSpec(results)).toBeNull();
    expect((await speedCharts(results)).map((chart) => chart.name)).toEqual(['speed-throughput', 'speed-latency']);
    expect((await accuracyCharts(fixtureAccuracyResults())).map((chart) => chart.name)).toEqual(['accuracy']);
  });
});
