/**
 * Port of the reference's math unit tests (`pallets/subtensor/src/tests/math.rs` in opentensor/subtensor,
 * newest stored version, commit abb11433cd950fd8f03a49279d89b7c9e86ffaec) for the sparse epoch steps of
 * epoch.ts. Each test carries the Rust test's name, inputs, expected values and tolerances. Matrices are
 * built as the Rust helpers build them: `vec_to_sparse_mat_fixed` keeps entries > 0 and converts the f32
 * literals with `I32F32::from_num(f32)` (`fx.fromF32`); untyped float literals are f64 (`fx.fromF64`).
 * `test_math_sparse_mat_ema` comes from an older stored version (commit 0c601d140608849024cbaee67840293225c53bb0):
 * the newest file no longer tests `mat_ema_sparse`, which the epoch still uses.
 *
 * Already covered elsewhere (not duplicated):
 * - test_math_weighted_median (deterministic cases), test_math_col_clip_sparse (first case),
 *   test_math_sparse_mat_ema_alpha (all but the all-zero case), test_math_sigmoid_safe (rho 30 and 40):
 *   packages/yuma/src/primitives.test.ts, from vectors/math_primitives.json. Ported here: the rest.
 * - test_vec_u16_max_upscale_to_u16: packages/yuma/src/reference/harness.test.ts.
 * Conversions, exp and stake normalization: packages/math/src/reference-math.test.ts.
 *
 * Skipped (no counterpart in taonet):
 * - Dense-matrix variants, not used by the sparse epoch: test_math_inplace_row_normalize,
 *   test_math_inplace_col_normalize, test_math_inplace_col_max_upscale, test_math_row_sum,
 *   test_math_matmul, test_math_matmul_transpose, test_math_matmul2, test_math_inplace_col_clip,
 *   test_math_weighted_median_col, test_math_interpolate, test_math_mat_ema_alpha,
 *   test_mat_ema_alpha_basic, test_mat_ema_alpha_varying_alpha, test_mat_ema_alpha_empty_matrices,
 *   test_mat_ema_alpha_single_element, test_mat_ema_alpha_mismatched_dimensions, test_math_row_hadamard,
 *   test_math_mat_vec_mul, test_math_vec_mul.
 * - test_math_vecdiv: no element-wise vector division in the epoch.
 * - test_math_inplace_row_normalize_sparse: folded into maskedNormalizedWeights, which normalizes the
 *   stored u16 integers exactly.
 * - test_math_inplace_mask_vector, test_math_inplace_mask_matrix, test_math_inplace_mask_rows,
 *   test_math_inplace_mask_diag, test_math_inplace_mask_diag_except_index, test_math_mask_rows_sparse,
 *   test_math_mask_diag_sparse, test_math_mask_diag_sparse_except_index,
 *   test_math_vec_mask_sparse_matrix: the masks are folded into maskedNormalizedWeights (which also
 *   row-normalizes) and into the bond masking of runEpoch.
 * - test_math_row_hadamard_sparse, test_math_mat_vec_mul_sparse, test_math_sparse_matmul_transpose:
 *   folded into runEpoch (delta bonds W * S, Yuma-3 and Yuma-2 dividends).
 * - Only in older stored versions: test_math_clip_sparse, test_math_clip, test_math_inplace_clip,
 *   test_math_hadamard(_sparse), test_math_mat_ema, test_quantile, test_mat_ema_alpha_vec(_sparse)_*:
 *   functions the epoch does not use (mat_ema_alpha_vec_sparse was replaced by mat_ema_alpha_sparse).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fx } from "@taonet/math";
import {
  clip,
  columnMaxUpscale,
  columnNormalize,
  consensusOf,
  emaFixed,
  interpolate,
  matEmaAlphaSparse,
  normalize,
  rowSums,
  stakeWeightedColumnSums,
  topkNonzero,
  weightedMedian,
} from "../epoch.js";
import { SparseMatrix } from "../sparse.js";
import { seededRandom } from "../testing/harness.js";

type Rows = Array<Array<[number, number]>>;

/** `vec_to_mat_fixed`: a row-major f32 vector reshaped to `rows` rows (or transposed), I32F32::from_num(f32). */
function vecToMatFixed(vector: readonly number[], rows: number, transpose: boolean): number[][] {
  assert.equal(vector.length % rows, 0, `vector of len ${vector.length} cannot reshape to ${rows} rows`);
  const cols = vector.length / rows;
  const at = (r: number, c: number) => fx.fromF32(vector[r * cols + c] ?? Number.NaN);
  if (transpose)
    return Array.from({ length: cols }, (_, c) => Array.from({ length: rows }, (_, r) => at(r, c)));
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => at(r, c)));
}

