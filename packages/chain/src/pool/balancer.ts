/**
 * The weighted two-asset pool ("Balancer"/PalSwap) of dynamic TAO, as pure functions (chain.md §5.2-§5.4).
 *
 * Reserves: x = alpha (`SubnetAlphaIn`), y = TAO (`SubnetTAO`); weights w_b (alpha) + w_q (TAO) = 1, each
 * in [0.01, 0.99]; only w_q is stored, as parts of 10^18 (a Perquintill). The invariant during swaps is
 * x^{w_b}·y^{w_q}; the spot price is (w_b/w_q)·(y/x) TAO per alpha.
 *
 * The arithmetic reproduces the reference's: U64F64 fixed point (raw bits, value = bits / 2^64) with
 * truncating multiply/divide and flooring conversion, and the fractional powers of the `safe-bigmath`
 * crate's `pow_ratio_scaled` (an exact rational root when the reduced exponent is small, otherwise a
 * 1024-bit fixed-point ln/exp series with 24 guard bits), re-implemented here on bigint.
 */
import { ChainError } from "../errors.js";

// ---------------------------------------------------------------------------------------------
// Constants

/** 1.0 as a Perquintill (18 decimals). */
export const ACCURACY = 1_000_000_000_000_000_000n;
/** Lower limit of either weight: 0.01. */
export const MIN_WEIGHT = ACCURACY / 100n;
/** Default quote (TAO) weight: 0.5. */
export const DEFAULT_QUOTE_WEIGHT = ACCURACY / 2n;
/** Default `FeeRate` (u16, normalised by 65535): ≈ 0.05 %. */
export const DEFAULT_FEE_RATE = 33;
/** `MinimumReserve` of the output side of a swap. */
export const MINIMUM_RESERVE = 1_000_000n;
/** Net input may be at most this many times the input-side reserve. */
export const MAX_INPUT_MULTIPLIER = 1000n;
/** Default price limits, in rao per alpha (10^9 = 1 TAO per alpha). */
export const MIN_PRICE_RAO = 1_000n;
export const MAX_PRICE_RAO = 1_000_000_000_000_000n;
/** Precision (bits) the reference asks `pow_ratio_scaled` for. */
export const POW_PRECISION = 1024;

const U16_MAX = 65535n;
const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;
const FRAC = 64n;
/** 1.0 in U64F64 raw bits. */
export const U64F64_ONE = 1n << FRAC;

export interface PoolState {
  /** x: `SubnetAlphaIn`, rao of alpha. */
  alphaReserve: bigint;
  /** y: `SubnetTAO`, rao. */
  taoReserve: bigint;
  /** w_q in parts of 10^18 (`SwapBalancer`). */
  quoteWeight: bigint;
}

export type PoolErrorCode =
  | "ReservesTooLow"
  | "SwapInputTooLarge"
  | "InsufficientLiquidity"
  | "PriceLimitExceeded";

function poolError(code: PoolErrorCode, message: string): never {
  throw new ChainError(code, message, "Swap");
}

// ---------------------------------------------------------------------------------------------
// U64F64 (raw bits), the reference's fixed-point type for prices and exponent results

const sat128 = (v: bigint): bigint => (v > U128_MAX ? U128_MAX : v < 0n ? 0n : v);
const sat64 = (v: bigint): bigint => (v > U64_MAX ? U64_MAX : v < 0n ? 0n : v);

/** U64F64::saturating_from_num(integer). */
export const fxFromInt = (n: bigint): bigint => sat128(n << FRAC);
/** Truncating multiplication, saturating. */
export const fxMul = (a: bigint, b: bigint): bigint => sat128((a * b) >> FRAC);
/** Truncating division; division by zero gives 0 (safe_div). */
export const fxDiv = (a: bigint, b: bigint): bigint => (b === 0n ? 0n : sat128((a << FRAC) / b));
/** saturating_to_num::<u64>(): floor, saturating. */
export const fxToU64 = (a: bigint): bigint => sat64(a >> FRAC);
const fxSub = (a: bigint, b: bigint): bigint => (a > b ? a - b : 0n);

