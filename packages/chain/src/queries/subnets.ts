/**
 * Read-only views of subnets for the node's RPC (chain.md §11, §13, §16): pure functions of a State.
 * Amounts are bigint rao (alpha-rao for alpha), prices I96F32 raw bits (TAO per alpha × 2^32).
 */

import type { AccountId } from "../crypto.js";
import { ChainError } from "../errors.js";
import { priceRao, simulateSwap, spotPrice } from "../pool.js";
import type { State } from "../state/state.js";
import * as st from "../storage.js";
import { getNetworkLockCost as lockCostAt, subnetNetuids } from "../subtensor/subnets/lifecycle.js";
import * as own from "../subtensor/subnets/storage.js";
import { nameForNetuid } from "../subtensor/subnets/symbols.js";

/** The constant weight limit (no limit). */
const MAX_WEIGHTS_LIMIT = 65_535;

/** Netuids of every added network, root included, ascending. */
export function allNetuids(s: State): number[] {
  return st.NetworksAdded.keys(s)
    .map(Number)
    .filter((n) => st.NetworksAdded.get(s, n))
    .sort((a, b) => a - b);
}

export interface SubnetInfo {
  readonly netuid: number;
  readonly rho: number;
  readonly kappa: number;
  readonly difficulty: bigint;
  readonly immunityPeriod: number;
  readonly maxAllowedValidators: number;
  readonly minAllowedWeights: number;
  readonly maxWeightsLimit: number;
  readonly scalingLawPower: number;
  readonly subnetworkN: number;
  readonly maxAllowedUids: number;
  readonly blocksSinceLastStep: number;
  readonly tempo: number;
  readonly networkModality: number;
  readonly networkConnect: readonly (readonly [number, number])[];
  readonly emissionValue: bigint;
  readonly burn: bigint;
  readonly owner: AccountId | null;
  readonly identity: st.SubnetIdentity | null;
}

/** SubnetInfo (v2: with the identity); null if the subnet does not exist. */
export function getSubnetInfo(s: State, netuid: number): SubnetInfo | null {
  if (!st.NetworksAdded.get(s, netuid)) return null;
  return {
    netuid,
    rho: st.Rho.get(s, netuid),
    kappa: st.Kappa.get(s, netuid),
    difficulty: own.Difficulty.get(s, netuid),
    immunityPeriod: st.ImmunityPeriod.get(s, netuid),
    maxAllowedValidators: st.MaxAllowedValidators.get(s, netuid),
    minAllowedWeights: st.MinAllowedWeights.get(s, netuid),
    maxWeightsLimit: MAX_WEIGHTS_LIMIT,
    scalingLawPower: 50,
    subnetworkN: st.SubnetworkN.get(s, netuid),
    maxAllowedUids: st.MaxAllowedUids.get(s, netuid),
    blocksSinceLastStep: st.BlocksSinceLastStep.get(s, netuid),
    tempo: st.Tempo.get(s, netuid),
    networkModality: 0,
    networkConnect: [],
    emissionValue: 0n,
    burn: st.Burn.get(s, netuid),
    owner: st.SubnetOwner.get(s, netuid),
    identity: st.SubnetIdentitiesV3.get(s, netuid),
  };
}

export function getSubnetsInfo(s: State): SubnetInfo[] {
  return allNetuids(s).flatMap((n) => getSubnetInfo(s, n) ?? []);
}

export type HyperparameterValue = number | bigint | boolean | string;
export interface Hyperparameter {
  readonly name: string;
  readonly value: HyperparameterValue;
}

/** Activity cutoff in blocks: max(1, ActivityCutoffFactorMilli · Tempo / 1000). */
export function activityCutoffBlocks(s: State, netuid: number): number {
  return Math.max(
    1,
    Math.floor((st.ActivityCutoffFactorMilli.get(s, netuid) * st.Tempo.get(s, netuid)) / 1000),
  );
}

