/**
 * The multi-epoch runner: turns a scenario into one `EpochInput` per epoch, runs the chain's exact
 * epoch (`runEpoch`) and carries its state (bonds, validator permits) to the next epoch.
 *
 * Chain model: uids 0..V-1 are the validators, V..V+M-1 the miners, all registered at block 0. Epoch e
 * runs at block (e + 1) * tempo; the validators that submit weights do so one block before, so nothing
 * is outdated, inactive or masked unless the scenario says so (a `null` weight row, a re-registration).
 * Weight rows are max-upscaled to u16 as `set_weights` stores them (largest entry = 65535). Before the
 * first epoch the permits are the ones an epoch over the initial stakes would have granted.
 */
import { fx } from "@taonet/math";
import { runEpoch, topkNonzero } from "../epoch.js";
import type { EpochInput, EpochOutput } from "../types.js";
import {
  checkScenario,
  minerIndex,
  type Scenario,
  ScenarioError,
  type ScenarioHyperparameters,
  type SimulationMode,
  scenarioId,
} from "./scenario.js";

const U16_MAX = 65535;

/** Hyperparameters in the chain's own units, as the epoch reads them. */
export interface ResolvedHyperparameters {
  /** u16 (32767 ≈ 0.5). */
  readonly kappa: number;
  /** u16 (65535 = 1). */
  readonly bondsPenalty: number;
  /** Per million (900000: EMA alpha 0.1). */
  readonly bondsMovingAverage: number;
  readonly yuma3: boolean;
  readonly liquidAlpha: boolean;
  /** u16. */
  readonly alphaLow: number;
  /** u16. */
  readonly alphaHigh: number;
  readonly steepness: number;
  readonly bondsResetOn: boolean;
  readonly maxAllowedValidators: number;
  readonly tempo: number;
  /** Blocks: max(floor(13889 * tempo / 1000), 1), the chain's default activity cutoff factor. */
  readonly activityCutoff: number;
}

/** Chain defaults for a new subnet (see docs/simulation.md). */
export const CHAIN_DEFAULTS = {
  kappa: 32767,
  bondsPenalty: 65535,
  bondsMovingAverage: 900_000,
  alphaLow: 45875,
  alphaHigh: 58982,
  steepness: 1000,
  bondsResetOn: false,
  maxAllowedValidators: 64,
  tempo: 360,
} as const;

const ACTIVITY_CUTOFF_FACTOR_MILLI = 13_889;

/**
 * A fraction as the chain's u16: floor(x * 65535), like the chain's own I32F32 → u16 conversions
 * (0.5 → 32767, the default kappa; 1 → 65535).
 */
export function fractionToU16(x: number): number {
  const v = x * U16_MAX;
  const r = Math.round(v);
  return Math.min(Math.max(Math.abs(v - r) < 1e-7 ? r : Math.floor(v), 0), U16_MAX);
}

/** Merges chain defaults, the scenario's values and the caller's overrides (last wins). */
export function resolveHyperparameters(
  mode: SimulationMode,
  ...layers: ReadonlyArray<ScenarioHyperparameters | undefined>
): ResolvedHyperparameters {
  const merged: ScenarioHyperparameters = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [k, v] of Object.entries(layer))
      if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  }
  const u16 = (x: number | undefined, fallback: number) => (x === undefined ? fallback : fractionToU16(x));
  const tempo = merged.tempo ?? CHAIN_DEFAULTS.tempo;
  const resolved: ResolvedHyperparameters = {
    kappa: u16(merged.kappa, CHAIN_DEFAULTS.kappa),
    bondsPenalty: u16(merged.bondsPenalty, CHAIN_DEFAULTS.bondsPenalty),
    bondsMovingAverage:
      merged.bondsMovingAverage === undefined
        ? CHAIN_DEFAULTS.bondsMovingAverage
        : Math.round(merged.bondsMovingAverage * 1_000_000),
    yuma3: mode !== "yuma2",
    liquidAlpha: mode === "yuma3-liquid",
    alphaLow: u16(merged.alphaLow, CHAIN_DEFAULTS.alphaLow),
    alphaHigh: u16(merged.alphaHigh, CHAIN_DEFAULTS.alphaHigh),
    steepness: merged.steepness ?? CHAIN_DEFAULTS.steepness,
    bondsResetOn: merged.bondsResetOn ?? CHAIN_DEFAULTS.bondsResetOn,
    maxAllowedValidators: merged.maxAllowedValidators ?? CHAIN_DEFAULTS.maxAllowedValidators,
    tempo,
    activityCutoff: Math.max(Math.floor((ACTIVITY_CUTOFF_FACTOR_MILLI * tempo) / 1000), 1),
  };
  if (resolved.alphaLow > resolved.alphaHigh) {
    throw new ScenarioError("hyperparameters.alphaLow", "alphaLow must not exceed alphaHigh");
  }
  return resolved;
}