/** An f64 converted exactly as `U64F64::from_num(f64)` (round to nearest; f64 values used in tests are exact). */
export function fxFromF64(v: number): bigint {
  if (!(v >= 0) || !Number.isFinite(v)) return 0n;
  // Every finite f64 is m·2^e with integer m < 2^53; scale by 2^64 exactly, then round half to even.
  let e = 0;
  let m = v;
  while (!Number.isInteger(m)) {
    m *= 2;
    e += 1;
  }
  const mant = BigInt(m);
  const shift = 64 - e;
  if (shift >= 0) return sat128(mant << BigInt(shift));
  const s = BigInt(-shift);
  const q = mant >> s;
  const r = mant - (q << s);
  const half = 1n << (s - 1n);
  return sat128(r > half || (r === half && (q & 1n) === 1n) ? q + 1n : q);
}

/** U64F64 raw bits → I96F32 raw bits (the chain's price representation), truncating. */
export const u64f64ToI96F32 = (bits: bigint): bigint => bits >> 32n;

/** A limit price in rao per alpha → U64F64 TAO per alpha, as subtensor converts it. */
export const priceFromRao = (rao: bigint): bigint => fxDiv(fxFromInt(rao), fxFromInt(1_000_000_000n));

/** U64F64 price → rao per alpha (`current_alpha_price`: via U96F32, times 10^9, floor). */
export const priceToRao = (bits: bigint): bigint => sat64(((bits >> 32n) * 1_000_000_000n) >> 32n);

// ---------------------------------------------------------------------------------------------
// Perquintill

/** Perquintill::from_rational(p, q): floor(p/q · 10^18), saturating at 1. */
export function perquintillFromRational(p: bigint, q: bigint): bigint {
  if (q === 0n || p >= q) return ACCURACY;
  return (p * ACCURACY) / q;
}

/** Multiply by a Perquintill rounding half up (the reference's `mul_perquintill_round`). */
export function mulPerquintillRound(parts: bigint, value: bigint): bigint {
  return sat128((value * parts + ACCURACY / 2n) / ACCURACY);
}

export const baseWeight = (pool: PoolState): bigint =>
  pool.quoteWeight >= ACCURACY ? 0n : ACCURACY - pool.quoteWeight;

/** Both weights at least 0.01 (and w_q ≤ 1). */
export function weightsValid(quoteWeight: bigint): boolean {
  const base = quoteWeight >= ACCURACY ? 0n : ACCURACY - quoteWeight;
  return base >= MIN_WEIGHT && quoteWeight >= MIN_WEIGHT;
}

// ---------------------------------------------------------------------------------------------
// safe-bigmath `pow_ratio_scaled`

const bitLength = (v: bigint): bigint => (v === 0n ? 0n : BigInt(v.toString(2).length));

/** Floor division for a positive divisor. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

/** floor(m^(1/q)) for m ≥ 0 (Newton's method on integers). */
function integerRoot(m: bigint, q: bigint): bigint {
  if (m < 2n || q === 1n) return m;
  // Start above the root: 2^ceil(bits/q).
  let x = 1n << ((bitLength(m) + q - 1n) / q);
  for (;;) {
    const y = ((q - 1n) * x + m / x ** (q - 1n)) / q;
    if (y >= x) break;
    x = y;
  }
  while (x ** q > m) x -= 1n;
  while ((x + 1n) ** q <= m) x += 1n;
  return x;
}

/** Round away the guard bits, half away from zero (div_rem truncates toward zero). */
function roundToPrecision(value: bigint, guard: bigint): bigint {
  const t = value / guard;
  const r = value - t * guard;
  if (r !== 0n && (r < 0n ? -r : r) * 2n >= guard) return t + (r < 0n ? -1n : 1n);
  return t;
}

function ln1pFixed(x: bigint, scale: bigint, guard: bigint, maxIters: number): bigint {
  let term = x;
  let result = term;
  let prev = roundToPrecision(result, guard);
  for (let n = 2; n <= maxIters; n++) {
    term = floorDiv(term * x, scale);
    if (term === 0n) break;
    const next = floorDiv(term, BigInt(n));
    if (next === 0n) break;
    if (n % 2 === 0) result -= next;
    else result += next;
    const rounded = roundToPrecision(result, guard);
    if ((next < 0n ? -next : next) < guard || rounded === prev) break;
    prev = rounded;
  }
  return result;
}

