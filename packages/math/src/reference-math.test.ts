/**
 * Port of the reference's math unit tests (`pallets/subtensor/src/tests/math.rs` in opentensor/subtensor,
 * newest stored version, commit abb11433cd950fd8f03a49279d89b7c9e86ffaec) for the fixed-point
 * conversions, exp, stake normalization and u16 conversions of this package. Each test carries the
 * Rust test's name, inputs, expected values and tolerances. Rust `f32` literals become `fromF32`,
 * untyped float literals (f64) `fromF64`, integers `fromInt`; `I32F32::from_num(0.0001)` tolerances are
 * the same raw bits here.
 *
 * The sparse-matrix steps of the epoch are ported in packages/yuma/src/reference/math.test.ts, which
 * also lists the tests skipped there. Skipped here (no counterpart in @taonet/math):
 * - test_vec_max_upscale_to_u16: I32F32 -> u16 max-upscale is gone from the epoch (pruning score no
 *   longer computed); the u16 variant is covered by packages/yuma/src/reference/harness.test.ts.
 * - test_vec_u16_max_upscale_to_u16: already ported in packages/yuma/src/reference/harness.test.ts.
 * - test_check_vec_max_limited: set_weights validation, not part of the epoch.
 * - test_math_sigmoid_safe: sigmoid_safe is not used by the epoch; its exp_safe cases for rho 30 and
 *   40 are in packages/yuma/src/primitives.test.ts (the rho = max/min sub-cases are not ported).
 * - test_math_sum, test_checked_sum: plain vector sums, no separate function.
 * - test_math_fixed_to_u16_panics: the panic comes from `I32F32::from_num(u32::MAX)` overflowing while
 *   the test builds its input, not from fixed_to_u16 (which saturates); nothing to port.
 * - test_math_fixed64_to_u64(_saturates), test_math_fixed64_to_fixed32(_saturates),
 *   test_vec_fixed64_to_fixed32(_saturates): no standalone I64F64 -> u64 / I64F64 -> I32F32
 *   conversion; I64F64 only appears inside normalizeStakeToI32F32 and bondsMovingAverageAlpha.
 * - test_math_fixed_overflow (the I96F32 / I110F18 products) and test_math_u64_normalization
 *   (the I64F64 intermediate equalities), test_math_to_num (to_num::<u64> of I32F32 max and 0, which
 *   the Rust test compares with themselves): no assertion that a taonet function can answer; the
 *   asserted I32F32 / u64 results are ported.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as fx from "./i32f32.js";
import { bondsMovingAverageAlpha, fixedTimesRao, normalizeStakeToI32F32 } from "./wide.js";

const U64_MAX = (1n << 64n) - 1n;

/** `assert_float_compare` on I32F32 raw bits: |a - b| <= epsilon. */
function assertFloatCompare(a: number, b: number, epsilon: number, message: string): void {
  assert.ok(
    Math.abs(a - b) <= epsilon,
    `${message}: a(${fx.toNumber(a)}) != b(${fx.toNumber(b)}) within ${fx.toNumber(epsilon)}`,
  );
}

/** `assert_vec_compare`: same length, every element within epsilon. */
function assertVecCompare(
  actual: readonly number[],
  expected: readonly number[],
  epsilon: number,
  message: string,
): void {
  assert.equal(actual.length, expected.length, `${message}: length`);
  actual.forEach((a, i) => {
    assertFloatCompare(a, expected[i] ?? Number.NaN, epsilon, `${message}[${i}]`);
  });
}

