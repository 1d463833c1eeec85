import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ChainError } from "../errors.js";
import {
  ACCURACY,
  baseDeltaIn,
  baseNeededForQuote,
  buyAlpha,
  calculatePrice,
  DEFAULT_QUOTE_WEIGHT,
  expScaled,
  feeFromGross,
  feeFromNet,
  fxFromF64,
  fxFromInt,
  injectLiquidity,
  mulPerquintillRound,
  type PoolState,
  perquintillFromRational,
  powRatioScaled,
  priceFromRao,
  priceToRao,
  quoteDeltaIn,
  sellAlpha,
  simSwap,
  spotPrice,
  spotPriceI96F32,
  swap,
  taoOutForAlpha,
  U64F64_ONE,
  weightAfterInjection,
} from "./balancer.js";

const TWO64 = 2 ** 64;
const f = (bits: bigint): number => Number(bits) / TWO64;
const pool = (alpha: bigint, tao: bigint, quoteWeight = DEFAULT_QUOTE_WEIGHT): PoolState => ({
  alphaReserve: alpha,
  taoReserve: tao,
  quoteWeight,
});
const withQuote = (quoteWeight: bigint): PoolState => pool(1n, 1n, quoteWeight);
const code = (c: string) => (e: unknown) => e instanceof ChainError && e.code === c;

describe("safe-bigmath pow_ratio_scaled", () => {
  it("test_perquintill_power: (21e15/28e15)^(0.6/0.4) = 0.649519052838328985 exactly", () => {
    const r = powRatioScaled(
      21_000_000_000_000_000n,
      28_000_000_000_000_000n,
      600_000_000_000_000_000n,
      400_000_000_000_000_000n,
      4096,
      ACCURACY,
    );
    assert.equal(r, 649_519_052_838_328_985n);
  });

  it("doc example: (2/3)^(1/2)·1000 floors to 816; zero/degenerate inputs", () => {
    assert.equal(powRatioScaled(2n, 3n, 1n, 2n, 0, 1000n), 816n);
    assert.equal(powRatioScaled(0n, 3n, 1n, 2n, 0, 1000n), 0n);
    assert.equal(powRatioScaled(2n, 0n, 1n, 2n, 0, 1000n), null);
    assert.equal(powRatioScaled(2n, 3n, 1n, 0n, 0, 1000n), null);
    assert.equal(powRatioScaled(2n, 3n, 0n, 5n, 0, 1000n), 1000n);
  });

  it("fallback ln/exp path agrees with the exact path to within 1 unit at 10^18", () => {
    // 1/3 via a large-numerator exponent that does not reduce (forces the series path).
    const exact = powRatioScaled(2n, 3n, 1n, 3n, 1024, ACCURACY) as bigint;
    const series = powRatioScaled(2n, 3n, 333_333_333_333n, 1_000_000_000_001n, 1024, ACCURACY) as bigint;
    const expected = 0.8735804647362989 * 1e18;
    assert.ok(Math.abs(Number(exact) - expected) < 1e3);
    assert.ok(Math.abs(Number(series) - expected) < 1e7); // different exponent by ~1e-12
    // Same exponent both ways: (1/2)^(5e17/5e17+1) vs exact 1/2.
    const s = powRatioScaled(1n, 2n, 1n << 40n, (1n << 40n) + 0n, 1024, ACCURACY);
    assert.equal(s, ACCURACY / 2n);
    const big = powRatioScaled(1n, 2n, 1_099_511_627_777n, 1_099_511_627_777n * 2n, 1024, ACCURACY);
    assert.equal(big, 707_106_781_186_547_524n); // floor(sqrt(1/2)·1e18) computed exactly
  });
});