function expFixed(x: bigint, scale: bigint, guard: bigint, maxIters: number): bigint {
  let term = scale;
  let result = term;
  let prev = roundToPrecision(result, guard);
  for (let n = 1; n <= maxIters; n++) {
    term = floorDiv(term * x, scale * BigInt(n));
    if (term === 0n) break;
    result += term;
    const rounded = roundToPrecision(result, guard);
    if ((term < 0n ? -term : term) < guard || rounded === prev) break;
    prev = rounded;
  }
  return result;
}

function lnBig(
  value: bigint,
  internalPrecision: bigint,
  internalScale: bigint,
  guard: bigint,
  lnTwo: bigint,
  maxIters: number,
): bigint {
  if (value === 0n) return 0n;
  let shift = bitLength(value) - 1n;
  let mantissa = (value << internalPrecision) >> shift;
  if (mantissa >= internalScale + (internalScale >> 1n)) {
    mantissa >>= 1n;
    shift += 1n;
  }
  return ln1pFixed(mantissa - internalScale, internalScale, guard, maxIters) + lnTwo * shift;
}

const lnTwoCache = new Map<bigint, bigint>();

/**
 * (bn / bd)^(en / ed) · scale, floored: `SafeInt::pow_ratio_scaled` of safe-bigmath. Returns null where
 * the reference returns None (zero denominators).
 */
export function powRatioScaled(
  bn: bigint,
  bd: bigint,
  en: bigint,
  ed: bigint,
  precision: number,
  scale: bigint,
): bigint | null {
  if (bd === 0n || ed === 0n) return null;
  if (bn === 0n) return 0n;
  if (scale < 0n || bn < 0n || bd < 0n || en < 0n || ed < 0n) return null;
  if (en === 0n) return scale;
  const g = gcd(en, ed);
  const p = g > 1n ? en / g : en;
  const q = g > 1n ? ed / g : ed;

  if (bitLength(p) <= 32n && bitLength(q) <= 32n && p <= 1024n) {
    // Exact path: floor((bn^p · scale^q / bd^p)^(1/q)).
    return integerRoot((bn ** p * scale ** q) / bd ** p, q);
  }

  // Fixed-point ln/exp path.
  const requested = BigInt(Math.max(precision, 32, Number(bitLength(scale)) + 8));
  const guardBits = 24n;
  const internal = requested + guardBits;
  const maxIters = Math.max(1, Math.min(4096, Number(internal) + 128));
  const targetScale = 1n << requested;
  const guard = 1n << guardBits;
  const internalScale = targetScale << guardBits;

  let lnTwo = lnTwoCache.get(internal);
  if (lnTwo === undefined) {
    lnTwo = -ln1pFixed(-(internalScale >> 1n), internalScale, guard, maxIters);
    lnTwoCache.set(internal, lnTwo);
  }
  const lnNum = lnBig(bn, internal, internalScale, guard, lnTwo, maxIters);
  const lnDen = lnBig(bd, internal, internalScale, guard, lnTwo, maxIters);
  const lnScaled = floorDiv((lnNum - lnDen) * p, q);
  const e = expFixed(lnScaled, internalScale, guard, maxIters);
  return floorDiv(roundToPrecision(e, guard) * scale, targetScale);
}

// ---------------------------------------------------------------------------------------------
// Balancer formulas

/**
 * (x / (x + dx))^(w_b/w_q) if baseQuote, else ^(w_q/w_b), as U64F64; dx may be negative. 0 where the
 * reference gives 0 (x + dx = 0, or a result above u64::MAX at 10^18 scale).
 */
export function expScaled(pool: PoolState, x: bigint, dx: bigint, baseQuote: boolean): bigint {
  const xPlus = sat64(x + dx);
  if (xPlus === 0n) return 0n;
  const w1 = baseWeight(pool);
  const w2 = pool.quoteWeight;
  const r = baseQuote
    ? powRatioScaled(x, xPlus, w1, w2, POW_PRECISION, ACCURACY)
    : powRatioScaled(x, xPlus, w2, w1, POW_PRECISION, ACCURACY);
  if (r === null || r > U64_MAX) return 0n;
  return fxDiv(fxFromInt(r), fxFromInt(ACCURACY));
}

/** Spot price p = (w_b/w_q)·(y/x), U64F64 raw bits (0 if x = 0). */
export function spotPrice(pool: PoolState): bigint {
  if (pool.alphaReserve === 0n) return 0n;
  return calculatePrice(pool, pool.alphaReserve, pool.taoReserve);
}

