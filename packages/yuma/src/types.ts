import type { SparseMatrix } from "./sparse.js";

/** A sparse row as the chain stores it: [uid, value] pairs, in stored order. */
export type SparseRow = ReadonlyArray<readonly [number, number]>;
export type SparseRows = ReadonlyArray<SparseRow>;

/** The raw bits of an I32F32 value held in a number (value = raw / 2^32, exact). */
export type Fx = number;

/**
 * Everything one epoch of one subnet mechanism reads (reference: `epoch_mechanism`).
 * Blocks are numbers (safe integers); rao amounts are bigint.
 */
export interface EpochInput {
  /** SubnetworkN: uids are 0..n-1. */
  readonly n: number;
  readonly currentBlock: number;
  readonly tempo: number;
  /** Effective activity cutoff in blocks: max(floor(ActivityCutoffFactorMilli * tempo / 1000), 1). */
  readonly activityCutoff: number;
  readonly lastUpdate: readonly number[];
  readonly blockAtRegistration: readonly number[];
  /** Effective stake per uid in rao (alpha incl. child/parent inheritance + tao_weight * root). */
  readonly stake: readonly bigint[];
  /**
   * The same stake as I64F64 raw bits (value * 2^64), when it has a fractional part (tao_weight * root
   * stake usually does). When present it is used instead of `stake`, exactly as the chain's I64F64.
   */
  readonly stakeI64F64?: readonly bigint[];
  readonly stakeThreshold: bigint;
  /** Uid of the subnet owner's hotkey when it is registered. */
  readonly ownerUid: number | null;
  /** ValidatorPermit stored by the previous epoch. */
  readonly validatorPermit: readonly boolean[];
  readonly maxAllowedValidators: number;
  /** Stored weights: u16 max-upscaled rows. */
  readonly weights: SparseRows;
  /** Stored bonds: Yuma 2 column max-upscaled u16, Yuma 3 floor(b * 65535). */
  readonly bonds: SparseRows;
  readonly kappa: number;
  readonly bondsPenalty: number;
  /** Per million (alpha = 1 - value / 1e6). */
  readonly bondsMovingAverage: number;
  readonly yuma3: boolean;
  readonly liquidAlpha: boolean;
  readonly alphaLow: number;
  readonly alphaHigh: number;
  readonly alphaSigmoidSteepness: number;
  /** LastMechansimStepBlock; 0 when no epoch has run (then the bond mask uses currentBlock - tempo). */
  readonly lastMechanismStepBlock: number;
  /** null: commit-reveal off. Else per uid the block of its earliest unexpired commit, null for none. */
  readonly commitBlocks: ReadonlyArray<number | null> | null;
  /** Alpha (rao) handed to this epoch. */
  readonly raoEmission: bigint;
}

/** Everything the epoch computes. Vectors are indexed by uid; Fx values are I32F32 raw bits. */
export interface EpochOutput {
  readonly active: boolean[];
  readonly stake: Fx[];
  readonly activeStake: Fx[];
  readonly newValidatorPermit: boolean[];
  readonly weightsNormalized: SparseMatrix;
  readonly consensus: Fx[];
  readonly validatorTrust: Fx[];
  /** Rank before normalization (incentive = normalized rank). */
  readonly rank: Fx[];
  readonly incentive: Fx[];
  readonly dividends: Fx[];
  /** Yuma 2: column-normalized EMA after max-upscale (what is stored); Yuma 3: the raw EMA. */
  readonly emaBonds: SparseMatrix;
  /** The Bonds rows written (u16); empty for uids without a new permit. */
  readonly bondsAfter: SparseMatrix;
  /** Yuma 3 only: the liquid-alpha branch was taken. */
  readonly liquidAlphaUsed: boolean;
  readonly normalizedServerEmission: Fx[];
  readonly normalizedValidatorEmission: Fx[];
  readonly normalizedCombinedEmission: Fx[];
  readonly serverEmission: bigint[];
  readonly validatorEmission: bigint[];
  /** Combined emission in rao (stored as Emission). */
  readonly emission: bigint[];
  readonly consensusU16: number[];
  readonly incentiveU16: number[];
  readonly dividendsU16: number[];
  readonly validatorTrustU16: number[];
  readonly stakeWeightU16: number[];
}