/** get_subnet_hyperparams_v3: (name, typed value) pairs, names as chain.md §11's RPC names. */
export function getSubnetHyperparamsV3(s: State, netuid: number): Hyperparameter[] | null {
  if (!st.NetworksAdded.get(s, netuid)) return null;
  const [alphaLow, alphaHigh] = st.AlphaValues.get(s, netuid);
  const entries: Array<[string, HyperparameterValue]> = [
    ["rho", st.Rho.get(s, netuid)],
    ["kappa", st.Kappa.get(s, netuid)],
    ["immunity_period", st.ImmunityPeriod.get(s, netuid)],
    ["min_allowed_weights", st.MinAllowedWeights.get(s, netuid)],
    ["max_weights_limit", MAX_WEIGHTS_LIMIT],
    ["tempo", st.Tempo.get(s, netuid)],
    ["min_difficulty", own.MinDifficulty.get(s, netuid)],
    ["max_difficulty", own.MaxDifficulty.get(s, netuid)],
    ["weights_version", st.WeightsVersionKey.get(s, netuid)],
    ["weights_rate_limit", st.WeightsSetRateLimit.get(s, netuid)],
    ["adjustment_interval", own.AdjustmentInterval.get(s, netuid)],
    ["activity_cutoff", activityCutoffBlocks(s, netuid)],
    ["activity_cutoff_factor", st.ActivityCutoffFactorMilli.get(s, netuid)],
    ["registration_allowed", st.NetworkRegistrationAllowed.get(s, netuid)],
    ["target_regs_per_interval", st.TargetRegistrationsPerInterval.get(s, netuid)],
    ["min_burn", st.MinBurn.get(s, netuid)],
    ["max_burn", st.MaxBurn.get(s, netuid)],
    ["burn", st.Burn.get(s, netuid)],
    ["burn_half_life", st.BurnHalfLife.get(s, netuid)],
    ["burn_increase_mult", st.BurnIncreaseMult.get(s, netuid)],
    ["bonds_moving_avg", st.BondsMovingAverage.get(s, netuid)],
    ["bonds_penalty", st.BondsPenalty.get(s, netuid)],
    ["max_regs_per_block", st.MaxRegistrationsPerBlock.get(s, netuid)],
    ["serving_rate_limit", st.ServingRateLimit.get(s, netuid)],
    ["max_validators", st.MaxAllowedValidators.get(s, netuid)],
    ["max_uids", st.MaxAllowedUids.get(s, netuid)],
    ["min_allowed_uids", st.MinAllowedUids.get(s, netuid)],
    ["adjustment_alpha", own.AdjustmentAlpha.get(s, netuid)],
    ["difficulty", own.Difficulty.get(s, netuid)],
    ["commit_reveal_period", st.RevealPeriodEpochs.get(s, netuid)],
    ["commit_reveal_weights_enabled", st.CommitRevealWeightsEnabled.get(s, netuid)],
    ["alpha_high", alphaHigh],
    ["alpha_low", alphaLow],
    ["liquid_alpha_enabled", st.LiquidAlphaOn.get(s, netuid)],
    ["alpha_sigmoid_steepness", st.AlphaSigmoidSteepness.get(s, netuid)],
    ["yuma_version", st.Yuma3On.get(s, netuid) ? 3 : 2],
    ["subnet_is_active", st.SubtokenEnabled.get(s, netuid)],
    ["transfers_enabled", st.TransferToggle.get(s, netuid)],
    ["bonds_reset_enabled", st.BondsResetOn.get(s, netuid)],
    ["user_liquidity_enabled", false],
    ["owner_cut_enabled", st.OwnerCutEnabled.get(s, netuid)],
    ["owner_cut_auto_lock_enabled", own.OwnerCutAutoLockEnabled.get(s, netuid)],
    ["min_childkey_take", own.MinChildkeyTakePerSubnet.get(s, netuid)],
    ["immune_owner_uids_limit", st.ImmuneOwnerUidsLimit.get(s, netuid)],
    ["min_non_immune_uids", st.MinNonImmuneUids.get(s, netuid)],
    ["recycle_or_burn", st.RecycleOrBurn.get(s, netuid)],
    ["mechanism_count", st.MechanismCountCurrent.get(s, netuid)],
    ["subnet_emission_enabled", st.SubnetEmissionEnabled.get(s, netuid)],
    ["ema_price_halving_blocks", st.EMAPriceHalvingBlocks.get(s)],
  ];
  return entries.map(([name, value]) => ({ name, value }));
}