/** `vec_to_sparse_mat_fixed`: as vecToMatFixed, keeping only entries > 0 as [column, value]. */
function vecToSparseMatFixed(vector: readonly number[], rows: number, transpose: boolean): Rows {
  assert.equal(vector.length % rows, 0, `vector of len ${vector.length} cannot reshape to ${rows} rows`);
  const cols = vector.length / rows;
  const entry = (r: number, c: number) => vector[r * cols + c] ?? Number.NaN;
  const out: Rows = [];
  const [outer, inner] = transpose ? [cols, rows] : [rows, cols];
  for (let a = 0; a < outer; a++) {
    const row: Array<[number, number]> = [];
    for (let b = 0; b < inner; b++) {
      const v = transpose ? entry(b, a) : entry(a, b);
      if (v > 0) row.push([b, fx.fromF32(v)]);
    }
    out.push(row);
  }
  return out;
}

const sparse = (rows: Rows) => SparseMatrix.fromRows(rows);
/** `vec_to_fixed` of f32 literals. */
const f32s = (xs: readonly number[]) => Float64Array.from(xs, fx.fromF32);
/** Sparse rows from I32F32::from_num(f64) literals. */
const f64Rows = (rows: ReadonlyArray<ReadonlyArray<readonly [number, number]>>): Rows =>
  rows.map((r) => r.map(([j, v]) => [j, fx.fromF64(v)] as [number, number]));

/** `assert_vec_compare` on raw I32F32 values. */
function assertVecCompare(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  epsilon: number,
  message: string,
): void {
  assert.equal(actual.length, expected.length, `${message}: length`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] ?? Number.NaN;
    const b = expected[i] ?? Number.NaN;
    assert.ok(
      Math.abs(a - b) <= epsilon,
      `${message}[${i}]: a(${fx.toNumber(a)}) != b(${fx.toNumber(b)}) within ${fx.toNumber(epsilon)}`,
    );
  }
}

/** `assert_sparse_mat_compare`: same rows, same columns in the same order, values within epsilon. */
function assertSparseMatCompare(actual: Rows, expected: Rows, epsilon: number, message: string): void {
  assert.equal(actual.length, expected.length, `${message}: row count`);
  actual.forEach((row, i) => {
    const want = expected[i] ?? [];
    assert.deepEqual(
      row.map(([j]) => j),
      want.map(([j]) => j),
      `${message}: columns of row ${i} (${JSON.stringify(row)} vs ${JSON.stringify(want)})`,
    );
    assertVecCompare(
      row.map(([, v]) => v),
      want.map(([, v]) => v),
      epsilon,
      `${message}: row ${i}`,
    );
  });
}