export interface SimulationOptions {
  /** Default: the scenario's mode, else yuma3 (what new subnets run). */
  readonly mode?: SimulationMode | undefined;
  /** Overrides on top of the scenario's hyperparameters. */
  readonly hyperparameters?: ScenarioHyperparameters | undefined;
  /** Run this many epochs instead of the scenario's (the last phase continues). */
  readonly epochs?: number | undefined;
}

export interface SimulationParticipant {
  readonly uid: number;
  readonly name: string;
  readonly role: "validator" | "miner";
}

export interface EpochRecord {
  readonly epoch: number;
  /** The block the epoch ran at. */
  readonly block: number;
  /** Stake per uid in alpha, as the scenario set it (miners 0). */
  readonly stakeAlpha: readonly number[];
  /** Per validator: whether it submitted weights for this epoch. */
  readonly submitted: readonly boolean[];
  /** Miner uids whose bonds were deleted before this epoch. */
  readonly bondsReset: readonly number[];
  /** Miner uids re-registered before this epoch. */
  readonly reregistered: readonly number[];
  readonly input: EpochInput;
  readonly output: EpochOutput;
}

export interface SimulationResult {
  readonly scenario: Scenario;
  readonly id: string;
  readonly mode: SimulationMode;
  readonly hyperparameters: ResolvedHyperparameters;
  readonly epochs: number;
  /** Validators first (uids 0..V-1), then miners. */
  readonly participants: readonly SimulationParticipant[];
  readonly validatorCount: number;
  readonly minerCount: number;
  readonly records: readonly EpochRecord[];
}

/** Python's and the SDK's rounding (half to even). */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * A validator's weight row as stored on chain: each value / row max * 65535, rounded (the SDK's
 * conversion; `set_weights` then max-upscales, a no-op once the largest is 65535). An all-zero row
 * becomes a lone self-weight, the chain's way to abstain.
 */
export function weightRowToU16(
  row: readonly number[],
  self: number,
  firstMinerUid: number,
  zeroWeights: "explicit" | "omit",
): Array<[number, number]> {
  let max = 0;
  for (const w of row) if (w > max) max = w;
  if (!(max > 0)) return [[self, U16_MAX]];
  const out: Array<[number, number]> = [];
  row.forEach((w, j) => {
    const u = Math.min(roundHalfEven((w / max) * U16_MAX), U16_MAX);
    if (u === 0 && zeroWeights === "omit") return;
    out.push([firstMinerUid + j, u]);
  });
  return out;
}

/** Alpha (a JS number) to rao, through its decimal form so 0.1 alpha is exactly 1e8 rao. */
export function alphaToRao(alpha: number): bigint {
  if (!Number.isFinite(alpha) || alpha < 0) throw new RangeError(`invalid stake ${alpha}`);
  const [whole = "0", frac = ""] = alpha.toFixed(9).split(".");
  return BigInt(whole) * 1_000_000_000n + BigInt(frac.padEnd(9, "0").slice(0, 9));
}