describe("balancer math (ported from balancer.rs tests)", () => {
  const wQuotes = [
    perquintillFromRational(500_000_000_000n, 1_000_000_000_000n),
    perquintillFromRational(500_000_000_001n, 1_000_000_000_000n),
    perquintillFromRational(499_999_999_999n, 1_000_000_000_000n),
    perquintillFromRational(501_000_000_000n, 1_000_000_000_000n),
    perquintillFromRational(100_000_000_000n, 1_000_000_000_000n),
    perquintillFromRational(400_000_000_000n, 1_000_000_000_000n),
    perquintillFromRational(700_000_000_000n, 1_000_000_000_000n),
    perquintillFromRational(900_000_000_000n, 1_000_000_000_000n),
    perquintillFromRational(102_337_248_363_782_924n, ACCURACY),
  ];
  const cases: [bigint, bigint, bigint][] = [
    [1_000n, 1_000n, 0n],
    [1_000n, 1_000n, 1n],
    [1_500n, 1_000n, 1n],
    [1_000_000_000_000n, 100_000_000_000_000n, 100_000_000n],
    [100_000_000_000n, 100_000_000_000_000n, 1_000_000n],
    [100_000_000_000n, 100_000_000_000_000n, 1_000_000_000_000n],
    [1_000_000n, 100_000_000_000_000n, 1_000_000_000_000n],
    [1_000n, 100_000_000_000_000n, 100_000_000_000_000n],
    [1_000_000_000n, 4_000_000_000n, 1_000_000_000_000n],
    [1_000_000_000_000n, 1_000n, 1_000_000_000_000n],
    [5_600_000_000_000_000n, 400_000_000n, 14_000_000_000_000_000n],
  ];

  it("test_exp_base_quote_happy_path: y·(1 − e) within 0.001 rao of f64 (1 rao above 100k TAO)", () => {
    for (const wq of wQuotes) {
      const bal = withQuote(wq);
      const w2 = Number(wq) / 1e18;
      const w1 = Number(ACCURACY - wq) / 1e18;
      for (const [y, x, dx] of cases) {
        const e1 = expScaled(bal, x, dx, true);
        const e2 = expScaled(bal, x, dx, false);
        const yf = fxFromInt(y);
        const dy1 = f((yf * (U64F64_ONE - e1)) >> 64n);
        const dy2 = f((yf * (U64F64_ONE - e2)) >> 64n);
        const r = Number(x) / (Number(x) + Number(dx));
        const exp1 = Number(y) * (1 - r ** (w1 / w2));
        const exp2 = Number(y) * (1 - r ** (w2 / w1));
        const eps1 = exp1 > 1e14 ? 1 : 0.001;
        const eps2 = exp2 > 1e14 ? 1 : 0.001;
        assert.ok(Math.abs(dy1 - exp1) <= eps1, `dy1 ${dy1} vs ${exp1} (wq ${wq}, ${y}, ${x}, ${dx})`);
        assert.ok(Math.abs(dy2 - exp2) <= eps2, `dy2 ${dy2} vs ${exp2} (wq ${wq}, ${y}, ${x}, ${dx})`);
      }
    }
  });

  it("test_exp_base_quote_dy_precision: close parameter sets give strictly ordered, non-zero dy", () => {
    const rows: [bigint, bigint, bigint, bigint, bigint, bigint, bigint][] = [
      [
        1_000_000_000n,
        21_000_000_000_000_000n,
        21_000_000_000n,
        perquintillFromRational(1_000_000_000_000n, 2_000_000_000_000n),
        21_000_000_000_000_000n,
        21_000_000_000n,
        perquintillFromRational(1_000_000_000_001n, 2_000_000_000_000n),
      ],
      [
        1_000_000_000n,
        21_000_000_000_000_000n,
        21_000_000_000n,
        perquintillFromRational(1_000_000_000_000n, 2_000_000_000_001n),
        21_000_000_000_000_000n,
        21_000_000_000n,
        perquintillFromRational(1_000_000_000_000n, 2_000_000_000_000n),
      ],
      [
        1_000_000_000n,
        21_000_000_000_000_000n,
        2n,
        DEFAULT_QUOTE_WEIGHT,
        21_000_000_000_000_000n,
        1n,
        DEFAULT_QUOTE_WEIGHT,
      ],
      [
        1_000_000_000n,
        21_000_000_000_000_000n,
        1n,
        DEFAULT_QUOTE_WEIGHT,
        21_000_000_000_000_000n,
        1n,
        perquintillFromRational(1_010_000_000_000n, 2_000_000_000_000n),
      ],
      [
        1_000_000_000n,
        21_000_000_000_000_000n,
        1n,
        perquintillFromRational(1_000_000_000_000n, 2_010_000_000_000n),
        21_000_000_000_000_000n,
        1n,
        DEFAULT_QUOTE_WEIGHT,
      ],
    ];
    for (const [y, x1, dx1, w1, x2, dx2, w2] of rows) {
      const yf = fxFromInt(y);
      const dy1 = (yf * (U64F64_ONE - expScaled(withQuote(w1), x1, dx1, true))) >> 64n;
      const dy2 = (yf * (U64F64_ONE - expScaled(withQuote(w2), x2, dx2, true))) >> 64n;
      assert.ok(dy1 > dy2, `${dy1} > ${dy2}`);
      assert.ok(dy2 !== 0n);
    }
  });

  const quarter = perquintillFromRational(250_000_000_000n, 1_000_000_000_000n);

  it("test_calculate_quote_delta_in: w_b = 0.75, 0.1 → 0.2 on 1e9 TAO = floor(1e9·(2^0.75 − 1))", () => {
    const dy = quoteDeltaIn(withQuote(quarter), fxFromF64(0.1), fxFromF64(0.2), 1_000_000_000n);
    assert.equal(dy, BigInt(Math.trunc(1e9 * ((0.2 / 0.1) ** 0.75 - 1))));
    assert.equal(dy, 681_792_830n);
  });

  it("test_calculate_base_delta_in: w_q = 0.25, 0.2 → 0.1 on 1e9 alpha = floor(1e9·(2^0.25 − 1))", () => {
    const dx = baseDeltaIn(withQuote(quarter), fxFromF64(0.2), fxFromF64(0.1), 1_000_000_000n);
    assert.equal(dx, BigInt(Math.trunc(1e9 * ((0.2 / 0.1) ** 0.25 - 1))));
  });

  it("test_calculate_{quote,base}_delta_in_impossible: a limit on the wrong side needs 0", () => {
    assert.equal(quoteDeltaIn(withQuote(quarter), fxFromF64(0.1), fxFromF64(0.05), 1_000_000_000n), 0n);
    assert.equal(baseDeltaIn(withQuote(quarter), fxFromF64(0.1), fxFromF64(0.2), 1_000_000_000n), 0n);
  });

  it("test_calculate_delta_in_reverse_swap: buying dy brings the price to the target (1e-9 relative)", () => {
    const bal = withQuote(DEFAULT_QUOTE_WEIGHT);
    const tao = 1_000_000_000n;
    const alpha = BigInt(Math.trunc(1e9 / 0.1));
    const dy = quoteDeltaIn(bal, fxFromF64(0.1), fxFromF64(0.2), tao);
    const dx = Number(alpha) * (1 - (Number(tao) / (Number(tao) + Number(dy))) ** 1);
    const p = calculatePrice(bal, alpha - BigInt(Math.trunc(dx)), tao + dy);
    assert.ok(Math.abs(f(p) - 0.2) <= 0.2 / 1e9);
  });

  it("test_mul_round_*: half-up rounding by a Perquintill", () => {
    const half = perquintillFromRational(1n, 2n);
    assert.equal(mulPerquintillRound(0n, 1_000_000n), 0n);
    assert.equal(mulPerquintillRound(ACCURACY, 1_000_000n), 1_000_000n);
    const halves: [bigint, bigint][] = [
      [0n, 0n],
      [1n, 1n],
      [2n, 1n],
      [3n, 2n],
      [4n, 2n],
      [5n, 3n],
      [1023n, 512n],
      [1025n, 513n],
    ];
    for (const [v, r] of halves) assert.equal(mulPerquintillRound(half, v), r);
    const third = perquintillFromRational(1n, 3n);
    for (const [v, r] of [
      [3n, 1n],
      [4n, 1n],
      [5n, 2n],
      [6n, 2n],
    ] as const)
      assert.equal(mulPerquintillRound(third, v), r);
    const v = 1_000_000_000_000_000_000n;
    assert.equal(mulPerquintillRound(perquintillFromRational(7n, 10n), v), (v * 7n + 5n) / 10n);
    const u128max = (1n << 128n) - 1n;
    assert.equal(mulPerquintillRound(ACCURACY, u128max), u128max);
  });

  it("test_price_*: (w_b/w_q)·(y/x) for equal, 2:1, zero-y, scaled and general weights", () => {
    assert.ok(Math.abs(f(calculatePrice(withQuote(DEFAULT_QUOTE_WEIGHT), 2n, 5n)) - 2.5) < 1e-12);
    assert.ok(Math.abs(f(calculatePrice(withQuote(perquintillFromRational(1n, 3n)), 4n, 10n)) - 5) < 1e-10);
    assert.equal(calculatePrice(withQuote(perquintillFromRational(3n, 10n)), 10n, 0n), 0n);
    const h = withQuote(DEFAULT_QUOTE_WEIGHT);
    assert.ok(Math.abs(f(calculatePrice(h, 3n, 7n)) - f(calculatePrice(h, 30n, 70n))) < 1e-12);
    assert.ok(
      Math.abs(f(calculatePrice(withQuote(perquintillFromRational(2n, 5n)), 9n, 25n)) - 1.5 * (25 / 9)) <
        1e-9,
    );
    const p = calculatePrice(
      withQuote(perquintillFromRational(3n, 10n)),
      21_000_000_000_000_000n,
      15_000_000_000_000_000n,
    );
    assert.ok(Math.abs(f(p) - (0.7 / 0.3) * (15 / 21)) < 1e-9);
  });

  it("test_exp_scaled: five reference figures within 1e-9", () => {
    const rows: [bigint, bigint, bigint, bigint, boolean, number][] = [
      [5n, 10n, 100000n, 100n, true, 0.999000999000999],
      [1n, 4n, 500000n, 5000n, true, 0.970590147927644],
      [3n, 4n, 200000n, 2000n, false, 0.970590147927644],
      [9n, 10n, 13513642n, 1673n, false, 0.998886481979889],
      [773n, 1000n, 7_000_000_000n, 10_000n, true, 0.999999580484586],
    ];
    for (const [n, d, reserve, delta, bq, expected] of rows) {
      const e = expScaled(withQuote(perquintillFromRational(n, d)), reserve, delta, bq);
      assert.ok(Math.abs(f(e) - expected) <= 1e-9, `${f(e)} vs ${expected}`);
    }
  });

  it("test_base_needed_for_quote: alpha to sell for a fee-sized TAO amount", () => {
    const bal = pool(1_000_000_000n, 1_000_000_000n, quarter);
    const dx = baseNeededForQuote(bal, 1_123_432n);
    const expected = 1e9 * ((1e9 / (1e9 - 1_123_432)) ** (0.25 / 0.75) - 1);
    assert.equal(dx, BigInt(Math.trunc(expected)));
  });
});

