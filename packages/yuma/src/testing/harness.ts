/**
 * A small, deterministic stand-in for the reference's unit-test mock around the epoch
 * (`pallets/subtensor/src/tests/mock.rs` and the helpers the epoch tests use), so that the reference's
 * own epoch tests can be replayed against `runEpoch`.
 *
 * It keeps only the state the epoch reads: neurons (registration block, stake), per-mechanism
 * Weights / Bonds / LastUpdate, ValidatorPermit, the hyperparameters, the current block and pending
 * weight commits. Extrinsic validation (rate limits, min weights, version keys, ...) is not emulated:
 * the tests only replay calls the reference accepts. Blocks advance only when told to, and epochs run
 * only when `epoch()` is called, as in the Rust tests that call the epoch directly; therefore
 * LastMechansimStepBlock stays 0 and the bond mask uses `currentBlock - tempo` (yuma.md §4.11).
 */
import assert from "node:assert/strict";
import { fx } from "@taonet/math";
import { runEpoch } from "../epoch.js";
import type { EpochInput, EpochOutput, Fx } from "../types.js";

export const U16_MAX = 65535;

/** Rao handed to every epoch by the reference tests (`1_000_000_000.into()`). */
export const DEFAULT_RAO_EMISSION = 1_000_000_000n;

const ONE_B = 1n << 32n;
const HALF_B = 1n << 31n;

import { maxUpscaleU16 } from "../weights.js";

export { maxUpscaleU16 };

/** The effective activity cutoff the epoch uses: max(floor(factor * tempo / 1000), 1). */
export function effectiveActivityCutoff(tempo: number, factorMilli: number): number {
  return Math.max(Math.floor((factorMilli * tempo) / 1000), 1);
}

/** Hyperparameters the epoch reads, plus the few registration settings the harness needs. */
export interface Hyperparameters {
  tempo: number;
  kappa: number;
  bondsPenalty: number;
  bondsMovingAverage: number;
  yuma3: boolean;
  liquidAlpha: boolean;
  alphaLow: number;
  alphaHigh: number;
  alphaSigmoidSteepness: number;
  maxAllowedValidators: number;
  maxAllowedUids: number;
  immunityPeriod: number;
  activityCutoffFactorMilli: number;
  stakeThreshold: bigint;
  bondsResetOn: boolean;
  commitRevealEnabled: boolean;
}

/**
 * Defaults of the Rust unit-test mock (yuma.md §8): they differ from the runtime's (e.g. 100 validators,
 * immunity 2 blocks). Yuma3On is off: the mock's `add_network` does not go through `init_new_network`.
 */
export const MOCK_DEFAULTS: Readonly<Hyperparameters> = {
  tempo: 0,
  kappa: 32767,
  bondsPenalty: U16_MAX,
  bondsMovingAverage: 900_000,
  yuma3: false,
  liquidAlpha: false,
  alphaLow: 45875,
  alphaHigh: 58982,
  alphaSigmoidSteepness: 1000,
  maxAllowedValidators: 100,
  maxAllowedUids: 4096,
  immunityPeriod: 2,
  activityCutoffFactorMilli: 13_889,
  stakeThreshold: 0n,
  bondsResetOn: false,
  commitRevealEnabled: false,
};

/** `set_alpha_values_32`: floor(x * 65535) of an I32F32 built from an f64. */
export function alphaToU16(x: number): number {
  return fx.proportionToU16(fx.fromF64(x));
}

type Row = Array<[number, number]>;

interface MechanismState {
  weights: Row[];
  bonds: Row[];
  lastUpdate: number[];
}

export interface MockSubnetOptions extends Partial<Hyperparameters> {
  /** Block the test starts at (`new_test_ext(1)` starts at block 1). */
  readonly block?: number;
  readonly mechanisms?: number;
}

/** One subnet of the mock chain. Uids are 0..n-1; hotkeys are plain numbers. */
export class MockSubnet {
  block: number;
  readonly params: Hyperparameters;
  hotkeys: number[] = [];
  blockAtRegistration: number[] = [];
  stake: bigint[] = [];
  /** ValidatorPermit as stored; may be shorter than n (the epoch pads it with false). */
  permits: boolean[] = [];
  /** Emission stored by the last epoch (what pruning reads). */
  emission: bigint[] = [];
  ownerHotkey: number | null = null;
  readonly mechanisms: MechanismState[];
  /** Per uid: the block of its earliest pending weight commit. */
  readonly commits = new Map<number, number>();
  /** The output of the last epoch, per mechanism. */
  readonly lastOutput: Array<EpochOutput | undefined>;
  private nextHotkey = 0;