/** Runs a scenario through the chain's epoch, one `runEpoch` per epoch. */
export function runScenario(scenario: Scenario, options: SimulationOptions = {}): SimulationResult {
  checkScenario(scenario);
  const epochs = options.epochs ?? scenario.epochs;
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new ScenarioError("epochs", `expected a positive integer, got ${epochs}`);
  const mode = options.mode ?? scenario.mode ?? "yuma3";
  const hp = resolveHyperparameters(mode, scenario.hyperparameters, options.hyperparameters);
  const zeroWeights = scenario.zeroWeights ?? "explicit";
  const nv = scenario.validators.length;
  const nm = scenario.miners.length;
  const n = nv + nm;
  const participants: SimulationParticipant[] = [
    ...scenario.validators.map((v, uid): SimulationParticipant => ({ uid, name: v.name, role: "validator" })),
    ...scenario.miners.map((name, j): SimulationParticipant => ({ uid: nv + j, name, role: "miner" })),
  ];

  let stakeAlpha = scenario.validators.map((v) => v.stake);
  let rows: Array<ReadonlyArray<number> | null> = scenario.validators.map(() => null);
  const weights: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  const lastUpdate = new Array<number>(n).fill(0);
  const blockAtRegistration = new Array<number>(n).fill(0);
  let bonds: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  let phaseIndex = 0;
  // Apply phases starting at epoch 0 first, so the initial permits see the initial stakes.
  const phases = scenario.phases;
  const applyPhases = (epoch: number) => {
    while (phaseIndex < phases.length && (phases[phaseIndex]?.from ?? Number.POSITIVE_INFINITY) <= epoch) {
      const phase = phases[phaseIndex++];
      if (phase?.stakes) stakeAlpha = [...phase.stakes];
      if (phase?.weights) rows = [...phase.weights];
    }
  };
  applyPhases(0);
  const raoOf = (alpha: readonly number[]) => [...alpha.map(alphaToRao), ...new Array<bigint>(nm).fill(0n)];
  let permits = topkNonzero(Float64Array.from(raoOf(stakeAlpha), Number), hp.maxAllowedValidators);
  const emissionRao = alphaToRao(scenario.emission ?? 1);
  const events = scenario.events ?? [];
  const records: EpochRecord[] = [];

  for (let e = 0; e < epochs; e++) {
    applyPhases(e);
    const block = (e + 1) * hp.tempo;
    const bondsReset: number[] = [];
    const reregistered: number[] = [];
    for (const ev of events) {
      if (ev.epoch !== e) continue;
      const uid = nv + minerIndex(scenario, ev.miner);
      if (ev.type === "reregister") {
        // replace_neuron: registration block now, stored weights pointing at the uid zeroed.
        blockAtRegistration[uid] = block - 2;
        lastUpdate[uid] = block - 2;
        for (const row of weights) for (const entry of row) if (entry[0] === uid) entry[1] = 0;
        reregistered.push(uid);
      } else if (hp.bondsResetOn) {
        bonds = bonds.map((row) => row.filter(([j]) => j !== uid));
        bondsReset.push(uid);
      }
    }
    const submitted = rows.map((row, i) => {
      if (row === null) return false;
      weights[i] = weightRowToU16(row, i, nv, zeroWeights);
      lastUpdate[i] = block - 1;
      return true;
    });
    for (let j = nv; j < n; j++) lastUpdate[j] = Math.max(lastUpdate[j] ?? 0, block - 1);

    const input: EpochInput = {
      n,
      currentBlock: block,
      tempo: hp.tempo,
      activityCutoff: hp.activityCutoff,
      lastUpdate: [...lastUpdate],
      blockAtRegistration: [...blockAtRegistration],
      stake: raoOf(stakeAlpha),
      stakeThreshold: 0n,
      ownerUid: null,
      validatorPermit: permits,
      maxAllowedValidators: hp.maxAllowedValidators,
      weights: weights.map((row) => row.map(([j, w]): [number, number] => [j, w])),
      bonds,
      kappa: hp.kappa,
      bondsPenalty: hp.bondsPenalty,
      bondsMovingAverage: hp.bondsMovingAverage,
      yuma3: hp.yuma3,
      liquidAlpha: hp.liquidAlpha,
      alphaLow: hp.alphaLow,
      alphaHigh: hp.alphaHigh,
      alphaSigmoidSteepness: hp.steepness,
      lastMechanismStepBlock: e === 0 ? 0 : block - hp.tempo,
      commitBlocks: null,
      raoEmission: emissionRao,
    };
    const output = runEpoch(input);
    records.push({
      epoch: e,
      block,
      stakeAlpha: [...stakeAlpha, ...new Array<number>(nm).fill(0)],
      submitted,
      bondsReset,
      reregistered,
      input,
      output,
    });
    bonds = output.bondsAfter.toRows();
    permits = output.newValidatorPermit;
  }

  return {
    scenario,
    id: scenarioId(scenario),
    mode,
    hyperparameters: hp,
    epochs,
    participants,
    validatorCount: nv,
    minerCount: nm,
    records,
  };
}

/**
 * Bonds after an epoch, validators x miners: `bond[i][j]` as stored (u16 / 65535) and `share[i][j]`,
 * i's share of all bonds on miner j (the column-normalized bond that weighs j's incentive in i's
 * dividends).
 */