describe("reference math.rs: test matrix helpers", () => {
  it("test_math_vec_to_mat_fixed", () => {
    const target = [
      [fx.fromF64(0), fx.fromF64(1), fx.fromF64(2)],
      [fx.fromF64(0), fx.fromF64(10), fx.fromF64(100)],
    ];
    assert.deepEqual(vecToMatFixed([0, 1, 2, 0, 10, 100], 2, false), target);
  });

  it("test_math_vec_to_sparse_mat_fixed", () => {
    const check = (vector: number[], rows: number, transpose: boolean, target: Rows) => {
      const mat = vecToSparseMatFixed(vector, rows, transpose);
      assertSparseMatCompare(mat, target, 0, `${rows} rows, transpose ${transpose}`);
      // The CSR matrix keeps the rows as given.
      assert.deepEqual(sparse(mat).toRows(), mat);
    };
    check(
      [0, 1, 2, 0, 10, 100],
      2,
      false,
      f64Rows([
        [
          [1, 1],
          [2, 2],
        ],
        [
          [1, 10],
          [2, 100],
        ],
      ]),
    );
    check([0, 0], 2, false, [[], []]);
    check(
      [0, 1, 2, 0, 10, 100],
      2,
      true,
      f64Rows([
        [],
        [
          [0, 1],
          [1, 10],
        ],
        [
          [0, 2],
          [1, 100],
        ],
      ]),
    );
    check([0, 0], 2, true, [[]]);
  });
});