/** `calculate_price(x, y)` with the pool's weights. */
export function calculatePrice(pool: PoolState, x: bigint, y: bigint): bigint {
  const w2 = fxFromInt(pool.quoteWeight);
  const w1 = fxFromInt(baseWeight(pool));
  return fxMul(fxDiv(w1, w2), fxDiv(fxFromInt(y), fxFromInt(x)));
}

/** Spot price as I96F32 raw bits, for the chain. */
export const spotPriceI96F32 = (pool: PoolState): bigint => u64f64ToI96F32(spotPrice(pool));

/** Alpha paid out for net TAO dy: x·(1 − (y/(y+dy))^{w_q/w_b}), floored. */
export function alphaOutForTao(pool: PoolState, dy: bigint): bigint {
  if (dy === 0n) return 0n;
  const e = expScaled(pool, pool.taoReserve, dy, false);
  return fxToU64(fxMul(fxFromInt(pool.alphaReserve), fxSub(U64F64_ONE, e)));
}

/** TAO paid out for net alpha dx: y·(1 − (x/(x+dx))^{w_b/w_q}), floored. */
export function taoOutForAlpha(pool: PoolState, dx: bigint): bigint {
  if (dx === 0n) return 0n;
  const e = expScaled(pool, pool.alphaReserve, dx, true);
  return fxToU64(fxMul(fxFromInt(pool.taoReserve), fxSub(U64F64_ONE, e)));
}

function deltaToPrice(quoteWeightOrBase: bigint, num: bigint, den: bigint, reserve: bigint): bigint {
  const r = powRatioScaled(num, den, quoteWeightOrBase, ACCURACY, POW_PRECISION, ACCURACY);
  if (r === null) return 0n;
  const eFixed = fxFromInt(r > U64_MAX ? U64_MAX : r);
  return fxToU64(fxMul(fxFromInt(reserve), fxSub(fxDiv(eFixed, fxFromInt(ACCURACY)), U64F64_ONE)));
}

/** TAO needed to move the price up from `current` to `target` (U64F64): y·((p′/p)^{w_b} − 1). */
export function quoteDeltaIn(pool: PoolState, current: bigint, target: bigint, taoReserve: bigint): bigint {
  return deltaToPrice(baseWeight(pool), target, current, taoReserve);
}

/** Alpha needed to move the price down from `current` to `target` (U64F64): x·((p/p′)^{w_q} − 1). */
export function baseDeltaIn(pool: PoolState, current: bigint, target: bigint, alphaReserve: bigint): bigint {
  return deltaToPrice(pool.quoteWeight, current, target, alphaReserve);
}

/** Alpha to sell to get `deltaTao` out: x·((y/(y−Δy))^{w_q/w_b} − 1) (`get_base_needed_for_quote`). */
export function baseNeededForQuote(pool: PoolState, deltaTao: bigint): bigint {
  const e = expScaled(pool, pool.taoReserve, -deltaTao, false);
  return fxToU64(fxMul(fxFromInt(pool.alphaReserve), fxSub(e, U64F64_ONE)));
}

// ---------------------------------------------------------------------------------------------
// Fees

/** Fee taken from a gross input: floor(amount · (rate/65535 as U64F64)). */
export function feeFromGross(amount: bigint, feeRate: number): bigint {
  const rate = fxDiv(fxFromInt(BigInt(feeRate)), fxFromInt(U16_MAX));
  return fxToU64(fxMul(fxFromInt(amount), rate));
}

/** Fee on a net input truncated by a limit: floor(Δin · rate/(65535 − rate)). */
export function feeFromNet(deltaIn: bigint, feeRate: number): bigint {
  const r = fxFromInt(BigInt(feeRate));
  const rate = fxDiv(r, fxSub(fxFromInt(U16_MAX), r));
  return fxToU64(fxMul(fxFromInt(deltaIn), rate));
}

// ---------------------------------------------------------------------------------------------
// Swaps

export type SwapSide = "buy" | "sell";

export interface SwapOptions {
  /** Limit price, U64F64 TAO per alpha; default max (buy) / min (sell) price. */
  limitPrice?: bigint;
  /** `FeeRate[net]` (u16); default 33. */
  feeRate?: number;
  /** Fee-free internal swap (emission buys, root-claim sells, one leg of moves). */
  dropFees?: boolean;
  /** Skip the "output ≤ reserve" check, as the reference's simulation does. */
  simulate?: boolean;
  /** `MinimumReserve`; default 1 000 000. */
  minimumReserve?: bigint;
}

