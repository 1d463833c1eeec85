/**
 * Sub-subnet mechanisms (reference: `split_emissions`, `epoch_with_mechanisms`). A subnet may run
 * several mechanisms: each has its own weights, bonds, last-update and commit state but shares the
 * neurons, stake, permits and hyperparameters. The emission is split between them (evenly, or by a
 * u16 split summing to 65535; rounding goes to mechanism 0), each runs the full epoch, and per-uid
 * terms are aggregated: rao emissions summed; u16 terms accumulated weighted by each mechanism's share
 * of the emission (U64F64, floored at every step); permits and activity OR-ed.
 */
import { runEpoch } from "./epoch.js";
import type { EpochInput, EpochOutput, SparseRows } from "./types.js";

/** What differs per mechanism. */
export interface MechanismInput {
  readonly weights: SparseRows;
  readonly bonds: SparseRows;
  readonly lastUpdate: readonly number[];
  readonly commitBlocks?: ReadonlyArray<number | null> | null;
}

export interface MechanismsOutput {
  /** Each mechanism's own epoch output (its Incentive and Bonds are stored per mechanism). */
  readonly mechanisms: EpochOutput[];
  /** The alpha each mechanism received. */
  readonly mechanismEmission: bigint[];
  /** Aggregates stored per subnet. */
  readonly active: boolean[];
  readonly newValidatorPermit: boolean[];
  readonly serverEmission: bigint[];
  readonly validatorEmission: bigint[];
  readonly emission: bigint[];
  readonly dividendsU16: number[];
  readonly consensusU16: number[];
  readonly validatorTrustU16: number[];
  readonly stakeWeightU16: number[];
}

const U64_MAX = (1n << 64n) - 1n;

/** `split_emissions`: the alpha each of `count` mechanisms receives. */
export function splitEmission(alpha: bigint, count: number, split?: readonly number[] | null): bigint[] {
  let result: bigint[];
  if (split && split.length > 0) {
    result = split.map((s) => (alpha * BigInt(s)) / 65535n);
  } else {
    const per = count > 0 ? alpha / BigInt(count) : 0n;
    result = Array.from({ length: count }, () => per);
  }
  result = result.slice(0, count);
  while (result.length < count) result.push(0n);
  const distributed = result.reduce((a, b) => a + b, 0n);
  const rounding = alpha > distributed ? alpha - distributed : 0n;
  if (result.length > 0) result[0] = (result[0] ?? 0n) + rounding;
  return result;
}

/** U64F64 `existing + added * weight` floored to an integer (weight as raw U64F64 bits). */
function weightedAccumulate(existing: bigint, added: bigint, weightRaw: bigint, max: bigint): bigint {
  const raw = (existing << 64n) + added * weightRaw;
  const v = raw >> 64n;
  return v > max ? max : v;
}

/** Runs every mechanism's epoch on its share of `input.raoEmission` and aggregates the results. */
export function runEpochWithMechanisms(
  input: EpochInput,
  mechanisms: readonly MechanismInput[],
  split?: readonly number[] | null,
): MechanismsOutput {
  const { n } = input;
  const shares = splitEmission(input.raoEmission, mechanisms.length, split);
  const outputs: EpochOutput[] = [];
  const active = new Array<boolean>(n).fill(false);
  const permit = new Array<boolean>(n).fill(false);
  const server = new Array<bigint>(n).fill(0n);
  const validator = new Array<bigint>(n).fill(0n);
  const emission = new Array<bigint>(n).fill(0n);
  const acc = {
    dividendsU16: new Array<bigint>(n).fill(0n),
    consensusU16: new Array<bigint>(n).fill(0n),
    validatorTrustU16: new Array<bigint>(n).fill(0n),
    stakeWeightU16: new Array<bigint>(n).fill(0n),
  };
  mechanisms.forEach((mech, m) => {
    const share = shares[m] ?? 0n;
    const out = runEpoch({
      ...input,
      weights: mech.weights,
      bonds: mech.bonds,
      lastUpdate: mech.lastUpdate,
      commitBlocks: mech.commitBlocks === undefined ? input.commitBlocks : mech.commitBlocks,
      raoEmission: share,
    });
    outputs.push(out);
    // The mechanism's weight is its share of the emission (U64F64); with no emission at all,
    // mechanism 0 takes the full weight.
    const weightRaw =
      input.raoEmission === 0n ? (m === 0 ? 1n << 64n : 0n) : (share << 64n) / input.raoEmission;
    for (let i = 0; i < n; i++) {
      active[i] = (active[i] ?? false) || (out.active[i] ?? false);
      permit[i] = (permit[i] ?? false) || (out.newValidatorPermit[i] ?? false);
      server[i] = (server[i] ?? 0n) + (out.serverEmission[i] ?? 0n);
      validator[i] = (validator[i] ?? 0n) + (out.validatorEmission[i] ?? 0n);
      emission[i] = weightedAccumulate(emission[i] ?? 0n, out.emission[i] ?? 0n, weightRaw, U64_MAX);
      for (const key of Object.keys(acc) as Array<keyof typeof acc>) {
        const column = acc[key];
        column[i] = weightedAccumulate(column[i] ?? 0n, BigInt(out[key][i] ?? 0), weightRaw, 65535n);
      }
    }
  });
  const u16 = (v: bigint[]) => v.map(Number);
  return {
    mechanisms: outputs,
    mechanismEmission: shares,
    active,
    newValidatorPermit: permit,
    serverEmission: server,
    validatorEmission: validator,
    emission,
    dividendsU16: u16(acc.dividendsU16),
    consensusU16: u16(acc.consensusU16),
    validatorTrustU16: u16(acc.validatorTrustU16),
    stakeWeightU16: u16(acc.stakeWeightU16),
  };
}