describe("reference math.rs: vectors", () => {
  it("test_math_is_topk", () => {
    // The epoch uses is_topk_nonzero, which is is_topk AND (value != 0) (math.rs): the Rust targets
    // for is_topk are masked with value != 0 (this only changes the 0 entry in the k >= n cases).
    const check = (values: number[], k: number, isTopkTarget: boolean[]) => {
      const expected = isTopkTarget.map((t, i) => t && values[i] !== 0);
      assert.deepEqual(topkNonzero(f32s(values), k), expected, `k = ${k}, [${values.join(", ")}]`);
    };
    const T = true;
    const F = false;
    check([], 5, []);
    const ascending = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    check(ascending, 0, [F, F, F, F, F, F, F, F, F, F]);
    check(ascending, 5, [F, F, F, F, F, T, T, T, T, T]);
    check(ascending, 10, [T, T, T, T, T, T, T, T, T, T]);
    check(ascending, 100, [T, T, T, T, T, T, T, T, T, T]);
    check([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], 5, [T, T, T, T, T, F, F, F, F, F]);
    check([9, 0, 8, 1, 7, 2, 6, 3, 5, 4], 5, [T, F, T, F, T, F, T, F, T, F]);
    check([0.9, 0, 0.8, 0.1, 0.7, 0.2, 0.6, 0.3, 0.5, 0.4], 5, [T, F, T, F, T, F, T, F, T, F]);
    check([0, 1, 2, 3, 4, 5, 5, 5, 5, 6], 5, [F, F, F, F, F, T, T, T, T, T]);
  });

  it("test_math_normalize", () => {
    const epsilon = fx.fromF64(0.0001);
    const normalized = (xs: number[]) => {
      const y = Float64Array.from(xs, fx.fromF64);
      normalize(y);
      return y;
    };
    assertVecCompare(normalized([]), [], epsilon, "empty");
    const y1 = normalized([1.0, 10.0, 30.0]);
    assertVecCompare(y1, [0.0243902437, 0.243902439, 0.7317073171].map(fx.fromF64), epsilon, "[1, 10, 30]");
    assertVecCompare([y1.reduce((a, b) => a + b, 0)], [fx.fromF64(1.0)], epsilon, "sum of [1, 10, 30]");
    const y2 = normalized([-1.0, 10.0, 30.0]);
    assertVecCompare(y2, [-0.0256410255, 0.2564102563, 0.769230769].map(fx.fromF64), epsilon, "[-1, 10, 30]");
    assertVecCompare([y2.reduce((a, b) => a + b, 0)], [fx.fromF64(1.0)], epsilon, "sum of [-1, 10, 30]");
  });

  it("test_math_inplace_normalize", () => {
    const epsilon = fx.fromF64(0.0001);
    const x1 = Float64Array.from([1.0, 10.0, 30.0], fx.fromF64);
    normalize(x1);
    assertVecCompare(x1, [0.0243902437, 0.243902439, 0.7317073171].map(fx.fromF64), epsilon, "x1");
    const x2 = Float64Array.from([-1.0, 10.0, 30.0], fx.fromF64);
    normalize(x2);
    assertVecCompare(x2, [-0.0256410255, 0.2564102563, 0.769230769].map(fx.fromF64), epsilon, "x2");
  });

  it("test_math_weighted_median", () => {
    const zero = 0;
    const one = fx.ONE;
    // The empty partition gives 0 (the other fixed cases are in primitives.test.ts).
    const majority51 = fx.fromF32(0.51);
    assert.equal(weightedMedian(new Float64Array(0), new Float64Array(0), 0, one - majority51, zero), zero);

    // Randomized part: the result must be one of the medians found by a linear scan over the
    // (already sorted) scores, also after shuffling. The reference's RNG is unseeded; here seeded.
    const random = seededRandom(0x3ed1a);
    const bit = () => Math.floor(random() * 2);
    const median = (stake: readonly number[], score: readonly number[], minority: number, total: number) =>
      weightedMedian(Float64Array.from(score), Float64Array.from(stake), score.length, minority, total);
    const n = 100;
    const majorities = [0, 0.0000001, 0.25, 0.49, 0.49, 0.49, 0.5, 0.51, 0.51, 0.51, 0.9999999, 1].map(
      fx.fromF32,
    );
    for (let round = 0; round < 100; round++) {
      for (const majority of majorities) {
        for (const allowEqual of [false, true]) {
          const stakeRaw: number[] = [];
          let score: number[] = [];
          let lastScore = zero;
          for (let i = 0; i < n; i++) {
            if (allowEqual) {
              stakeRaw.push(bit() === 1 ? one : zero);
              if (bit() === 1) lastScore += one;
              score.push(lastScore);
            } else {
              stakeRaw.push(one);
              score.push(fx.fromInt(i));
            }
          }
          const normalized = Float64Array.from(stakeRaw);
          normalize(normalized);
          let stake = Array.from(normalized);
          const totalStake = stake.reduce((a, b) => a + b, 0);
          const minority = Math.max(totalStake - majority, zero);

          const medians: number[] = [];
          let medianStake = zero;
          let medianSet = false;
          let stakeSum = zero;
          for (let i = 0; i < n; i++) {
            const s = score[i] ?? Number.NaN;
            stakeSum += stake[i] ?? Number.NaN;
            if (!medianSet && stakeSum >= minority) {
              medianStake = stakeSum;
              medianSet = true;
            }
            if (medianSet) {
              if (medianStake < stakeSum) {
                if (medianStake === minority && !medians.includes(s)) medians.push(s);
                break;
              }
              if (!medians.includes(s)) medians.push(s);
            }
          }
          if (medians.length === 0) medians.push(zero);

          const context = `round ${round}, majority ${fx.toNumber(majority)}, allow_equal ${allowEqual}`;
          let result = median(stake, score, minority, totalStake);
          assert.ok(medians.includes(result), `${context}: ${result} not in [${medians}]`);
          for (let p = 0; p < 10; p++) {
            const perm = Array.from({ length: n }, (_, i) => i);
            for (let i = n - 1; i > 0; i--) {
              const k = Math.floor(random() * (i + 1));
              const t = perm[i] ?? 0;
              perm[i] = perm[k] ?? 0;
              perm[k] = t;
            }
            const prevStake = stake;
            const prevScore = score;
            stake = perm.map((i) => prevStake[i] ?? Number.NaN);
            score = perm.map((i) => prevScore[i] ?? Number.NaN);
            result = median(stake, score, minority, totalStake);
            assert.ok(medians.includes(result), `${context}, shuffle ${p}: ${result} not in [${medians}]`);
          }
        }
      }
    }
  });

  it("test_math_weighted_median_col_sparse", () => {
    // consensusOf is weighted_median_col_sparse over a square n x n matrix: n covers both the stake
    // rows and the test's columns, and the first `columns` values are compared.
    const check = (stake: number[], weights: Rows, columns: number, majority: number, median: number[]) => {
      const n = Math.max(stake.length, columns);
      const got = consensusOf(sparse(weights), f32s(stake), n, fx.fromF32(majority)).subarray(0, columns);
      assert.deepEqual(Array.from(got), Array.from(f32s(median)), `majority ${majority}`);
    };
    check([], [[]], 0, 0.5, []);
    check([0, 0], vecToSparseMatFixed([0, 0, 0, 0], 2, false), 2, 0.5, [0, 0]);
    const w1 = vecToSparseMatFixed([0, 0.1, 0, 0, 0.2, 0.4, 0, 0.3, 0.1, 0, 0.4, 0.5], 4, false);
    const s1 = [0, 0.75, 0.25, 0];
    check(s1, w1, 3, 0.24, [0, 0.3, 0.4]);
    check(s1, w1, 3, 0.26, [0, 0.2, 0.4]);
    check(s1, w1, 3, 0.76, [0, 0.2, 0.1]);
    const w2 = vecToSparseMatFixed([0, 0.1, 0, 0, 0.2, 0.4, 0, 0.3, 0.1, 0, 0, 0.5], 4, false);
    check([0, 0.3, 0.2, 0.5], w2, 3, 0.51, [0, 0, 0.4]);
  });
});