export interface SwapOutcome {
  /** Net input that entered the pool (after fee, up to the limit). */
  amountPaidIn: bigint;
  /** Output paid by the pool. */
  amountPaidOut: bigint;
  /** Fee, in the input currency (not added to the pool). */
  feePaid: bigint;
  /** Unswapped part of the gross input: amount − paidIn − fee. */
  refund: bigint;
  /** Pool after the swap (reserves moved; weights unchanged). */
  pool: PoolState;
}

/** Buy: `current < limit` must hold; sell: `current > limit`. */
function beyondLimit(side: SwapSide, current: bigint, limit: bigint): boolean {
  return side === "buy" ? current < limit : current > limit;
}

/**
 * A swap of `amount` (gross input: TAO for "buy", alpha for "sell"), as the reference's `do_swap` +
 * `BasicSwapStep`: fee from the gross, the net moves the price to a target; if the target is beyond the
 * limit, only the input up to the limit is swapped and the fee is recomputed on it.
 */
export function swap(
  pool: PoolState,
  side: SwapSide,
  amount: bigint,
  options: SwapOptions = {},
): SwapOutcome {
  const feeRate = options.dropFees ? 0 : (options.feeRate ?? DEFAULT_FEE_RATE);
  const minimumReserve = options.minimumReserve ?? MINIMUM_RESERVE;
  const limit = options.limitPrice ?? priceFromRao(side === "buy" ? MAX_PRICE_RAO : MIN_PRICE_RAO);
  const x = pool.alphaReserve;
  const y = pool.taoReserve;
  const reserveOut = side === "buy" ? x : y;
  const reserveIn = side === "buy" ? y : x;

  if (reserveOut < minimumReserve)
    poolError(
      "ReservesTooLow",
      "The pool's output reserve is below MinimumReserve; swap a smaller amount later.",
    );
  const current = spotPrice(pool);
  if (!beyondLimit(side, current, limit))
    poolError("PriceLimitExceeded", "The price is already past your limit price; choose another limit.");

  let fee = feeFromGross(amount, feeRate);
  const requested = amount - fee;
  if (requested > reserveIn * MAX_INPUT_MULTIPLIER)
    poolError(
      "SwapInputTooLarge",
      "The net input is more than 1000 times the pool's input reserve; split the swap.",
    );

  // Target price if the whole net amount were swapped.
  let target: bigint;
  if (side === "buy") {
    const dx = alphaOutForTao(pool, requested);
    target = calculatePrice(pool, fxSub(x, dx), sat64(y + requested));
  } else {
    const dy = taoOutForAlpha(pool, requested);
    target = calculatePrice(pool, sat64(x + requested), fxSub(y, dy));
  }

  let deltaIn: bigint;
  const targetCloser = side === "buy" ? target <= limit : target >= limit;
  if (targetCloser) {
    deltaIn = requested;
  } else {
    deltaIn = side === "buy" ? quoteDeltaIn(pool, current, limit, y) : baseDeltaIn(pool, current, limit, x);
    fee = feeFromNet(deltaIn, feeRate);
  }

  const deltaOut = side === "buy" ? alphaOutForTao(pool, deltaIn) : taoOutForAlpha(pool, deltaIn);
  if (deltaIn > 0n && deltaOut === 0n)
    poolError("ReservesTooLow", "The swap would pay out nothing; the pool is too shallow for this amount.");
  if (!options.simulate && reserveOut < deltaOut)
    poolError("InsufficientLiquidity", "The pool cannot pay this much out; swap a smaller amount.");

  const next: PoolState =
    side === "buy"
      ? { alphaReserve: x - deltaOut, taoReserve: y + deltaIn, quoteWeight: pool.quoteWeight }
      : { alphaReserve: x + deltaIn, taoReserve: y - deltaOut, quoteWeight: pool.quoteWeight };
  const used = deltaIn + fee;
  return {
    amountPaidIn: deltaIn,
    amountPaidOut: deltaOut,
    feePaid: fee,
    refund: amount > used ? amount - used : 0n,
    pool: next,
  };
}

/** Buy alpha with `tao` (gross). */
export const buyAlpha = (pool: PoolState, tao: bigint, options?: SwapOptions): SwapOutcome =>
  swap(pool, "buy", tao, options);

