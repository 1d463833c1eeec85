/**
 * The per-subnet TAO/alpha pool (chain.md §5). Reserves: x = SubnetAlphaIn, y = SubnetTAO.
 * Interim engine: the weighted pool at its default 0.5/0.5 weights, i.e. constant product x·y = k, exact
 * in integers (buys round the alpha out down, sells round the TAO out down: the pool never loses k).
 * The staking issue replaces it with the full Balancer engine (weights re-balanced by injection).
 * Root (netuid 0) and stable subnets (SubnetMechanism 0) trade 1:1.
 */
import { ensure } from "./errors.js";
import type { State } from "./state/state.js";
import {
  FeeRate,
  SubnetAlphaIn,
  SubnetAlphaOut,
  SubnetMechanism,
  SubnetTAO,
  SubnetVolume,
} from "./storage.js";

/** I96F32 raw bits of 1.0. */
export const PRICE_ONE = 1n << 32n;
/** Output-side reserve must stay at least this (MinimumReserve). */
export const MINIMUM_RESERVE = 1_000_000n;

export function isStable(s: State, netuid: number): boolean {
  return netuid === 0 || SubnetMechanism.get(s, netuid) === 0;
}

/** Spot price in TAO per alpha, I96F32 raw bits (value · 2^32). */
export function spotPrice(s: State, netuid: number): bigint {
  if (isStable(s, netuid)) return PRICE_ONE;
  const x = SubnetAlphaIn.get(s, netuid);
  const y = SubnetTAO.get(s, netuid);
  if (x === 0n) return 0n;
  return (y << 32n) / x;
}

export interface SwapResult {
  /** Amount received. */
  readonly out: bigint;
  /** Fee taken from the input (in the input's unit). */
  readonly fee: bigint;
}

/** Quote of buying alpha with `tao` (gross); no state change. */
export function quoteBuy(s: State, netuid: number, tao: bigint, feeFree = false): SwapResult {
  const fee = feeFree || isStable(s, netuid) ? 0n : (tao * BigInt(FeeRate.get(s, netuid))) / 65535n;
  const net = tao - fee;
  if (isStable(s, netuid)) return { out: net, fee };
  const x = SubnetAlphaIn.get(s, netuid);
  const y = SubnetTAO.get(s, netuid);
  if (y + net === 0n) return { out: 0n, fee };
  return { out: (x * net) / (y + net), fee };
}

/**
 * Buys alpha with TAO (TAO already moved into the subnet account by the caller): reserves and volume
 * updated, the alpha leaves the pool (SubnetAlphaOut grows). Returns the alpha bought and the fee (TAO,
 * which stays outside the reserve for the caller to pay to the block author).
 */
export function buyAlpha(s: State, netuid: number, tao: bigint, feeFree = false): SwapResult {
  const q = quoteBuy(s, netuid, tao, feeFree);
  if (!isStable(s, netuid)) {
    const x = SubnetAlphaIn.get(s, netuid);
    ensure(
      x - q.out >= MINIMUM_RESERVE || q.out === 0n,
      "InsufficientLiquidity",
      "the pool's alpha reserve is too low for this swap",
    );
    SubnetAlphaIn.set(s, netuid, x - q.out);
  }
  SubnetTAO.update(s, netuid, (v) => v + tao - q.fee);
  SubnetAlphaOut.update(s, netuid, (v) => v + q.out);
  SubnetVolume.update(s, netuid, (v) => v + tao);
  return q;
}

/** Sells alpha for TAO: the inverse of `buyAlpha` (fee taken in alpha, returned to the caller). */
export function sellAlpha(s: State, netuid: number, alpha: bigint, feeFree = false): SwapResult {
  const fee = feeFree || isStable(s, netuid) ? 0n : (alpha * BigInt(FeeRate.get(s, netuid))) / 65535n;
  const net = alpha - fee;
  let out = net;
  if (!isStable(s, netuid)) {
    const x = SubnetAlphaIn.get(s, netuid);
    const y = SubnetTAO.get(s, netuid);
    out = x + net === 0n ? 0n : (y * net) / (x + net);
    ensure(
      y - out >= MINIMUM_RESERVE || out === 0n,
      "InsufficientLiquidity",
      "the pool's TAO reserve is too low for this swap",
    );
    SubnetAlphaIn.set(s, netuid, x + net);
  }
  SubnetTAO.update(s, netuid, (v) => v - out);
  SubnetAlphaOut.update(s, netuid, (v) => v - net);
  SubnetVolume.update(s, netuid, (v) => v + out);
  return { out, fee };
}
