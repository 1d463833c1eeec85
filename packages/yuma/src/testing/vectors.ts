/** Loading the golden vectors (schema yuma-golden/v1) shipped in `packages/yuma/vectors/`. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseEpochInput } from "../io.js";
import type { EpochInput } from "../types.js";

export const vectorsDir = fileURLToPath(new URL("../../vectors/", import.meta.url));

/** One epoch call of a golden case: its input, the complete expected output, the Rust assertions. */
export interface GoldenStep {
  readonly label: string;
  readonly input: Record<string, unknown> | string;
  readonly expected: Record<string, unknown>;
  readonly asserted?: ReadonlyArray<Record<string, unknown>>;
}

export interface GoldenCase {
  readonly id: string;
  readonly description: string;
  readonly steps: readonly GoldenStep[];
}

export function readVectorFile<T = { cases: GoldenCase[] }>(name: string): T {
  return JSON.parse(readFileSync(`${vectorsDir}${name}`, "utf8")) as T;
}

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Converts a vector's snake_case epoch input to the camelCase interface and parses it. */
export function vectorInput(raw: Record<string, unknown>): EpochInput {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[camel(k)] = v;
  return parseEpochInput(out);
}

export function camelKeys(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[camel(k)] = v;
  return out;
}