export interface DynamicInfo {
  readonly netuid: number;
  readonly ownerHotkey: AccountId | null;
  readonly ownerColdkey: AccountId | null;
  readonly subnetName: string;
  readonly tokenSymbol: string;
  readonly tempo: number;
  readonly lastStep: number;
  readonly blocksSinceLastStep: number;
  /** Always 0 (deprecated in the reference). */
  readonly emission: bigint;
  readonly alphaIn: bigint;
  readonly alphaOut: bigint;
  readonly taoIn: bigint;
  readonly alphaOutEmission: bigint;
  readonly alphaInEmission: bigint;
  readonly taoInEmission: bigint;
  /** Pending server + validator alpha. */
  readonly pendingAlphaEmission: bigint;
  /** Always 0 (deprecated in the reference). */
  readonly pendingRootEmission: bigint;
  readonly subnetVolume: bigint;
  readonly networkRegisteredAt: number;
  readonly subnetIdentity: st.SubnetIdentity | null;
  /** SubnetMovingPrice, I96F32 raw bits. */
  readonly movingPrice: bigint;
  /** Spot price from the pool, I96F32 raw bits. */
  readonly price: bigint;
  /** price · (alpha_in + alpha_out), in rao. */
  readonly marketCap: bigint;
  /** Spot price in rao per alpha (what limit orders are given in). */
  readonly priceRao: bigint;
  /** The pool's TAO weight w_q (SwapBalancer), in parts of 10^18; the alpha weight is 10^18 − w_q. */
  readonly poolQuoteWeight: bigint;
  /** Protocol-owned alpha from chain buys (SubnetProtocolAlpha): part of alpha out nobody can unstake. */
  readonly alphaProtocol: bigint;
  /** Alpha held as stake: alpha out − protocol alpha. */
  readonly alphaStaked: bigint;
  /** FeeRate (u16, / 65535). */
  readonly feeRate: number;
}

/** Market cap of a subnet token in rao: spot price × alpha issuance (alpha in + alpha out). */
export function subnetMarketCap(s: State, netuid: number): bigint {
  const supply = st.SubnetAlphaIn.get(s, netuid) + st.SubnetAlphaOut.get(s, netuid);
  return (spotPrice(s, netuid) * supply) >> 32n;
}

export function getDynamicInfo(s: State, netuid: number): DynamicInfo | null {
  if (!st.NetworksAdded.get(s, netuid)) return null;
  const identity = st.SubnetIdentitiesV3.get(s, netuid);
  return {
    netuid,
    ownerHotkey: st.SubnetOwnerHotkey.get(s, netuid),
    ownerColdkey: st.SubnetOwner.get(s, netuid),
    subnetName: identity?.subnetName ? identity.subnetName : nameForNetuid(netuid),
    tokenSymbol: st.TokenSymbol.get(s, netuid),
    tempo: st.Tempo.get(s, netuid),
    lastStep: st.LastMechansimStepBlock.get(s, netuid),
    blocksSinceLastStep: st.BlocksSinceLastStep.get(s, netuid),
    emission: 0n,
    alphaIn: st.SubnetAlphaIn.get(s, netuid),
    alphaOut: st.SubnetAlphaOut.get(s, netuid),
    taoIn: st.SubnetTAO.get(s, netuid),
    alphaOutEmission: st.SubnetAlphaOutEmission.get(s, netuid),
    alphaInEmission: st.SubnetAlphaInEmission.get(s, netuid),
    taoInEmission: st.SubnetTaoInEmission.get(s, netuid),
    pendingAlphaEmission:
      st.PendingServerEmission.get(s, netuid) + st.PendingValidatorEmission.get(s, netuid),
    pendingRootEmission: 0n,
    subnetVolume: st.SubnetVolume.get(s, netuid),
    networkRegisteredAt: st.NetworkRegisteredAt.get(s, netuid),
    subnetIdentity: identity,
    movingPrice: st.SubnetMovingPrice.get(s, netuid),
    price: spotPrice(s, netuid),
    marketCap: subnetMarketCap(s, netuid),
    priceRao: priceRao(s, netuid),
    poolQuoteWeight: st.SwapBalancer.get(s, netuid),
    alphaProtocol: st.SubnetProtocolAlpha.get(s, netuid),
    alphaStaked: sub(st.SubnetAlphaOut.get(s, netuid), st.SubnetProtocolAlpha.get(s, netuid)),
    feeRate: st.FeeRate.get(s, netuid),
  };
}

