/**
 * Renders a Vega-Lite spec to SVG (vega's headless View, no browser) and to PNG (resvg), with the
 * DejaVu Sans font files from the `dejavu-fonts-ttf` package, so text renders the same on any
 * machine, including one without system fonts.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Font used by every chart (bundled; see chartFontFiles). */
export const CHART_FONT = 'DejaVu Sans';

const require = createRequire(import.meta.url);

/** DejaVu Sans regular and bold from the npm package `dejavu-fonts-ttf` (Bitstream Vera licence, free). */
export function chartFontFiles(): string[] {
  const directory = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return [join(directory, 'DejaVuSans.ttf'), join(directory, 'DejaVuSans-Bold.ttf')];
}

export interface RenderedChart {
  svg: string;
  png: Uint8Array;
  /** PNG size in pixels, as resvg rendered it. */
  width: number;
  height: number;
}

export interface RenderOptions {
  /** PNG pixels per SVG unit. Default 2 (sharp on high-density screens). */
  scale?: number;
}

/** Compiles and renders one chart. */
export async function renderChart(spec: TopLevelSpec, options: RenderOptions = {}): Promise<RenderedChart> {
  const withFont: TopLevelSpec = { ...spec, config: { font: CHART_FONT, background: 'white', ...(spec.config ?? {}) } } as TopLevelSpec;
  const vegaSpec = compile(withFont).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const scale = options.scale ?? 2;
    const resvg = new Resvg(svg, {
      font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
      fitTo: { mode: 'zoom', value: scale },
      background: 'white',
    });
    const image = resvg.render();
    return { svg, png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
  } finally {
    view.finalize();
  }
}