  constructor(options: MockSubnetOptions = {}) {
    const { block = 1, mechanisms = 1, ...overrides } = options;
    this.block = block;
    this.params = { ...MOCK_DEFAULTS, ...overrides };
    this.mechanisms = Array.from({ length: mechanisms }, () => ({ weights: [], bonds: [], lastUpdate: [] }));
    this.lastOutput = Array.from({ length: mechanisms }, () => undefined);
  }

  get n(): number {
    return this.hotkeys.length;
  }

  get activityCutoff(): number {
    return effectiveActivityCutoff(this.params.tempo, this.params.activityCutoffFactorMilli);
  }

  set(overrides: Partial<Hyperparameters>): this {
    Object.assign(this.params, overrides);
    return this;
  }

  /** `append_neuron`: a new uid n registered at `block`; no permit; LastUpdate = registration block. */
  appendNeuron(stake = 0n, block = this.block, hotkey = this.freshHotkey()): number {
    const uid = this.n;
    this.hotkeys.push(hotkey);
    this.blockAtRegistration.push(block);
    this.stake.push(stake);
    this.emission.push(0n);
    if (this.permits.length === uid) this.permits.push(false);
    for (const m of this.mechanisms) {
      m.weights[uid] = [];
      m.bonds[uid] = [];
      m.lastUpdate[uid] = block;
    }
    return uid;
  }

  /**
   * `replace_neuron`: the uid gets a new hotkey (with its own stake); its Weights and Bonds rows are
   * deleted, every weight pointing at it is set to 0, its permit and emission are cleared and
   * BlockAtRegistration = LastUpdate = the current block.
   */
  replaceNeuron(uid: number, stake = 0n, hotkey = this.freshHotkey()): number {
    this.hotkeys[uid] = hotkey;
    this.blockAtRegistration[uid] = this.block;
    this.stake[uid] = stake;
    this.emission[uid] = 0n;
    if (uid < this.permits.length) this.permits[uid] = false;
    this.commits.delete(uid);
    for (const m of this.mechanisms) {
      m.weights[uid] = [];
      m.bonds[uid] = [];
      m.lastUpdate[uid] = this.block;
      for (const row of m.weights) {
        for (const entry of row ?? []) if (entry[0] === uid) entry[1] = 0;
      }
    }
    return uid;
  }

  /**
   * `register`: append while there is room, else replace the uid to prune: the lowest Emission among
   * non-immune uids (immune: registered less than ImmunityPeriod blocks ago; ties: earliest
   * registration, then lowest uid), immune uids only when none is left; owner hotkeys are never pruned.
   */
  register(stake = 0n, hotkey = this.freshHotkey()): number {
    if (this.n < this.params.maxAllowedUids) return this.appendNeuron(stake, this.block, hotkey);
    return this.replaceNeuron(this.neuronToPrune(), stake, hotkey);
  }

  neuronToPrune(): number {
    const candidates = [...this.hotkeys.keys()].filter((uid) => this.hotkeys[uid] !== this.ownerHotkey);
    const immune = (uid: number) =>
      this.block - (this.blockAtRegistration[uid] ?? 0) < this.params.immunityPeriod;
    const pool = candidates.some((uid) => !immune(uid))
      ? candidates.filter((uid) => !immune(uid))
      : candidates;
    let best: number | undefined;
    for (const uid of pool) {
      if (best === undefined) {
        best = uid;
        continue;
      }
      const e = this.emission[uid] ?? 0n;
      const eb = this.emission[best] ?? 0n;
      const r = this.blockAtRegistration[uid] ?? 0;
      const rb = this.blockAtRegistration[best] ?? 0;
      if (e < eb || (e === eb && r < rb)) best = uid;
    }
    if (best === undefined) throw new Error("no neuron to prune");
    return best;
  }

  setStake(uid: number, stake: bigint): void {
    this.stake[uid] = stake;
  }

  addStake(uid: number, amount: bigint): void {
    this.stake[uid] = (this.stake[uid] ?? 0n) + amount;
  }

  setPermit(uid: number, value: boolean): void {
    while (this.permits.length <= uid) this.permits.push(false);
    this.permits[uid] = value;
  }

  /** `set_weights`: stores the max-upscaled row (submitted order) and sets LastUpdate to the current block. */
  setWeights(uid: number, uids: readonly number[], values: readonly number[], mech = 0): void {
    assert.equal(uids.length, values.length, "set_weights: uids and values differ in length");
    const stored = maxUpscaleU16(values);
    const m = this.mechanism(mech);
    m.weights[uid] = uids.map((j, k): [number, number] => [j, stored[k] ?? 0]);
    m.lastUpdate[uid] = this.block;
  }