export function bondTable(
  output: EpochOutput,
  validatorCount: number,
  minerCount: number,
): { bond: number[][]; share: number[][] } {
  const bond = Array.from({ length: validatorCount }, () => new Array<number>(minerCount).fill(0));
  const sums = new Array<number>(minerCount).fill(0);
  for (let i = 0; i < validatorCount; i++) {
    const row = bond[i] ?? [];
    for (const [uid, u] of output.bondsAfter.row(i)) {
      const j = uid - validatorCount;
      if (j < 0 || j >= minerCount) continue;
      row[j] = u / U16_MAX;
      sums[j] = (sums[j] ?? 0) + u / U16_MAX;
    }
  }
  const share = bond.map((row) => row.map((b, j) => ((sums[j] ?? 0) > 0 ? b / (sums[j] ?? 1) : 0)));
  return { bond, share };
}

export interface ValidatorSummary {
  readonly uid: number;
  readonly name: string;
  /** Mean over epochs of the validator's normalized stake. */
  readonly stakeShare: number;
  /** Sum over epochs of its dividends (each epoch's dividends sum to 1, or to 0 when none are paid). */
  readonly totalDividends: number;
  /**
   * What it would have got if dividends followed stake: the sum of its active-stake share over the
   * epochs that paid dividends.
   */
  readonly byStake: number;
  /** totalDividends / byStake - 1: above 0 it earned more than its stake; null if byStake is 0. */
  readonly relativeToStake: number | null;
  /** Validator emission over the run, rao (decimal string). */
  readonly validatorEmission: string;
}

export interface MinerSummary {
  readonly uid: number;
  readonly name: string;
  /** Sum over epochs of its incentive. */
  readonly totalIncentive: number;
  readonly incentiveShare: number;
  /** Server emission over the run, rao (decimal string). */
  readonly serverEmission: string;
}

export interface SimulationSummary {
  readonly id: string;
  readonly name: string;
  readonly mode: SimulationMode;
  readonly epochs: number;
  /** Epochs in which dividends were paid (some incentive was non-zero). */
  readonly dividendEpochs: number;
  readonly hyperparameters: ResolvedHyperparameters;
  readonly validators: readonly ValidatorSummary[];
  readonly miners: readonly MinerSummary[];
}

const round10 = (x: number) => Math.round(x * 1e10) / 1e10;

/** Totals per validator and miner over the run. */
export function summarize(result: SimulationResult): SimulationSummary {
  const { records, epochs } = result;
  const total = (uid: number, pick: (o: EpochOutput) => readonly number[]) =>
    records.reduce((acc, r) => acc + fx.toNumber(pick(r.output)[uid] ?? 0), 0);
  const totalRao = (uid: number, pick: (o: EpochOutput) => readonly bigint[]) =>
    records.reduce((acc, r) => acc + (pick(r.output)[uid] ?? 0n), 0n).toString();
  const paid = records.map((r) => r.output.dividends.some((d) => d > 0));
  const validators = result.participants
    .filter((p) => p.role === "validator")
    .map((p): ValidatorSummary => {
      const totalDividends = total(p.uid, (o) => o.dividends);
      const stakeShare = total(p.uid, (o) => o.stake) / epochs;
      const byStake = records.reduce(
        (acc, r, e) => acc + (paid[e] ? fx.toNumber(r.output.activeStake[p.uid] ?? 0) : 0),
        0,
      );
      return {
        uid: p.uid,
        name: p.name,
        stakeShare: round10(stakeShare),
        totalDividends: round10(totalDividends),
        byStake: round10(byStake),
        relativeToStake: byStake > 0 ? round10(totalDividends / byStake - 1) : null,
        validatorEmission: totalRao(p.uid, (o) => o.validatorEmission),
      };
    });
  const miners = result.participants
    .filter((p) => p.role === "miner")
    .map((p): MinerSummary => {
      const totalIncentive = total(p.uid, (o) => o.incentive);
      return {
        uid: p.uid,
        name: p.name,
        totalIncentive: round10(totalIncentive),
        incentiveShare: round10(totalIncentive / epochs),
        serverEmission: totalRao(p.uid, (o) => o.serverEmission),
      };
    });
  return {
    id: result.id,
    name: result.scenario.name,
    mode: result.mode,
    epochs,
    dividendEpochs: paid.filter(Boolean).length,
    hyperparameters: result.hyperparameters,
    validators,
    miners,
  };
}
