/**
 * Which subnets emit, how the block's TAO is shared between them, and the per-subnet quantities the
 * shares depend on: moving (EMA) price, root proportion, TAO weight (chain.md §4.2, §4.3, §4.5, §5.5).
 */
import { spotPrice } from "../../pool.js";
import type { State } from "../../state/state.js";
import {
  EMAPriceHalvingBlocks,
  FirstEmissionBlockNumber,
  MinerBurned,
  NetworkRegistrationAllowed,
  NetworksAdded,
  RootProp,
  SubnetAlphaIn,
  SubnetAlphaOut,
  SubnetEmissionEnabled,
  SubnetMechanism,
  SubnetMovingAlpha,
  SubnetMovingPrice,
  SubnetTAO,
  SubtokenEnabled,
  TaoWeight,
} from "../../storage.js";
import { minBig, ONE64, u64f64, u64ProportionU96, u96 } from "./fixed.js";
import { taoFlowActive, taoFlowShares } from "./taoflow.js";

/** All registered subnets (NetworksAdded), root included, in netuid order. */
export function allSubnets(s: State): number[] {
  const out: number[] = [];
  for (const key of NetworksAdded.keys(s)) {
    const netuid = Number(key);
    if (NetworksAdded.get(s, netuid)) out.push(netuid);
  }
  return out.sort((a, b) => a - b);
}

/**
 * `get_subnets_to_emit_to`: not root, started (FirstEmissionBlockNumber set), SubtokenEnabled and
 * NetworkRegistrationAllowed. SubnetEmissionEnabled is not a filter here: a disabled subnet still mints
 * alpha out, only its TAO-side share is zeroed (`subnetBlockEmissions`).
 */
export function subnetsToEmitTo(s: State, subnets: readonly number[]): number[] {
  return subnets.filter(
    (netuid) =>
      netuid !== 0 &&
      FirstEmissionBlockNumber.get(s, netuid) !== null &&
      SubtokenEnabled.get(s, netuid) &&
      NetworkRegistrationAllowed.get(s, netuid),
  );
}

/** Alpha issuance of a subnet: SubnetAlphaIn + SubnetAlphaOut. */
export function alphaIssuance(s: State, netuid: number): bigint {
  return SubnetAlphaIn.get(s, netuid) + SubnetAlphaOut.get(s, netuid);
}

/** `get_tao_weight`: TaoWeight / u64::MAX as U96F32. */
export function taoWeightU96(s: State): bigint {
  return u64ProportionU96(TaoWeight.get(s));
}

/**
 * `root_proportion` (U96F32): w·TAO_root / (w·TAO_root + alpha issuance), TAO_root = SubnetTAO[0];
 * 0 when both are 0.
 */
export function rootProportion(s: State, netuid: number): bigint {
  const issuance = u96.fromInt(alphaIssuance(s, netuid));
  const weighted = u96.mul(u96.fromInt(SubnetTAO.get(s, 0)), taoWeightU96(s));
  return u96.div(weighted, u96.add(weighted, issuance)) ?? 0n;
}

/** `get_moving_alpha_price` (U64F64): 1 for root and stable subnets, else SubnetMovingPrice. */
export function movingPriceU64F64(s: State, netuid: number): bigint {
  if (netuid === 0 || SubnetMechanism.get(s, netuid) === 0) return ONE64;
  return u64f64.fromU96F32(SubnetMovingPrice.get(s, netuid));
}

/**
 * `get_network_root_sell_flag`: root alpha dividends accumulate only when the emitting subnets' moving
 * prices sum to more than 1 TAO; otherwise root alpha is recycled.
 */
export function rootSellFlag(s: State, toEmit: readonly number[]): boolean {
  let total = 0n;
  for (const netuid of toEmit) total += movingPriceU64F64(s, netuid);
  return total > ONE64;
}

/**
 * Emission shares (U64F64). With EmissionShareRule = "TaoFlow" (off by default): the reference's earlier
 * flow rule (`taoFlowShares`, taoflow.ts). Otherwise the newest rule: s_i = p̄_i / Σ p̄_j, then weighted
 * by (1 − MinerBurned_i) and renormalised; if every weighted share is 0 the unweighted price shares are
 * kept.
 */