  /** `Weights::insert`: a raw row, LastUpdate untouched. */
  insertWeights(uid: number, row: ReadonlyArray<readonly [number, number]>, mech = 0): void {
    this.mechanism(mech).weights[uid] = row.map(([j, w]): [number, number] => [j, w]);
  }

  /** `LastUpdate::insert`: a raw vector (its length need not be n). */
  setLastUpdate(values: readonly number[], mech = 0): void {
    this.mechanism(mech).lastUpdate = [...values];
  }

  /** A weight commit at the current block (only the earliest pending one matters to the epoch). */
  commit(uid: number): void {
    if (!this.commits.has(uid)) this.commits.set(uid, this.block);
  }

  /** Bonds reset on a commitment carrying the reset flag: every bond pointing at `uid` is deleted. */
  resetBondsFor(uid: number): void {
    if (!this.params.bondsResetOn) return;
    for (const m of this.mechanisms) {
      m.bonds = m.bonds.map((row) => (row ?? []).filter(([j]) => j !== uid));
    }
  }

  /** `next_block_no_epoch` (repeated): advances the block number without running an epoch. */
  advance(blocks = 1): this {
    this.block += blocks;
    return this;
  }

  runToBlock(block: number): this {
    if (block > this.block) this.block = block;
    return this;
  }

  get ownerUid(): number | null {
    if (this.ownerHotkey === null) return null;
    const uid = this.hotkeys.indexOf(this.ownerHotkey);
    return uid === -1 ? null : uid;
  }

  /** The epoch input for one mechanism, built from the current state. */
  epochInput(raoEmission: bigint = DEFAULT_RAO_EMISSION, mech = 0): EpochInput {
    const m = this.mechanism(mech);
    const p = this.params;
    const n = this.n;
    const rows = (src: Row[]) =>
      Array.from({ length: n }, (_, i) => (src[i] ?? []).map(([j, v]) => [j, v] as const));
    const commitBlocks = p.commitRevealEnabled
      ? Array.from({ length: n }, (_, i) => this.commits.get(i) ?? null)
      : null;
    return {
      n,
      currentBlock: this.block,
      tempo: p.tempo,
      activityCutoff: this.activityCutoff,
      lastUpdate: [...m.lastUpdate],
      blockAtRegistration: [...this.blockAtRegistration],
      stake: [...this.stake],
      stakeThreshold: p.stakeThreshold,
      ownerUid: this.ownerUid,
      validatorPermit: [...this.permits],
      maxAllowedValidators: p.maxAllowedValidators,
      weights: rows(m.weights),
      bonds: rows(m.bonds),
      kappa: p.kappa,
      bondsPenalty: p.bondsPenalty,
      bondsMovingAverage: p.bondsMovingAverage,
      yuma3: p.yuma3,
      liquidAlpha: p.liquidAlpha,
      alphaLow: p.alphaLow,
      alphaHigh: p.alphaHigh,
      alphaSigmoidSteepness: p.alphaSigmoidSteepness,
      lastMechanismStepBlock: 0,
      commitBlocks,
      raoEmission,
    };
  }

  /**
   * Runs one epoch of a mechanism at the current block and persists what the reference persists:
   * the Bonds rows written (`bondsAfter`), the new ValidatorPermit and the Emission.
   */
  epoch(raoEmission: bigint = DEFAULT_RAO_EMISSION, mech = 0): EpochOutput {
    const out = runEpoch(this.epochInput(raoEmission, mech));
    const m = this.mechanism(mech);
    m.bonds = out.bondsAfter.toRows();
    this.permits = [...out.newValidatorPermit];
    this.emission = [...out.emission];
    this.lastOutput[mech] = out;
    return out;
  }

  /**
   * `epoch_mechanism` called on its own, as the log tests do: the epoch's terms are returned and
   * nothing is written back.
   */
  runMechanism(raoEmission: bigint = DEFAULT_RAO_EMISSION, mech = 0): EpochOutput {
    return runEpoch(this.epochInput(raoEmission, mech));
  }

  /** Stored bonds as a dense u16 matrix (`get_bonds`), missing entries 0. */
  bondsDense(mech = 0): number[][] {
    const n = this.n;
    const dense = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    this.mechanism(mech).bonds.forEach((row, i) => {
      const target = dense[i];
      if (target) for (const [j, v] of row ?? []) if (j < n) target[j] = v;
    });
    return dense;
  }

  /** `get_bonds_fixed_proportion`: stored bonds read back as u16 proportions (I32F32 raw). */
  bondsFixedProportion(mech = 0): Fx[][] {
    return this.bondsDense(mech).map((row) => row.map(fx.u16ProportionToFixed));
  }

  private mechanism(mech: number): MechanismState {
    const m = this.mechanisms[mech];
    if (!m) throw new RangeError(`no mechanism ${mech}`);
    return m;
  }