describe("reference math.rs: fixed-point conversions", () => {
  it("test_math_fixed_overflow", () => {
    // 1 - I32F32(I64F64(900_000) / I64F64(1_000_000)) == I32F32::from_num(0.1)
    assert.equal(bondsMovingAverageAlpha(900_000), fx.fromF64(0.1));
    // A moving-average ratio of exactly one (the test's max_32 / max_32) leaves alpha 0.
    assert.equal(bondsMovingAverageAlpha(1_000_000), fx.fromInt(0));
  });

  it("test_math_u64_normalization", () => {
    const max = 21_000_000_000_000_000n;
    // Each case: the stake normalized against a total of `max` (I64F64 division, then I32F32).
    const cases: Array<[bigint, number]> = [
      [1n, fx.fromF64(0)],
      [4_889_444n, fx.fromF64(0.0000000002)],
      [10_500_000_000_000_000n, fx.fromF64(0.5)],
      [max, fx.fromInt(1)],
    ];
    for (const [stake, expected] of cases) {
      const rest = max - stake;
      const stakes = rest === 0n ? [stake] : [stake, rest];
      // As plain u64 stakes and as I64F64 raw bits (I64F64::from_num(u64)).
      assert.equal(normalizeStakeToI32F32(stakes)[0], expected, `u64 ${stake}`);
      assert.equal(normalizeStakeToI32F32(stakes.map((s) => s << 64n))[0], expected, `I64F64 ${stake}`);
    }
  });

  it("test_math_to_num", () => {
    const val = fx.fromInt(65535);
    assert.equal(fx.toU16(val), 65535);
    const output = new Array<number>(1000).fill(val).map(fx.toU16);
    assert.deepEqual(output, new Array<number>(1000).fill(65535));
    // I96F32::from_num(u64::MAX).to_num::<u64>() == u64::MAX: the I96F32 -> u64 conversion of the
    // emission path, with a factor of exactly 1.
    const raoOut = new Array<number>(1000).fill(fx.ONE).map((x) => fixedTimesRao(x, U64_MAX));
    assert.deepEqual(raoOut, new Array<bigint>(1000).fill(U64_MAX));
  });

  it("test_math_vec_to_fixed", () => {
    const result = [0, 1, 2, 3].map(fx.fromF32);
    const target = [0, 1, 2, 3].map(fx.fromF64);
    assertVecCompare(result, target, fx.fromInt(0), "vec_to_fixed");
    assert.deepEqual(result, [0, 1, 2, 3].map(fx.fromInt));
  });

  it("test_math_fixed_to_u16", () => {
    for (const expected of [0, Math.floor(65535 / 2), 65535]) {
      assert.equal(fx.toU16(fx.fromInt(expected)), expected);
    }
  });

  it("test_math_fixed_to_u64", () => {
    // fixed_to_u64 is saturating_to_num::<u64>; the I32F32 -> u64 conversion here is fixedTimesRao
    // with a factor of one rao.
    assert.equal(fixedTimesRao(fx.fromInt(0), 1n), 0n);
  });

  it("test_math_fixed_to_u64_saturates", () => {
    assert.equal(fixedTimesRao(fx.fromInt(-1), 1n), 0n);
  });

  it("test_math_u16_to_fixed", () => {
    for (const input of [0, Math.floor(65535 / 2), 65535]) {
      // I32F32::from_num(u16): the integer in the high 32 bits.
      assert.equal(BigInt(fx.fromInt(input)), BigInt(input) << 32n);
    }
  });

  it("test_math_u16_proportion_to_fixed", () => {
    assert.equal(fx.u16ProportionToFixed(0), fx.fromInt(0));
  });

  it("test_fixed_proportion_to_u16", () => {
    assert.equal(fx.proportionToU16(fx.fromInt(0)), 0);
  });

  it("test_fixed_proportion_to_u16_saturates", () => {
    assert.equal(fx.proportionToU16(fx.fromInt(65535)), 65535);
  });
});

describe("reference math.rs: exp", () => {
  it("test_math_exp_safe", () => {
    const zero = 0n;
    const one = fx.ONE_B;
    const exp = (x: bigint): bigint => {
      const r = fx.expB(x);
      assert.notEqual(r, undefined, `exp(${x}) must not overflow`);
      return r as bigint;
    };
    // Both the bigint path and the number path (where the input fits a number).
    const expSafeBoth = (x: bigint): bigint[] => {
      const out = [fx.expSafeB(x)];
      if (x >= -(2n ** 52n) && x <= 2n ** 52n) out.push(fx.expSafe(Number(x)));
      return out;
    };
    const check = (x: bigint, target: bigint, label: string) => {
      for (const got of expSafeBoth(x)) assert.equal(got, target, label);
    };

    check(zero, exp(zero), "exp_safe(0)");
    check(one, exp(one), "exp_safe(1)");
    const minInput = -20n << 32n;
    const maxInput = 20n << 32n;
    const atMin = exp(minInput);
    check(minInput, atMin, "exp_safe(-20)");
    check(minInput - one, atMin, "exp_safe(-21)");
    check(fx.I32F32_MIN_B, atMin, "exp_safe(I32F32::min_value())");
    const atMax = exp(maxInput);
    check(maxInput, atMax, "exp_safe(20)");
    check(maxInput + one, atMax, "exp_safe(21)");
    check(fx.I32F32_MAX_B, atMax, "exp_safe(I32F32::max_value())");
  });
});

describe("reference math.rs: I64F64 normalization", () => {
  it("test_math_inplace_normalize_64", () => {
    // inplace_normalize_64 on I64F64 values; taonet's I64F64 normalization returns I32F32, so the
    // expected values are compared as I32F32, with the test's epsilon of 0.0001.
    const epsilon = fx.fromF64(0.0001);
    const asI64F64 = (xs: number[]) => xs.map((x) => BigInt(x) << 64n);
    assertVecCompare(
      normalizeStakeToI32F32(asI64F64([1, 10, 30])),
      [0.0243902437, 0.243902439, 0.7317073171].map(fx.fromF64),
      epsilon,
      "[1, 10, 30]",
    );
    assertVecCompare(
      normalizeStakeToI32F32(asI64F64([-1, 10, 30])),
      [-0.0256410255, 0.2564102563, 0.769230769].map(fx.fromF64),
      epsilon,
      "[-1, 10, 30]",
    );
  });
});
