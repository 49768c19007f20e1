/** Geometry of the "articles per month" bar chart, computed at build time (the page draws it as SVG). */

/** One month's count. */
export interface MonthCount {
  year: number;
  month: number;
  count: number;
}

/** A bar and its place in the chart's coordinate space. */
export interface Bar extends MonthCount {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The drawn chart: bars, a label under the first month of each year, and the scale's top value. */
export interface BarChart {
  width: number;
  height: number;
  bars: Bar[];
  yearLabels: { year: number; x: number }[];
  max: number;
}

/** Lays out one bar per month in a `width` × `height` box, leaving `axis` pixels at the bottom for labels. */
export function layoutBarChart(months: readonly MonthCount[], width = 640, height = 200, axis = 24): BarChart {
  const max = Math.max(1, ...months.map((m) => m.count));
  const slot = months.length > 0 ? width / months.length : width;
  const gap = slot > 6 ? 2 : 0;
  const plot = height - axis;
  const bars = months.map((m, i) => {
    const h = (m.count / max) * plot;
    return { ...m, x: i * slot + gap / 2, y: plot - h, width: Math.max(1, slot - gap), height: h };
  });
  const yearLabels = bars
    .filter((bar, i) => i === 0 || bar.month === 1)
    .map((bar) => ({ year: bar.year, x: bar.x }));
  return { width, height, bars, yearLabels, max };
}