describe("swaps (ported from swap tests)", () => {
  const base = pool(4_000_000_000n, 1_000_000_000n); // price 0.25

  it("spot price 0.25 at 1e9 TAO / 4e9 alpha, 0.5/0.5; as I96F32 and rao", () => {
    assert.equal(spotPrice(base), U64F64_ONE / 4n);
    assert.equal(spotPriceI96F32(base), 1n << 30n);
    assert.equal(priceToRao(spotPrice(base)), 250_000_000n);
  });

  it("test_swap_basic: buy and sell at 0.5/0.5 match the constant-product formula within 1", () => {
    for (const amount of [1_000n, 1_000_000n, 500_000_000n, 10_000_000_000n]) {
      const b = buyAlpha(base, amount);
      const fee = BigInt(Math.trunc(Number(amount) * (33 / 65535)));
      assert.ok(b.feePaid - fee <= 1n && fee - b.feePaid <= 1n);
      const net = amount - b.feePaid;
      assert.equal(b.amountPaidIn, net);
      const cp = (4_000_000_000n * net) / (1_000_000_000n + net);
      assert.ok(b.amountPaidOut - cp <= 1n && cp - b.amountPaidOut <= 1n, `${b.amountPaidOut} vs ${cp}`);
      assert.ok(spotPrice(b.pool) >= spotPrice(base));
      const s = sellAlpha(base, amount);
      const cps = (1_000_000_000n * s.amountPaidIn) / (4_000_000_000n + s.amountPaidIn);
      assert.ok(s.amountPaidOut - cps <= 1n && cps - s.amountPaidOut <= 1n);
      assert.ok(spotPrice(s.pool) <= spotPrice(base));
    }
  });

  it("fee: gross rate/65535 (33 → 0.05 %), and rate/(65535 − rate) on a limit-truncated net", () => {
    assert.equal(feeFromGross(10_000_000_000n, 33), 5_035_477n);
    assert.equal(feeFromGross(1_000n, 33), 0n);
    const net = 10_000_000_000n - 5_035_477n;
    const back = feeFromNet(net, 33);
    assert.ok(back === 5_035_477n || back === 5_035_476n);
    assert.equal(buyAlpha(base, 10_000_000_000n, { dropFees: true }).feePaid, 0n);
  });

  it("limit: a buy stops at the limit price, pays the proportional fee and refunds the rest", () => {
    const limit = priceFromRao(300_000_000n); // 0.3 TAO/alpha
    const r = buyAlpha(base, 10_000_000_000n, { limitPrice: limit });
    const p = spotPrice(r.pool);
    assert.ok(Math.abs(f(p) - 0.3) < 1e-6, `${f(p)}`);
    // Δy = y·((p'/p)^{1/2} − 1) = 1e9·(sqrt(1.2) − 1)
    assert.ok(Math.abs(Number(r.amountPaidIn) - 1e9 * (Math.sqrt(1.2) - 1)) <= 2);
    assert.equal(r.feePaid, feeFromNet(r.amountPaidIn, 33));
    assert.equal(r.refund, 10_000_000_000n - r.amountPaidIn - r.feePaid);
    const s = sellAlpha(base, 10_000_000_000n, { limitPrice: priceFromRao(200_000_000n) });
    assert.ok(Math.abs(f(spotPrice(s.pool)) - 0.2) < 1e-6);
  });

  it("default max price 1e15 rao truncates a buy that would push the price past 10^6 TAO/alpha", () => {
    const p = pool(1_000_000n, 1_000_000n);
    const r = buyAlpha(p, 999_000_001n, { dropFees: true, simulate: true });
    assert.ok(r.amountPaidIn < 999_000_001n && r.refund > 0n);
    assert.ok(r.amountPaidOut < 999_000n);
    const free = buyAlpha(p, 999_000_001n, { dropFees: true, simulate: true, limitPrice: 1n << 127n });
    assert.equal(free.amountPaidOut, 999_000n);
  });

  it("errors: PriceLimitExceeded, ReservesTooLow, SwapInputTooLarge, zero output", () => {
    assert.throws(
      () => buyAlpha(base, 1_000_000n, { limitPrice: priceFromRao(200_000_000n) }),
      code("PriceLimitExceeded"),
    );
    assert.throws(
      () => sellAlpha(base, 1_000_000n, { limitPrice: priceFromRao(300_000_000n) }),
      code("PriceLimitExceeded"),
    );
    assert.throws(() => buyAlpha(pool(999_999n, 1_000_000_000n), 1_000n), code("ReservesTooLow"));
    assert.throws(() => sellAlpha(pool(1_000_000_000n, 999_999n), 1_000n), code("ReservesTooLow"));
    // A 1-rao buy at price 0.25: constant product gives floor(3.999999996) = 3, but the reference
    // floors e = (y/(y+Δy)) to 18 decimals first, so 1 − e = 1e-9 exactly and the pool pays 4.
    assert.equal(buyAlpha(base, 1n, { dropFees: true }).amountPaidOut, 4n);
    // A 1-rao sell at price 0.25 pays 0 TAO → ReservesTooLow.
    assert.throws(() => sellAlpha(base, 1n, { dropFees: true }), code("ReservesTooLow"));
  });

  it("test_swap_rejects/allows_input_over_1000x_input_reserve (mock MinimumReserve)", () => {
    const tiny = pool(1_000n, 1_000n);
    const opts = { minimumReserve: 1n, dropFees: true };
    assert.throws(() => swap(tiny, "sell", 1_000_001n, opts), code("SwapInputTooLarge"));
    assert.throws(() => swap(tiny, "buy", 1_000_001n, opts), code("SwapInputTooLarge"));
    assert.doesNotThrow(() => swap(tiny, "sell", 1_000_000n, { ...opts, simulate: true }));
    assert.doesNotThrow(() => swap(tiny, "buy", 1_000_000n, { ...opts, simulate: true }));
    // sim_swap charges the fee first: 1 001 000 gross is still > 1000 × reserve net.
    assert.throws(() => simSwap(tiny, "sell", 1_001_000n, { minimumReserve: 1n }), code("SwapInputTooLarge"));
    assert.throws(() => simSwap(tiny, "buy", 1_001_000n, { minimumReserve: 1n }), code("SwapInputTooLarge"));
  });

  it("sim_swap: net amounts, fee on the input side, slippage below the spot conversion", () => {
    const q = simSwap(base, "buy", 10_000_000_000n);
    assert.equal(q.tao_fee, 5_035_477n);
    assert.equal(q.tao_amount, 10_000_000_000n - 5_035_477n);
    assert.equal(q.alpha_fee, 0n);
    assert.ok(q.alpha_slippage > 0n && q.tao_slippage === 0n);
    assert.ok(q.priceImpact > 0n);
    const s = simSwap(base, "sell", 1_000_000_000n);
    assert.equal(s.alpha_amount + s.alpha_fee, 1_000_000_000n);
    assert.ok(s.tao_slippage > 0n && s.priceImpact < 0n);
  });
});