export function emissionShares(s: State, toEmit: readonly number[]): Map<number, bigint> {
  if (taoFlowActive(s)) return taoFlowShares(s, toEmit);
  const prices = toEmit.map((netuid) => movingPriceU64F64(s, netuid));
  let total = 0n;
  for (const p of prices) total += p;
  const base = prices.map((p) => u64f64.div(p, total) ?? 0n);
  const weighted = toEmit.map((netuid, i) => {
    const burned = u64f64.fromU96F32(MinerBurned.get(s, netuid));
    return u64f64.mul(base[i] ?? 0n, u64f64.sub(ONE64, burned));
  });
  let weightedTotal = 0n;
  for (const w of weighted) weightedTotal += w;
  const shares = new Map<number, bigint>();
  toEmit.forEach((netuid, i) => {
    shares.set(
      netuid,
      weightedTotal === 0n ? (base[i] ?? 0n) : (u64f64.div(weighted[i] ?? 0n, weightedTotal) ?? 0n),
    );
  });
  return shares;
}

/**
 * `get_subnet_block_emissions`: each emitting subnet's TAO (U96F32) = E · share. Subnets with
 * SubnetEmissionEnabled = false get 0 and the enabled subnets' shares are renormalised to sum to 1.
 */
export function subnetBlockEmissions(
  s: State,
  toEmit: readonly number[],
  blockEmission: bigint,
): Map<number, bigint> {
  const shares = emissionShares(s, toEmit);
  let enabledSum = 0n;
  let anyDisabled = false;
  const enabled = new Map<number, boolean>();
  for (const netuid of toEmit) {
    const on = SubnetEmissionEnabled.get(s, netuid);
    enabled.set(netuid, on);
    if (on) enabledSum += shares.get(netuid) ?? 0n;
    else anyDisabled = true;
  }
  const emissionU64F64 = u64f64.fromInt(blockEmission);
  const out = new Map<number, bigint>();
  for (const netuid of toEmit) {
    let share = shares.get(netuid) ?? 0n;
    if (anyDisabled)
      share = enabled.get(netuid) && enabledSum > 0n ? (u64f64.div(share, enabledSum) ?? 0n) : 0n;
    out.set(netuid, u96.fromU64F64(u64f64.mul(emissionU64F64, share)));
  }
  return out;
}

/** The pool's spot price as U96F32 (TAO per alpha). */
export function spotPriceU96(s: State, netuid: number): bigint {
  return spotPrice(s, netuid);
}

/**
 * `update_moving_price` (§5.5), in U64F64:
 *   b = blocks since start_call (FirstEmissionBlockNumber − 1), a = SubnetMovingAlpha · b / (b + H),
 *   p̄ ← (1 − a) · p̄ + a · min(spot, 1); stored as I96F32 (floor).
 */
export function updateMovingPrice(s: State, netuid: number, now: number): void {
  const first = FirstEmissionBlockNumber.get(s, netuid) ?? 0;
  const startCall = first > 0 ? first - 1 : 0;
  const blocks = BigInt(now > startCall ? now - startCall : 0);
  const halving = BigInt(EMAPriceHalvingBlocks.get(s));
  const b = u64f64.fromInt(blocks);
  const ratio = u64f64.div(b, b + u64f64.fromInt(halving)) ?? 0n;
  const alpha = u64f64.mul(u64f64.fromU96F32(SubnetMovingAlpha.get(s)), ratio);
  const oneMinusAlpha = u64f64.sub(ONE64, alpha);
  const spot = u64f64.fromU96F32(spotPriceU96(s, netuid));
  const clipped = minBig(spot, ONE64);
  const current = u64f64.mul(alpha, clipped);
  const previous = u64f64.mul(oneMinusAlpha, movingPriceU64F64(s, netuid));
  SubnetMovingPrice.set(s, netuid, u96.fromU64F64(current + previous));
}

/** Step 6 of the block: moving prices of the emitting subnets, after they were used. */
export function updateMovingPrices(s: State, toEmit: readonly number[], now: number): void {
  for (const netuid of toEmit) updateMovingPrice(s, netuid, now);
}

/** Step 7 of the block: RootProp of the emitting subnets. */
export function updateRootProps(s: State, toEmit: readonly number[]): void {
  for (const netuid of toEmit) RootProp.set(s, netuid, rootProportion(s, netuid));
}