describe("reference math.rs: sparse matrices", () => {
  const sixByCols = [
    0, 1, 0, 2, 0, 3, 4, 0, 1, 0, 2, 0, 3, 0, 1, 0, 0, 2, 0, 3, 4, 0, 10, 0, 100, 1000, 0, 10000, 0, 0, 0, 0,
    0, 0, 0, 1, 1, 1, 1, 1, 1, 1,
  ];
  const zeros12 = new Array<number>(12).fill(0);

  it("test_math_inplace_col_normalize_sparse", () => {
    const epsilon = fx.fromF64(0.0001);
    const mat = vecToSparseMatFixed(sixByCols, 6, true);
    const target = [
      0, 0.1, 0, 0.2, 0, 0.3, 0.4, 0, 0.166666, 0, 0.333333, 0, 0.5, 0, 0.1, 0, 0, 0.2, 0, 0.3, 0.4, 0,
      0.0009, 0, 0.009, 0.09, 0, 0.9, 0, 0, 0, 0, 0, 0, 0, 0.142857, 0.142857, 0.142857, 0.142857, 0.142857,
      0.142857, 0.142857,
    ];
    assertSparseMatCompare(
      columnNormalize(sparse(mat), 6).toRows(),
      vecToSparseMatFixed(target, 6, true),
      epsilon,
      "6 columns",
    );
    const empty = vecToSparseMatFixed(zeros12, 3, false);
    assertSparseMatCompare(
      columnNormalize(sparse(empty), 6).toRows(),
      vecToSparseMatFixed(zeros12, 3, false),
      0,
      "all zero",
    );
    assertSparseMatCompare(columnNormalize(sparse([]), 0).toRows(), [], epsilon, "no rows");
  });

  it("test_math_inplace_col_max_upscale_sparse", () => {
    assert.deepEqual(columnMaxUpscale(sparse([[]]), 0).toRows(), [[]]);
    assert.deepEqual(columnMaxUpscale(sparse([[[0, fx.fromInt(0)]]]), 1).toRows(), [[[0, fx.fromInt(0)]]]);
    const epsilon = fx.fromF64(0.0001);
    const mat = vecToSparseMatFixed(sixByCols, 6, true);
    const target = [
      0, 0.25, 0, 0.5, 0, 0.75, 1, 0, 0.333333, 0, 0.666666, 0, 1, 0, 0.25, 0, 0, 0.5, 0, 0.75, 1, 0, 0.001,
      0, 0.01, 0.1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1,
    ];
    assertSparseMatCompare(
      columnMaxUpscale(sparse(mat), 6).toRows(),
      vecToSparseMatFixed(target, 6, true),
      epsilon,
      "6 columns",
    );
    assertSparseMatCompare(
      columnMaxUpscale(sparse(vecToSparseMatFixed(zeros12, 3, false)), 6).toRows(),
      vecToSparseMatFixed(zeros12, 3, false),
      0,
      "all zero",
    );
    assertSparseMatCompare(columnMaxUpscale(sparse([]), 0).toRows(), [], epsilon, "no rows");
  });

  it("test_math_row_sum_sparse", () => {
    const check = (matrix: number[], target: number[]) =>
      assertVecCompare(rowSums(sparse(vecToSparseMatFixed(matrix, 4, false))), f32s(target), 0, `${matrix}`);
    check([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [6, 15, 24, 33]);
    check([0, 2, 3, 4, 0, 6, 7, 8, 0, 10, 11, 12], [5, 10, 15, 33]);
    check([1, 2, 3, 0, 0, 0, 7, 8, 9, 10, 11, 12], [6, 0, 24, 33]);
    check(zeros12, [0, 0, 0, 0]);
  });

  it("test_math_sparse_matmul", () => {
    const vector = f32s([1, 2, 3, 4]);
    const check = (matrix: number[], target: number[]) =>
      assertVecCompare(
        stakeWeightedColumnSums(sparse(vecToSparseMatFixed(matrix, 4, false)), vector, 3),
        f32s(target),
        0,
        `${matrix}`,
      );
    check([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [70, 80, 90]);
    check([0, 2, 3, 4, 0, 6, 7, 8, 0, 10, 11, 12], [69, 70, 63]);
    check(zeros12, [0, 0, 0]);
  });

  it("test_math_col_clip_sparse", () => {
    // The first case (full matrix) is the col_clip vector of primitives.test.ts.
    const threshold = f32s([0, 5, 12]);
    const check = (matrix: number[], target: number[]) =>
      assertSparseMatCompare(
        clip(sparse(vecToSparseMatFixed(matrix, 4, false)), threshold).toRows(),
        vecToSparseMatFixed(target, 4, false),
        0,
        `${matrix}`,
      );
    check([0, 2, 3, 4, 5, 6, 0, 0, 0, 10, 11, 12], [0, 2, 3, 0, 5, 6, 0, 0, 0, 0, 5, 12]);
    check(zeros12, zeros12);
  });

  it("test_math_interpolate_sparse", () => {
    const check = (mat1: Rows, mat2: Rows, columns: number, ratio: number, target: Rows, epsilon: number) =>
      assertSparseMatCompare(
        interpolate(sparse(mat1), sparse(mat2), columns, ratio).toRows(),
        target,
        epsilon,
        `ratio ${fx.toNumber(ratio)}`,
      );
    check([[]], [[]], 0, fx.fromInt(0), [[]], 0);

    let mat1 = vecToSparseMatFixed([0], 1, false);
    let mat2 = vecToSparseMatFixed([1], 1, false);
    check(mat1, mat2, 1, fx.fromInt(0), vecToSparseMatFixed([0], 1, false), 0);
    check(mat1, mat2, 1, fx.fromF64(0.5), vecToSparseMatFixed([0.5], 1, false), 0);
    check(mat1, mat2, 1, fx.fromInt(1), vecToSparseMatFixed([1], 1, false), 0);

    mat1 = vecToSparseMatFixed(zeros12, 4, false);
    mat2 = vecToSparseMatFixed(zeros12, 4, false);
    const zeroTarget = vecToSparseMatFixed(zeros12, 4, false);
    check(mat1, mat2, 3, fx.fromInt(0), zeroTarget, 0);
    check(mat1, mat2, 3, fx.fromInt(1), zeroTarget, 0);

    mat1 = vecToSparseMatFixed([1, 0, 100, 1000, 10000, 100000], 3, false);
    mat2 = vecToSparseMatFixed([10, 100, 1000, 10000, 100000, 0], 3, false);
    check(mat1, mat2, 2, fx.fromInt(0), vecToSparseMatFixed([1, 0, 100, 1000, 10000, 100000], 3, false), 0);
    check(
      mat1,
      mat2,
      2,
      fx.fromF64(0.9),
      vecToSparseMatFixed([9.1, 90, 910, 9100, 91000, 10000], 3, false),
      fx.fromF64(0.0001),
    );

    mat1 = vecToSparseMatFixed(zeros12, 4, false);
    mat2 = vecToSparseMatFixed(new Array<number>(12).fill(1), 4, false);
    const filled = (v: number) => vecToSparseMatFixed(new Array<number>(12).fill(v), 4, false);
    check(mat1, mat2, 3, fx.fromInt(0), zeroTarget, 0);
    check(mat1, mat2, 3, fx.fromF64(0.000000001), filled(0.000000001), 0);
    check(mat1, mat2, 3, fx.fromF64(0.5), filled(0.5), 0);
    check(mat1, mat2, 3, fx.fromF64(0.9999998808), filled(0.9999999), 0);
    check(mat1, mat2, 3, fx.fromInt(1), filled(1), 0);
  });

  it("test_math_sparse_mat_ema", () => {
    // mat_ema_sparse densifies each row over n = number of rows (4 here; the 3 columns fit).
    const epsilon = fx.fromF64(0.000001);
    const alpha = fx.fromF64(0.1);
    const check = (old: number[], next: number[], target: number[]) =>
      assertSparseMatCompare(
        emaFixed(
          sparse(vecToSparseMatFixed(next, 4, false)),
          sparse(vecToSparseMatFixed(old, 4, false)),
          4,
          alpha,
        ).toRows(),
        vecToSparseMatFixed(target, 4, false),
        epsilon,
        `old ${old}, new ${next}`,
      );
    check(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120],
      [1.9, 3.8, 5.7, 7.6, 9.5, 11.4, 13.3, 15.2, 17.1, 19, 20.9, 22.8],
    );
    check(
      [0, 2, 3, 4, 0, 6, 7, 8, 0, 10, 11, 12],
      [10, 20, 0, 40, 0, 60, 0, 80, 90, 100, 110, 120],
      [1, 3.8, 2.7, 7.6, 0, 11.4, 6.3, 15.2, 9, 19, 20.9, 22.8],
    );
    check(zeros12, [10, 20, 0, 40, 0, 60, 0, 80, 90, 100, 110, 120], [1, 2, 0, 4, 0, 6, 0, 8, 9, 10, 11, 12]);
    check(zeros12, zeros12, zeros12);
    check(
      [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0],
      [0.9, 0, 0, 0, 0.2, 0, 0, 0, 0, 0, 0, 0],
    );
  });

  it("test_math_sparse_mat_ema_alpha", () => {
    // The all-zero case; the other four cases are the mat_ema_alpha_sparse vectors of primitives.test.ts.
    const alphas = vecToMatFixed(new Array<number>(12).fill(0.1), 4, false).map((r) => Float64Array.from(r));
    const result = matEmaAlphaSparse(
      sparse(vecToSparseMatFixed(zeros12, 4, false)),
      sparse(vecToSparseMatFixed(zeros12, 4, false)),
      alphas,
      3,
    );
    assertSparseMatCompare(
      result.toRows(),
      vecToSparseMatFixed(zeros12, 4, false),
      fx.fromF64(1e-4),
      "zeros",
    );
  });
});

describe("reference math.rs: mat_ema_alpha_sparse", () => {
  /** mat_ema_alpha_sparse with I32F32::from_num(f64) inputs; the alpha rows give the column count. */
  const emaAlpha = (
    next: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
    old: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
    alpha: number[][],
  ): Rows => {
    const n = alpha[0]?.length ?? 0;
    const alphaRows = alpha.map((r) => Float64Array.from(r, fx.fromF64));
    return matEmaAlphaSparse(sparse(f64Rows(next)), sparse(f64Rows(old)), alphaRows, n).toRows();
  };
  const twoByTwoNew: Array<Array<[number, number]>> = [
    [
      [0, 1.0],
      [1, 2.0],
    ],
    [
      [0, 3.0],
      [1, 4.0],
    ],
  ];
  const twoByTwoOld: Array<Array<[number, number]>> = [
    [
      [0, 5.0],
      [1, 6.0],
    ],
    [
      [0, 7.0],
      [1, 8.0],
    ],
  ];
  const allOnes = f64Rows([
    [
      [0, 1.0],
      [1, 1.0],
    ],
    [
      [0, 1.0],
      [1, 1.0],
    ],
  ]);

  it("test_mat_ema_alpha_sparse_empty", () => {
    assert.deepEqual(emaAlpha([], [], []), []);
  });

  it("test_mat_ema_alpha_sparse_single_element", () => {
    assert.deepEqual(emaAlpha([[[0, 1.0]]], [[[0, 2.0]]], [[0.5]]), f64Rows([[[0, 1.0]]]));
  });

  it("test_mat_ema_alpha_sparse_multiple_elements", () => {
    const result = emaAlpha(twoByTwoNew, twoByTwoOld, [
      [0.1, 0.2],
      [0.1, 0.2],
    ]);
    assertSparseMatCompare(result, allOnes, fx.fromF64(0.000001), "multiple elements");
  });

  it("test_mat_ema_alpha_sparse_zero_alpha", () => {
    assert.deepEqual(emaAlpha([[[0, 1.0]]], [[[0, 2.0]]], [[0.1, 0.0]]), f64Rows([[[0, 1.0]]]));
  });

  it("test_mat_ema_alpha_sparse_one_alpha", () => {
    assert.deepEqual(emaAlpha([[[0, 1.0]]], [[[0, 2.0]]], [[1.0, 0.0]]), f64Rows([[[0, 1.0]]]));
  });

  it("test_mat_ema_alpha_sparse_mixed_alpha", () => {
    const result = emaAlpha(twoByTwoNew, twoByTwoOld, [
      [0.3, 0.7],
      [0.3, 0.7],
    ]);
    assertSparseMatCompare(result, allOnes, fx.fromF64(0.000001), "mixed alpha");
  });

  it("test_mat_ema_alpha_sparse_sparse_matrix", () => {
    const result = emaAlpha(
      [[[0, 1.0]], [[1, 4.0]]],
      [[[0, 5.0]], [[1, 8.0]]],
      [
        [0.5, 0.5],
        [0.5, 0.5],
      ],
    );
    assert.deepEqual(result, f64Rows([[[0, 1.0]], [[1, 1.0]]]));
  });

  it("test_mat_ema_alpha_sparse_varying_alpha", () => {
    const weights: Array<Array<[number, number]>> = [
      [
        [0, 0.1],
        [1, 0.2],
      ],
      [
        [0, 0.3],
        [1, 0.4],
      ],
    ];
    const bonds: Array<Array<[number, number]>> = [
      [
        [0, 0.5],
        [1, 0.6],
      ],
      [
        [0, 0.7],
        [1, 0.8],
      ],
    ];
    const alpha = [
      [0.9, 0.8],
      [0.5, 0.7],
    ];
    const expected = f64Rows([
      [
        [0, 0.14],
        [1, 0.28],
      ],
      [
        [0, 0.499999],
        [1, 0.519999],
      ],
    ]);
    assertSparseMatCompare(emaAlpha(weights, bonds, alpha), expected, fx.fromF64(1e-6), "varying alpha");
  });
});
