/**
 * The per-subnet TAO/alpha pool (chain.md §5): the reference's weighted two-asset ("Balancer") pool over
 * the subnet's reserves x = SubnetAlphaIn, y = SubnetTAO with the quote (TAO) weight in SwapBalancer
 * (default 0.5). The arithmetic is `./pool/balancer.ts` (pure, exact); this module reads and writes the
 * chain's storage around it. Root (netuid 0) and stable subnets (SubnetMechanism 0) trade 1:1 without fee.
 *
 * Prices are I96F32 raw bits (value · 2^32) for the chain's emission code and rao per alpha for limit
 * orders (10^9 = 1 TAO per alpha), as the reference passes them.
 */
import { ChainError } from "./errors.js";
import * as balancer from "./pool/balancer.js";
import type { State } from "./state/state.js";
import {
  FeeRate,
  SubnetAlphaIn,
  SubnetAlphaOut,
  SubnetMechanism,
  SubnetTAO,
  SubnetVolume,
  SwapBalancer,
} from "./storage.js";

/** I96F32 raw bits of 1.0. */
export const PRICE_ONE = 1n << 32n;
/** Output-side reserve must stay at least this (MinimumReserve). */
export const MINIMUM_RESERVE = balancer.MINIMUM_RESERVE;
/** Rao per TAO: limit prices are in rao per alpha. */
const RAO = 1_000_000_000n;
/** No limit on the amount a limit order may execute (u64::MAX). */
export const UNLIMITED = (1n << 64n) - 1n;

export function isStable(s: State, netuid: number): boolean {
  return netuid === 0 || SubnetMechanism.get(s, netuid) === 0;
}

/** The pool of a (non-stable) subnet as the balancer module sees it. */
export function poolState(s: State, netuid: number): balancer.PoolState {
  return {
    alphaReserve: SubnetAlphaIn.get(s, netuid),
    taoReserve: SubnetTAO.get(s, netuid),
    quoteWeight: SwapBalancer.get(s, netuid),
  };
}

/** Spot price (w_b/w_q)·(y/x) in TAO per alpha, U64F64 raw bits (`current_alpha_price`). */
export function spotPriceU64F64(s: State, netuid: number): bigint {
  if (isStable(s, netuid)) return balancer.U64F64_ONE;
  return balancer.spotPrice(poolState(s, netuid));
}

/** Spot price in TAO per alpha, I96F32 raw bits (value · 2^32). */
export function spotPrice(s: State, netuid: number): bigint {
  return balancer.u64f64ToI96F32(spotPriceU64F64(s, netuid));
}

/** Spot price in rao per alpha (floor). */
export function priceRao(s: State, netuid: number): bigint {
  return (spotPriceU64F64(s, netuid) * RAO) >> 64n;
}

export interface SwapResult {
  /** Amount received. */
  readonly out: bigint;
  /** Fee taken from the input (in the input's unit). */
  readonly fee: bigint;
}

function swapOptions(s: State, netuid: number, feeFree: boolean): balancer.SwapOptions {
  return { feeRate: FeeRate.get(s, netuid), dropFees: feeFree };
}

/**
 * A whole-amount swap at the pool's widest price limits. If the amount would push the price past the
 * limit (10^6 TAO per alpha up, 10^-6 down), the reference swaps part of it and refunds the rest; the
 * chain's callers move the whole amount, so taonet refuses the swap instead of losing the refund.
 */
function wholeSwap(
  s: State,
  netuid: number,
  side: balancer.SwapSide,
  amount: bigint,
  feeFree: boolean,
  simulate = false,
): balancer.SwapOutcome {
  const options = { ...swapOptions(s, netuid, feeFree), simulate };
  const r = balancer.swap(poolState(s, netuid), side, amount, options);
  if (r.refund > 0n)
    throw new ChainError(
      "InsufficientLiquidity",
      `the pool of subnet ${netuid} cannot take ${amount} before its price limit; swap a smaller amount`,
    );
  return r;
}

/**
 * Quote of buying alpha with `tao` (gross); no state change. Where the pool would refuse the swap
 * (ReservesTooLow, SwapInputTooLarge, ...) the quote pays out nothing and the fee is the approximate one,
 * as the reference's callers fall back to (`sim_swap(..).unwrap_or(approx_fee_amount)`).
 */
export function quoteBuy(s: State, netuid: number, tao: bigint, feeFree = false): SwapResult {
  if (isStable(s, netuid)) return { out: tao, fee: 0n };
  const options = swapOptions(s, netuid, feeFree);
  try {
    const r = wholeSwap(s, netuid, "buy", tao, feeFree, true);
    return { out: r.amountPaidOut, fee: r.feePaid };
  } catch (err) {
    // only the pool's refusals are expected here; anything else is a bug
    if (!(err instanceof ChainError)) throw err;
    return { out: 0n, fee: feeFree ? 0n : balancer.feeFromGross(tao, options.feeRate ?? 0) };
  }
}

/**
 * Buys alpha with TAO (TAO already moved into the subnet account by the caller): reserves and volume
 * updated, the alpha leaves the pool (SubnetAlphaOut grows). Returns the alpha bought and the fee (TAO,
 * which stays outside the reserve for the caller to pay to the block author).
 */
export function buyAlpha(s: State, netuid: number, tao: bigint, feeFree = false): SwapResult {
  let out = tao;
  let fee = 0n;
  let paidIn = tao;
  if (!isStable(s, netuid)) {
    const r = wholeSwap(s, netuid, "buy", tao, feeFree);
    out = r.amountPaidOut;
    fee = r.feePaid;
    paidIn = r.amountPaidIn;
    SubnetAlphaIn.set(s, netuid, r.pool.alphaReserve);
  }
  SubnetTAO.update(s, netuid, (v) => v + paidIn);
  SubnetAlphaOut.update(s, netuid, (v) => v + out);
  SubnetVolume.update(s, netuid, (v) => v + tao);
  return { out, fee };
}