/** Sell `alpha` (gross) for TAO. */
export const sellAlpha = (pool: PoolState, alpha: bigint, options?: SwapOptions): SwapOutcome =>
  swap(pool, "sell", alpha, options);

// ---------------------------------------------------------------------------------------------
// Liquidity injection (emission)

/**
 * New quote weight for adding (Δy TAO, Δx alpha): w_q·x·(y+Δy) / (w_b·y·(x+Δx) + w_q·x·(y+Δy)), each
 * product rounded half up, the ratio floored to 18 decimals; 0.5 if both products are 0. null if the new
 * weights would leave [0.01, 0.99].
 */
export function weightAfterInjection(pool: PoolState, taoDelta: bigint, alphaDelta: bigint): bigint | null {
  const y = pool.taoReserve;
  const x = pool.alphaReserve;
  const q1 = mulPerquintillRound(baseWeight(pool), sat128(y * sat128(x + alphaDelta)));
  const q2 = mulPerquintillRound(pool.quoteWeight, sat128(x * sat128(y + taoDelta)));
  const sum = sat128(q1 + q2);
  const w = sum !== 0n ? perquintillFromRational(q2, sum) : DEFAULT_QUOTE_WEIGHT;
  return weightsValid(w) ? w : null;
}

export interface InjectionOutcome {
  /** False if rejected (weights out of range): nothing was added. */
  accepted: boolean;
  taoAdded: bigint;
  alphaAdded: bigint;
  pool: PoolState;
}

/** Add emission liquidity (`adjust_protocol_liquidity`): reserves grow, weights re-balance, price stays. */
export function injectLiquidity(pool: PoolState, taoDelta: bigint, alphaDelta: bigint): InjectionOutcome {
  const w = weightAfterInjection(pool, taoDelta, alphaDelta);
  if (w === null) return { accepted: false, taoAdded: 0n, alphaAdded: 0n, pool };
  return {
    accepted: true,
    taoAdded: taoDelta,
    alphaAdded: alphaDelta,
    pool: {
      alphaReserve: pool.alphaReserve + alphaDelta,
      taoReserve: pool.taoReserve + taoDelta,
      quoteWeight: w,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Quotes for clients (the runtime API's `sim_swap_*`)

export interface SimSwapResult {
  tao_amount: bigint;
  alpha_amount: bigint;
  tao_fee: bigint;
  alpha_fee: bigint;
  tao_slippage: bigint;
  alpha_slippage: bigint;
}

export interface Quote extends SimSwapResult {
  /** Spot price before and after, U64F64. */
  priceBefore: bigint;
  priceAfter: bigint;
  /** Price impact (after − before)/before, in parts of 10^18 (signed). */
  priceImpact: bigint;
}

/**
 * Simulate a swap at the default (widest) limit. tao_amount/alpha_amount are the net input and the
 * output; the slippage is what the output falls short of the net input converted at the spot price.
 * Throws the same errors as `swap` (the runtime API maps an error to all-zero fields).
 */
export function simSwap(pool: PoolState, side: SwapSide, amount: bigint, options: SwapOptions = {}): Quote {
  const r = swap(pool, side, amount, { ...options, simulate: true });
  const before = spotPrice(pool);
  const after = spotPrice(r.pool);
  const impact = before === 0n ? 0n : ((after - before) * ACCURACY) / before;
  if (side === "buy") {
    const ideal = fxToU64(fxDiv(fxFromInt(r.amountPaidIn), before));
    return {
      tao_amount: r.amountPaidIn,
      alpha_amount: r.amountPaidOut,
      tao_fee: r.feePaid,
      alpha_fee: 0n,
      tao_slippage: 0n,
      alpha_slippage: ideal > r.amountPaidOut ? ideal - r.amountPaidOut : 0n,
      priceBefore: before,
      priceAfter: after,
      priceImpact: impact,
    };
  }
  const ideal = fxToU64(fxMul(fxFromInt(r.amountPaidIn), before));
  return {
    tao_amount: r.amountPaidOut,
    alpha_amount: r.amountPaidIn,
    tao_fee: 0n,
    alpha_fee: r.feePaid,
    tao_slippage: ideal > r.amountPaidOut ? ideal - r.amountPaidOut : 0n,
    alpha_slippage: 0n,
    priceBefore: before,
    priceAfter: after,
    priceImpact: impact,
  };
}