describe("liquidity injection (adjust_protocol_liquidity)", () => {
  it("test_adjust_protocol_liquidity_preserves_price: deltas from the reference within 1e-12", () => {
    for (const [tao, alpha] of [
      [0n, 0n],
      [1n, 0n],
      [0n, 1n],
      [200_000n, 1_000n],
      [1_000n, 200_000n],
      [1_000_000_000_000n, 2_000_000_000_000n],
    ] as const) {
      const p0 = pool(4_000_000_000_000n, 1_000_000_000_000n);
      const r = injectLiquidity(p0, tao, alpha);
      assert.ok(r.accepted);
      assert.equal(r.pool.taoReserve, 1_000_000_000_000n + tao);
      assert.ok(Math.abs(f(spotPrice(r.pool)) - f(spotPrice(p0))) <= 1e-12);
    }
  });

  it("rejects (no change) an injection that would push a weight outside [0.01, 0.99]", () => {
    const p0 = pool(1_000_000n, 1_000_000n);
    const r = injectLiquidity(p0, 1_000_000_000n, 0n);
    assert.equal(r.accepted, false);
    assert.equal(r.pool, p0);
    assert.equal(weightAfterInjection(p0, 1_000_000_000n, 0n), null);
    assert.equal(weightAfterInjection(pool(0n, 0n), 0n, 0n), DEFAULT_QUOTE_WEIGHT);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const arbPool = fc.record({
  alphaReserve: fc.bigInt(1_000_000n, 10n ** 16n),
  taoReserve: fc.bigInt(1_000_000n, 10n ** 16n),
  quoteWeight: fc.oneof(fc.constant(DEFAULT_QUOTE_WEIGHT), fc.bigInt(ACCURACY / 10n, (ACCURACY / 10n) * 9n)),
});
const RUNS = 40;
const K_SCALE = 10n ** 40n;

/**
 * (x'/x)^{w_b} · (y'/y)^{w_q} ≥ 1 − 10^-17 (factors floored at 10^40). The reference floors the power
 * to 18 decimals before taking 1 − e, so a swap can overpay by < x·1.1e-18 rao: k may drop by a relative
 * ~1e-18 (see the 1-rao buy above), never more.
 */
function kNotDecreased(before: PoolState, after: PoolState): boolean {
  const wb = ACCURACY - before.quoteWeight;
  const a = powRatioScaled(after.alphaReserve, before.alphaReserve, wb, ACCURACY, 1024, K_SCALE) as bigint;
  const b = powRatioScaled(
    after.taoReserve,
    before.taoReserve,
    before.quoteWeight,
    ACCURACY,
    1024,
    K_SCALE,
  ) as bigint;
  return a * b + (K_SCALE * K_SCALE) / 10n ** 17n >= K_SCALE * K_SCALE;
}

describe("pool properties (fast-check)", () => {
  it("k check: the 1-rao buy loses k by 1e-18 relative (reference rounding) and is within tolerance", () => {
    const p = pool(4_000_000_000n, 1_000_000_000n);
    const r = buyAlpha(p, 1n, { dropFees: true });
    assert.ok(r.pool.alphaReserve * r.pool.taoReserve < p.alphaReserve * p.taoReserve);
    assert.ok(kNotDecreased(p, r.pool));
    // A real loss is caught: paying one extra rao on a small pool.
    const worse = { ...r.pool, alphaReserve: r.pool.alphaReserve - 1n };
    assert.ok(!kNotDecreased(p, worse));
  });

  it("k = x^{w_b}·y^{w_q} never decreases across a swap, and outputs never exceed reserves", () => {
    fc.assert(
      fc.property(arbPool, fc.bigInt(1n, 10n ** 15n), fc.boolean(), (p, amount, buy) => {
        let r: ReturnType<typeof swap>;
        try {
          r = swap(p, buy ? "buy" : "sell", amount);
        } catch (e) {
          return e instanceof ChainError;
        }
        assert.ok(r.amountPaidOut <= (buy ? p.alphaReserve : p.taoReserve));
        assert.ok(
          kNotDecreased(p, r.pool),
          JSON.stringify({ p, amount, buy }, (_, v) => (typeof v === "bigint" ? `${v}` : v)),
        );
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it("buying then selling what was bought never returns more TAO than was put in", () => {
    fc.assert(
      fc.property(arbPool, fc.bigInt(1_000n, 10n ** 14n), (p, tao) => {
        let out: bigint;
        try {
          const b = buyAlpha(p, tao);
          out = sellAlpha(b.pool, b.amountPaidOut).amountPaidOut;
        } catch (e) {
          return e instanceof ChainError;
        }
        return out <= tao;
      }),
      { numRuns: RUNS },
    );
  });

  it("injection leaves the spot price unchanged (relative 1e-9) or is rejected with no change", () => {
    fc.assert(
      fc.property(arbPool, fc.bigInt(0n, 10n ** 13n), fc.bigInt(0n, 10n ** 13n), (p, dy, dx) => {
        const r = injectLiquidity(p, dy, dx);
        if (!r.accepted) return r.pool === p;
        const before = f(spotPrice(p));
        return Math.abs(f(spotPrice(r.pool)) - before) <= before * 1e-9;
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it("at 0.5/0.5 the buy output is x·Δy/(y+Δy) up to one rao", () => {
    fc.assert(
      fc.property(
        fc.bigInt(1_000_000n, 10n ** 17n),
        fc.bigInt(1_000_000n, 10n ** 17n),
        fc.bigInt(1n, 10n ** 16n),
        (x, y, dy) => {
          const p = pool(x, y);
          fc.pre(dy <= y * 1000n);
          const cp = (x * dy) / (y + dy);
          let out: bigint;
          try {
            // No price limit: at the default max price (10^6 TAO/alpha) a huge buy is truncated.
            out = buyAlpha(p, dy, { dropFees: true, simulate: true, limitPrice: 1n << 127n }).amountPaidOut;
          } catch (e) {
            return e instanceof ChainError && e.code === "ReservesTooLow" && cp <= 1n;
          }
          return out - cp <= 1n && cp - out <= 1n;
        },
      ),
      { numRuns: RUNS * 3 },
    );
  });

  it("sell output equals taoOutForAlpha of the net input (no limit)", () => {
    fc.assert(
      fc.property(arbPool, fc.bigInt(1_000n, 10n ** 14n), (p, a) => {
        try {
          const s = sellAlpha(p, a);
          return s.amountPaidOut === taoOutForAlpha(p, s.amountPaidIn);
        } catch (e) {
          return e instanceof ChainError;
        }
      }),
      { numRuns: RUNS },
    );
  });
});
