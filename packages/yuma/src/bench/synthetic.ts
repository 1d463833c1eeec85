/**
 * Synthetic subnets for benchmarks and load tests: `validators` staked uids that set weights on every
 * miner (full rows), with bonds carried from a previous epoch. Deterministic (seeded LCG).
 */
import type { EpochInput } from "../types.js";

export interface SyntheticOptions {
  readonly validators: number;
  readonly miners: number;
  readonly yuma3?: boolean;
  readonly liquidAlpha?: boolean;
  readonly seed?: number;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function syntheticEpochInput(opts: SyntheticOptions): EpochInput {
  const { validators, miners } = opts;
  const n = validators + miners;
  const rand = lcg(opts.seed ?? 42);
  const currentBlock = 10_000;
  const weights: Array<Array<[number, number]>> = [];
  for (let i = 0; i < n; i++) {
    if (i >= validators) {
      weights.push([]);
      continue;
    }
    // Each validator scores every miner around a shared "true" quality, with its own noise.
    const row: Array<[number, number]> = [];
    let max = 0;
    const raw: number[] = [];
    for (let j = validators; j < n; j++) {
      const quality = ((j * 2654435761) % 1000) / 1000;
      const v = Math.max(0, quality + (rand() - 0.5) * 0.2);
      raw.push(v);
      if (v > max) max = v;
    }
    for (let j = validators; j < n; j++)
      row.push([j, Math.round(((raw[j - validators] ?? 0) / max) * 65535)]);
    weights.push(row);
  }
  const bonds: Array<Array<[number, number]>> = weights.map((row, i) =>
    i < validators ? row.map(([j, w]) => [j, Math.floor(w / 3)] as [number, number]) : [],
  );
  return {
    n,
    currentBlock,
    tempo: 360,
    activityCutoff: 5000,
    lastUpdate: Array.from({ length: n }, () => currentBlock - 10),
    blockAtRegistration: Array.from({ length: n }, (_, i) => i),
    stake: Array.from({ length: n }, (_, i) =>
      i < validators ? BigInt(Math.floor(1e12 * (1 + rand() * 100))) : BigInt(Math.floor(1e9 * rand())),
    ),
    stakeThreshold: 0n,
    ownerUid: null,
    validatorPermit: Array.from({ length: n }, (_, i) => i < validators),
    maxAllowedValidators: validators,
    weights,
    bonds,
    kappa: 32767,
    bondsPenalty: 65535,
    bondsMovingAverage: 900_000,
    yuma3: opts.yuma3 ?? true,
    liquidAlpha: opts.liquidAlpha ?? false,
    alphaLow: 45875,
    alphaHigh: 58982,
    alphaSigmoidSteepness: 1000,
    lastMechanismStepBlock: currentBlock - 360,
    commitBlocks: null,
    raoEmission: 148_000_000_000n,
  };
}