  private freshHotkey(): number {
    while (this.hotkeys.includes(this.nextHotkey)) this.nextHotkey++;
    return this.nextHotkey++;
  }
}

/** A small seeded PRNG (mulberry32) for the reference's randomized uid layouts. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `distribute_nodes`: validator and server uids laid out blockwise (0), regularly interleaved (1:
 * every (n / v)-th uid is a validator) or randomly (2; the reference uses an unseeded RNG, here seeded).
 */
export function distributeNodes(
  validatorsN: number,
  networkN: number,
  interleave: 0 | 1 | 2,
  random: () => number = seededRandom(0x5eed),
): { validators: number[]; servers: number[] } {
  const uids = Array.from({ length: networkN }, (_, i) => i);
  if (interleave === 0) return { validators: uids.slice(0, validatorsN), servers: uids.slice(validatorsN) };
  if (interleave === 1) {
    const step = Math.floor(networkN / validatorsN);
    return { validators: uids.filter((i) => i % step === 0), servers: uids.filter((i) => i % step !== 0) };
  }
  for (let i = uids.length - 1; i > 0; i--) {
    const k = Math.floor(random() * (i + 1));
    const tmp = uids[i] ?? 0;
    uids[i] = uids[k] ?? 0;
    uids[k] = tmp;
  }
  return { validators: uids.slice(0, validatorsN), servers: uids.slice(validatorsN) };
}

// ---------------------------------------------------------------------------------------------
// Assertions in the reference's terms

/**
 * `assert_approx_eq(left, right, epsilon)` on I32F32 raw values: fails when |left - right| > epsilon.
 */
export function assertApproxFx(actual: Fx, expected: Fx, epsilon: Fx, message: string): void {
  if (Math.abs(actual - expected) > epsilon) {
    assert.fail(
      `${message}: ${fx.toNumber(actual)} differs from ${fx.toNumber(expected)} by more than ${fx.toNumber(epsilon)}`,
    );
  }
}

/**
 * I32F32 as the reference prints it (Display): the fewest fraction digits whose decimal, read back
 * rounded to nearest, gives the same raw bits; the digits are the value rounded to nearest.
 */
export function formatFixed(raw: Fx): string {
  const negative = raw < 0;
  const abs = BigInt(Math.abs(raw));
  const whole = abs >> 32n;
  const frac = abs & (ONE_B - 1n);
  let text = whole.toString();
  if (frac !== 0n) {
    for (let digits = 1; digits <= 12; digits++) {
      const scale = 10n ** BigInt(digits);
      const scaled = (frac * scale + HALF_B) >> 32n; // fraction rounded to `digits` decimals
      const back = ((scaled << 32n) * 2n + scale) / (2n * scale); // read back, nearest
      if (back === frac) {
        text = `${whole}.${scaled.toString().padStart(digits, "0").replace(/0+$/, "")}`;
        break;
      }
    }
  }
  return negative ? `-${text}` : text;
}

/** A value the reference prints in its logs and the test finds by string comparison. */
export function assertPrinted(actual: Fx, printed: string, message: string): void {
  const shown = formatFixed(actual);
  if (shown !== printed) assert.fail(`${message}: ${fx.toNumber(actual)} prints as ${shown}, not ${printed}`);
}

/** `assertPrinted` element-wise over a printed vector such as "[0, 0.25, 1]". */
export function assertPrintedVector(actual: readonly Fx[], printed: string, message: string): void {
  const items = printed
    .replace(/^\[|\]$/g, "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  assert.equal(actual.length, items.length, `${message}: length`);
  items.forEach((p, i) => {
    assertPrinted(actual[i] ?? 0, p, `${message}[${i}]`);
  });
}

/** Sparse rows as the reference prints them, e.g. `[[(3, 1), (4, 0)], []]`, checked with `assertPrinted`. */
export function assertPrintedRows(
  actual: ReadonlyArray<ReadonlyArray<readonly [number, Fx]>>,
  printed: string,
  message: string,
): void {
  const rows = [...printed.slice(1, -1).matchAll(/\[([^[\]]*)\]/g)].map((r) =>
    [...(r[1] ?? "").matchAll(/\((\d+),\s*([\d.]+)\)/g)].map((mt) => [Number(mt[1]), mt[2] ?? ""] as const),
  );
  assert.equal(actual.length, rows.length, `${message}: number of rows`);
  rows.forEach((row, i) => {
    const got = actual[i] ?? [];
    assert.deepEqual(
      got.map(([j]) => j),
      row.map(([j]) => j),
      `${message}: columns of row ${i}`,
    );
    row.forEach(([j, v], k) => {
      assertPrinted(got[k]?.[1] ?? 0, v, `${message}[${i}][${j}]`);
    });
  });
}
