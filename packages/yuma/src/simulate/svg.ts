/**
 * A hand-written SVG chart of a simulation: validator dividends per epoch (top panel) and miner
 * incentive per epoch (bottom panel), one polyline per uid, a legend per panel, axes with ticks.
 * Epochs with a bond reset or re-registration are marked with a dashed vertical line.
 */
import { fx } from "@taonet/math";
import type { EpochOutput } from "../types.js";
import type { SimulationResult } from "./run.js";

export interface SvgOptions {
  readonly width?: number;
  readonly height?: number;
}

const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

export function seriesColor(i: number): string {
  return PALETTE[i] ?? `hsl(${Math.round((i * 137.508) % 360)}, 65%, 42%)`;
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const fmt = (x: number) => (Math.round(x * 100) / 100).toString();

/** The smallest "nice" upper bound (0.05, 0.1, 0.2, 0.25, 0.5, 1) at or above the data maximum. */
function niceMax(max: number): number {
  for (const v of [0.05, 0.1, 0.2, 0.25, 0.5]) if (max <= v + 1e-12) return v;
  return Math.max(1, Math.ceil(max));
}

/** Tick step for n epochs so that there are at most ~10 ticks. */
function epochStep(epochs: number): number {
  for (const base of [1, 2, 5]) {
    for (let mult = 1; mult <= 1e6; mult *= 10) if (epochs / (base * mult) <= 10) return base * mult;
  }
  return 1e6;
}

interface Series {
  readonly name: string;
  readonly values: readonly number[];
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function panel(
  out: string[],
  box: Box,
  title: string,
  yLabel: string,
  series: readonly Series[],
  epochs: number,
  markers: readonly number[],
  legendX: number,
  colorOffset: number,
): void {
  const { x, y, w, h } = box;
  let max = 0;
  for (const s of series) for (const v of s.values) if (v > max) max = v;
  const yMax = niceMax(max);
  const px = (e: number) => (epochs <= 1 ? x + w / 2 : x + (e / (epochs - 1)) * w);
  const py = (v: number) => y + h - (Math.min(v, yMax) / yMax) * h;

  out.push(`<g class="panel">`);
  out.push(`<text x="${x}" y="${y - 8}" font-size="14" font-weight="bold">${escapeXml(title)}</text>`);
  out.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#ffffff" stroke="#444444"/>`);
  // Horizontal grid and y ticks.
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    const ty = py(v);
    out.push(`<line x1="${x}" y1="${fmt(ty)}" x2="${x + w}" y2="${fmt(ty)}" stroke="#e3e3e3"/>`);
    out.push(`<line x1="${x - 5}" y1="${fmt(ty)}" x2="${x}" y2="${fmt(ty)}" stroke="#444444"/>`);
    out.push(
      `<text x="${x - 8}" y="${fmt(ty + 4)}" font-size="11" text-anchor="end">${escapeXml(String(Math.round(v * 1000) / 1000))}</text>`,
    );
  }
  // X ticks.
  const step = epochStep(epochs);
  for (let e = 0; e < epochs; e += step) {
    const tx = px(e);
    out.push(`<line x1="${fmt(tx)}" y1="${y + h}" x2="${fmt(tx)}" y2="${y + h + 5}" stroke="#444444"/>`);
    out.push(`<text x="${fmt(tx)}" y="${y + h + 18}" font-size="11" text-anchor="middle">${e}</text>`);
  }
  out.push(`<text x="${x + w / 2}" y="${y + h + 34}" font-size="12" text-anchor="middle">epoch</text>`);
  out.push(
    `<text x="${x - 44}" y="${y + h / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 ${x - 44} ${y + h / 2})">${escapeXml(yLabel)}</text>`,
  );
  for (const e of markers) {
    const mx = fmt(px(e));
    out.push(`<line x1="${mx}" y1="${y}" x2="${mx}" y2="${y + h}" stroke="#999999" stroke-dasharray="4 3"/>`);
  }
  series.forEach((s, i) => {
    const points = s.values.map((v, e) => `${fmt(px(e))},${fmt(py(v))}`).join(" ");
    out.push(
      `<polyline fill="none" stroke="${seriesColor(i + colorOffset)}" stroke-width="2" stroke-linejoin="round" points="${points}"><title>${escapeXml(s.name)}</title></polyline>`,
    );
  });
  // Legend: as many entries as fit, then "+k more".
  const lineHeight = 16;
  const fit = Math.max(1, Math.floor(h / lineHeight));
  const shown = series.length > fit ? fit - 1 : series.length;
  for (let i = 0; i < shown; i++) {
    const ly = y + 10 + i * lineHeight;
    const s = series[i];
    if (!s) continue;
    out.push(
      `<line x1="${legendX}" y1="${ly}" x2="${legendX + 18}" y2="${ly}" stroke="${seriesColor(i + colorOffset)}" stroke-width="3"/>`,
    );
    out.push(
      `<text x="${legendX + 24}" y="${ly + 4}" font-size="11">${escapeXml(truncate(s.name, 30))}</text>`,
    );
  }
  if (shown < series.length) {
    out.push(
      `<text x="${legendX}" y="${y + 14 + shown * lineHeight}" font-size="11" font-style="italic">+${series.length - shown} more</text>`,
    );
  }
  out.push(`</g>`);
}

/** The chart as an SVG document (default 900 x 600). */
export function simulationToSvg(result: SimulationResult, options: SvgOptions = {}): string {
  const width = options.width ?? 900;
  const height = options.height ?? 600;
  const { participants, records, epochs } = result;
  const seriesOf = (role: "validator" | "miner", pick: (o: EpochOutput) => readonly number[]): Series[] =>
    participants
      .filter((p) => p.role === role)
      .map((p) => ({ name: p.name, values: records.map((r) => fx.toNumber(pick(r.output)[p.uid] ?? 0)) }));
  const markers = records
    .filter((r) => r.bondsReset.length > 0 || r.reregistered.length > 0)
    .map((r) => r.epoch);

  const left = 70;
  const legendWidth = 230;
  const plotWidth = width - left - legendWidth;
  const top = 80;
  const gap = 64;
  const bottom = 46;
  const panelHeight = (height - top - gap - bottom) / 2;
  const legendX = left + plotWidth + 20;

  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
  );
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#fafafa"/>`);
  out.push(
    `<text x="${left}" y="24" font-size="16" font-weight="bold">${escapeXml(result.scenario.name)}</text>`,
  );
  const hp = result.hyperparameters;
  const subtitle = `${result.mode}, ${epochs} epochs, kappa ${hp.kappa}/65535, bonds penalty ${hp.bondsPenalty}/65535, bonds moving average ${hp.bondsMovingAverage}/1e6${hp.liquidAlpha ? `, alpha ${hp.alphaLow}..${hp.alphaHigh}/65535` : ""}`;
  out.push(`<text x="${left}" y="42" font-size="11" fill="#555555">${escapeXml(subtitle)}</text>`);
  panel(
    out,
    { x: left, y: top, w: plotWidth, h: panelHeight },
    "Validator dividends",
    "dividends (share per epoch)",
    seriesOf("validator", (o) => o.dividends),
    epochs,
    markers,
    legendX,
    0,
  );
  panel(
    out,
    { x: left, y: top + panelHeight + gap, w: plotWidth, h: panelHeight },
    "Miner incentive",
    "incentive (share per epoch)",
    seriesOf("miner", (o) => o.incentive),
    epochs,
    markers,
    legendX,
    result.validatorCount,
  );
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}