export function getAllDynamicInfo(s: State): DynamicInfo[] {
  return allNetuids(s).flatMap((n) => getDynamicInfo(s, n) ?? []);
}

/**
 * The TAO a subnet registration locks, as of the state's block (`atBlock` to ask for another block, e.g.
 * the next one, where the cost is the same or slightly lower).
 */
export function getNetworkLockCost(s: State, atBlock: number = st.Number_.get(s)): bigint {
  return lockCostAt(s, atBlock);
}

export interface NetworkTotals {
  /** Subnets, root excluded. */
  readonly subnets: number;
  /** Registered UIDs on the subnets, root excluded. */
  readonly neurons: number;
  /** UIDs holding a validator permit. */
  readonly validators: number;
  /** UIDs without a validator permit (the usual explorer convention). */
  readonly miners: number;
  /** Accounts with a non-zero free balance. */
  readonly accountsWithBalance: number;
  readonly taoIssued: bigint;
  /** TotalStake (≈ Σ SubnetTAO incl. root). */
  readonly taoStaked: bigint;
  /** Σ SubnetTAO of the subnets, root excluded. */
  readonly taoInPools: bigint;
  /** SubnetTAO of root. */
  readonly rootStake: bigint;
  /** Σ of the subnets' market caps, in rao. */
  readonly subnetMarketCapSum: bigint;
}

/** The "state of the network" numbers of chain.md §16. */
export function getNetworkTotals(s: State): NetworkTotals {
  let neurons = 0;
  let validators = 0;
  let taoInPools = 0n;
  let marketCaps = 0n;
  const subnets = subnetNetuids(s);
  for (const n of subnets) {
    const count = st.SubnetworkN.get(s, n);
    neurons += count;
    validators += st.ValidatorPermit.get(s, n)
      .slice(0, count)
      .filter((p) => p).length;
    taoInPools += st.SubnetTAO.get(s, n);
    marketCaps += subnetMarketCap(s, n);
  }
  const accountsWithBalance = st.Account.keys(s).filter((a) => st.Account.get(s, a).free > 0n).length;
  return {
    subnets: subnets.length,
    neurons,
    validators,
    miners: neurons - validators,
    accountsWithBalance,
    taoIssued: st.TotalIssuance.get(s),
    taoStaked: st.TotalStake.get(s),
    taoInPools,
    rootStake: st.SubnetTAO.get(s, 0),
    subnetMarketCapSum: marketCaps,
  };
}

const sub = (a: bigint, b: bigint): bigint => (a > b ? a - b : 0n);

/** A stake (buy) or unstake (sell) quote for clients; null for an unknown subnet or a refused swap. */
export interface SwapQuote {
  readonly netuid: number;
  readonly side: "buy" | "sell";
  /** Gross input (TAO for a stake, alpha for an unstake). */
  readonly amountIn: bigint;
  /** Output (alpha for a stake, TAO for an unstake). */
  readonly amountOut: bigint;
  /** Fee, in the input's unit. */
  readonly fee: bigint;
  /** What the output falls short of the net input at the spot price, in the output's unit. */
  readonly slippage: bigint;
  /** Spot prices before and after, rao per alpha. */
  readonly priceBefore: bigint;
  readonly priceAfter: bigint;
  /** (after − before) / before, in parts of 10^18 (signed). */
  readonly priceImpact: bigint;
}

export function getSwapQuote(
  s: State,
  netuid: number,
  side: "buy" | "sell",
  amount: bigint,
): SwapQuote | null {
  if (!st.NetworksAdded.get(s, netuid)) return null;
  try {
    const q = simulateSwap(s, netuid, side, amount);
    const toRao = (bits: bigint) => (bits * 1_000_000_000n) >> 64n;
    return {
      netuid,
      side,
      amountIn: amount,
      amountOut: side === "buy" ? q.alpha_amount : q.tao_amount,
      fee: side === "buy" ? q.tao_fee : q.alpha_fee,
      slippage: side === "buy" ? q.alpha_slippage : q.tao_slippage,
      priceBefore: toRao(q.priceBefore),
      priceAfter: toRao(q.priceAfter),
      priceImpact: q.priceImpact,
    };
  } catch (err) {
    // only the pool's refusals are expected here; anything else is a bug
    if (!(err instanceof ChainError)) throw err;
    return null;
  }
}