/** Sells alpha for TAO: the inverse of `buyAlpha` (fee taken in alpha, returned to the caller). */
export function sellAlpha(s: State, netuid: number, alpha: bigint, feeFree = false): SwapResult {
  let out = alpha;
  let fee = 0n;
  let paidIn = alpha;
  if (!isStable(s, netuid)) {
    const r = wholeSwap(s, netuid, "sell", alpha, feeFree);
    out = r.amountPaidOut;
    fee = r.feePaid;
    paidIn = r.amountPaidIn;
    SubnetAlphaIn.set(s, netuid, r.pool.alphaReserve);
  }
  SubnetTAO.update(s, netuid, (v) => v - out);
  SubnetAlphaOut.update(s, netuid, (v) => (v > paidIn ? v - paidIn : 0n));
  SubnetVolume.update(s, netuid, (v) => v + out);
  return { out, fee };
}

/**
 * Quote of selling `alpha` (gross): TAO out of the main sell and of the fee sell (the alpha fee is sold
 * fee-free for the block author right after); null if the pool cannot take it.
 */
export function quoteSell(
  s: State,
  netuid: number,
  alpha: bigint,
  feeFree = false,
): { out: bigint; fee: bigint; feeTao: bigint } | null {
  if (isStable(s, netuid)) return { out: alpha, fee: 0n, feeTao: 0n };
  try {
    const main = wholeSwap(s, netuid, "sell", alpha, feeFree);
    const feeTao =
      main.feePaid > 0n
        ? balancer.swap(main.pool, "sell", main.feePaid, { dropFees: true }).amountPaidOut
        : 0n;
    return { out: main.amountPaidOut, fee: main.feePaid, feeTao };
  } catch (err) {
    // only the pool's refusals are expected here; anything else is a bug
    if (!(err instanceof ChainError)) throw err;
    return null;
  }
}

/**
 * Most TAO (gross) a buy may spend before the price reaches `limit` rao per alpha; 0 if it is already
 * there (`get_max_amount_add`: the input of a swap stopped by the limit, plus its fee). The gross is
 * trimmed so that the fee taken on it leaves a net input that stops at or below the limit.
 */
export function maxAddAmount(s: State, netuid: number, limit: bigint): bigint {
  if (isStable(s, netuid)) return limit >= RAO ? UNLIMITED : 0n;
  const pool = poolState(s, netuid);
  if (pool.alphaReserve === 0n || pool.taoReserve === 0n) return 0n;
  const current = balancer.spotPrice(pool);
  const target = balancer.priceFromRao(limit);
  if (current >= target) return 0n;
  const rate = FeeRate.get(s, netuid);
  const net = balancer.quoteDeltaIn(pool, current, target, pool.taoReserve);
  let gross = net + balancer.feeFromNet(net, rate);
  while (gross > 0n && gross - balancer.feeFromGross(gross, rate) > net) gross--;
  return gross;
}

/**
 * Most alpha (gross) a sell may spend before the price falls to `limit` rao per alpha; 0 if it is
 * already there. The whole gross amount enters the pool (the alpha fee is sold right after the net
 * amount), so the bound is on the gross: the price after the fee sale stays at or above the limit.
 */
export function maxRemoveAmount(s: State, netuid: number, limit: bigint): bigint {
  if (isStable(s, netuid)) return limit <= RAO ? UNLIMITED : 0n;
  if (limit === 0n) return UNLIMITED;
  const pool = poolState(s, netuid);
  if (pool.alphaReserve === 0n || pool.taoReserve === 0n) return 0n;
  const current = balancer.spotPrice(pool);
  const target = balancer.priceFromRao(limit);
  if (current <= target) return 0n;
  return balancer.baseDeltaIn(pool, current, target, pool.alphaReserve);
}

/**
 * Emission liquidity (`adjust_protocol_liquidity` + the reserve increase): the quote weight is re-balanced
 * so the spot price does not move, then the reserves grow. If the new weight would leave [0.01, 0.99]
 * the weights stay and only the reserves grow (docs/deviations.md). Returns whether it re-weighted.
 */
export function injectLiquidity(s: State, netuid: number, tao: bigint, alpha: bigint): boolean {
  if (tao === 0n && alpha === 0n) return true;
  let reweighted = false;
  if (!isStable(s, netuid)) {
    const w = balancer.weightAfterInjection(poolState(s, netuid), tao, alpha);
    if (w !== null) {
      SwapBalancer.set(s, netuid, w);
      reweighted = true;
    }
  }
  if (alpha > 0n) SubnetAlphaIn.update(s, netuid, (v) => v + alpha);
  if (tao > 0n) SubnetTAO.update(s, netuid, (v) => v + tao);
  return reweighted;
}

/** Stake / unstake quotes for clients (`sim_swap`): net input, output, fee, slippage, price impact. */
export function simulateSwap(
  s: State,
  netuid: number,
  side: balancer.SwapSide,
  amount: bigint,
): balancer.Quote {
  if (isStable(s, netuid)) {
    const one = balancer.U64F64_ONE;
    return {
      tao_amount: amount,
      alpha_amount: amount,
      tao_fee: 0n,
      alpha_fee: 0n,
      tao_slippage: 0n,
      alpha_slippage: 0n,
      priceBefore: one,
      priceAfter: one,
      priceImpact: 0n,
    };
  }
  return balancer.simSwap(poolState(s, netuid), side, amount, { feeRate: FeeRate.get(s, netuid) });
}
