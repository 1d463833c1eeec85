/**
 * Function-level golden cases from the reference's math tests (vectors/math_primitives.json), and the
 * equivalence of the in-place weighted median with a literal port of the reference's partition search.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fx } from "@taonet/math";
import fc from "fast-check";
import { clip, liquidAlphaParams, liquidAlphaSigmoid, matEmaAlphaSparse, weightedMedian } from "./epoch.js";
import { SparseMatrix } from "./sparse.js";
import { readVectorFile } from "./testing/vectors.js";

type Item = Record<string, unknown>;
interface MathCase {
  readonly id: string;
  readonly items: Item[];
}
const cases = readVectorFile<{ cases: MathCase[] }>("math_primitives.json").cases;
const itemsOf = (id: string): Item[] => {
  const c = cases.find((x) => x.id === id);
  if (!c) throw new Error(`no case ${id}`);
  return c.items;
};
const num = (v: unknown) => v as number;
const nums = (v: unknown) => v as number[];
const rows = (v: unknown) => v as number[][];
/** The fields ending in _exact hold I32F32 values exactly representable as doubles. */
const exact = (x: number) => x * fx.ONE;

/** The reference's `weighted_median`, ported literally (new vectors per step, mid pivot). */
function referenceWeightedMedian(
  stake: readonly number[],
  score: readonly number[],
  minority: number,
  lo0: number,
  hi0: number,
): number {
  let idx = score.map((_, i) => i);
  let lo = lo0;
  let hi = hi0;
  for (;;) {
    if (idx.length === 0) return 0;
    if (idx.length === 1) return score[idx[0] ?? 0] ?? 0;
    const pivot = score[idx[idx.length >> 1] ?? 0] ?? 0;
    let loStake = 0;
    let hiStake = 0;
    const lower: number[] = [];
    const upper: number[] = [];
    for (const i of idx) {
      const v = score[i] ?? 0;
      if (v === pivot) continue;
      if (v < pivot) {
        loStake += stake[i] ?? 0;
        lower.push(i);
      } else {
        hiStake += stake[i] ?? 0;
        upper.push(i);
      }
    }
    if (minority < lo + loStake && lower.length > 0) {
      idx = lower;
      hi = lo + loStake;
    } else if (hi - hiStake <= minority && upper.length > 0) {
      idx = upper;
      lo = hi - hiStake;
    } else {
      return pivot;
    }
  }
}

function fastMedian(
  stake: readonly number[],
  score: readonly number[],
  minority: number,
  total: number,
): number {
  return weightedMedian(Float64Array.from(score), Float64Array.from(stake), score.length, minority, total);
}

describe("weighted median (reference math tests)", () => {
  it("matches every weighted_median case exactly", () => {
    for (const item of itemsOf("weighted_median")) {
      const stake = nums(item.stake_exact).map(exact);
      const score = nums(item.score_exact).map(exact);
      const minority = exact(num(item.minority_exact));
      const total = exact(num(item.partition_hi_exact));
      assert.equal(
        fastMedian(stake, score, minority, total),
        exact(num(item.expected_exact)),
        JSON.stringify(item),
      );
      assert.equal(
        referenceWeightedMedian(stake, score, minority, 0, total),
        exact(num(item.expected_exact)),
      );
    }
  });

  it("the in-place partition search equals the reference's on random columns", () => {
    const column = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 2 ** 30 })), {
        minLength: 0,
        maxLength: 40,
      })
      .map((entries) => ({
        // Few distinct scores so that ties are frequent; stakes include zeros.
        score: entries.map(([s]) => s * 2 ** 29),
        stake: entries.map(([, w]) => (w % 7 === 0 ? 0 : w)),
      }));
    fc.assert(
      fc.property(column, fc.integer({ min: -(2 ** 33), max: 2 ** 36 }), ({ score, stake }, minority) => {
        const total = stake.reduce((a, b) => a + b, 0);
        assert.equal(
          fastMedian(stake, score, minority, total),
          referenceWeightedMedian(stake, score, minority, 0, total),
        );
      }),
      { numRuns: 5000 },
    );
  });
});

describe("clipping (col_clip_sparse)", () => {
  it("clips to the column threshold and drops entries clipped to a zero threshold", () => {
    for (const item of itemsOf("col_clip")) {
      const threshold = Float64Array.from(nums(item.threshold), fx.fromF64);
      const matrix = rows(item.matrix_rows);
      const m = SparseMatrix.fromRows(
        matrix.map((r) => r.flatMap((v, j) => (v > 0 ? [[j, fx.fromF64(v)] as [number, number]] : []))),
      );
      const got = clip(m, threshold).toRows();
      const expected = rows(item.expected_rows).map((r) =>
        r.flatMap((v, j) => (v > 0 ? [[j, fx.fromF64(v)] as [number, number]] : [])),
      );
      assert.deepEqual(got, expected);
    }
  });

  it("never raises a weight", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: fx.ONE })), {
            maxLength: 8,
          }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.array(fc.integer({ min: 0, max: fx.ONE }), { minLength: 8, maxLength: 8 }),
        (r, c) => {
          const m = SparseMatrix.fromRows(r);
          const clipped = clip(m, Float64Array.from(c)).toRows();
          clipped.forEach((row, i) => {
            for (const [j, v] of row) {
              const original = (r[i] ?? []).filter(([cj]) => cj === j).map(([, w]) => w);
              assert.ok(original.some((w) => v <= w) && v <= (c[j] ?? 0));
            }
          });
        },
      ),
    );
  });
});

describe("liquid alpha", () => {
  it("alpha_sigmoid matches the derived exact values", () => {
    for (const item of itemsOf("alpha_sigmoid")) {
      const params = liquidAlphaParams(
        num(item.alpha_low_u16),
        num(item.alpha_high_u16),
        num(item.steepness),
      );
      const got = liquidAlphaSigmoid(
        fx.fromF64(num(item.consensus)),
        fx.fromF64(num(item.weight)),
        fx.fromF64(num(item.bond)),
        params,
      );
      assert.equal(got, exact(num(item.expected_exact)), JSON.stringify(item));
    }
  });

  it("equal bounds give the bound itself for every entry", () => {
    for (const item of itemsOf("liquid_alpha_equal_bounds")) {
      const params = liquidAlphaParams(
        num(item.alpha_low_u16),
        num(item.alpha_high_u16),
        num(item.alpha_sigmoid_steepness),
      );
      const consensus = nums(item.consensus).map(fx.fromF64);
      const w = rows(item.weights_rows);
      const b = rows(item.bonds_rows);
      const expected = rows(item.derived_alpha_rows);
      w.forEach((row, i) => {
        row.forEach((wv, j) => {
          const a = liquidAlphaSigmoid(consensus[j] ?? 0, fx.fromF64(wv), fx.fromF64(b[i]?.[j] ?? 0), params);
          assert.equal(a, exact(expected[i]?.[j] ?? Number.NaN));
        });
      });
    }
  });

  it("mat_ema_alpha_sparse matches the reference within its tolerance and the derived values exactly", () => {
    for (const item of itemsOf("mat_ema_alpha_sparse")) {
      const toSparse = (m: number[][]) =>
        SparseMatrix.fromRows(
          m.map((r) => r.flatMap((v, j) => (v > 0 ? [[j, fx.fromF32(v)] as [number, number]] : []))),
        );
      const next = toSparse(rows(item.new_rows));
      const old = toSparse(rows(item.old_rows));
      const n = rows(item.new_rows)[0]?.length ?? 0;
      const alpha = fx.fromF32(num(item.alpha));
      const alphaRows = rows(item.new_rows).map(() => new Float64Array(n).fill(alpha));
      const got = matEmaAlphaSparse(next, old, alphaRows, n).toRows();
      const dense = got.map((r) => {
        const d = new Array<number>(n).fill(0);
        for (const [j, v] of r) d[j] = fx.toNumber(v);
        return d;
      });
      const tol = num(item.tolerance);
      rows(item.expected_rows).forEach((r, i) => {
        r.forEach((v, j) => {
          assert.ok(Math.abs((dense[i]?.[j] ?? 0) - v) <= tol, `${i},${j}: ${dense[i]?.[j]} vs ${v}`);
        });
      });
      if (item.derived_exact_rows) assert.deepEqual(dense, rows(item.derived_exact_rows));
    }
  });
});

describe("exp_safe through the reference's sigmoid_safe", () => {
  // sigmoid_safe(x, rho, kappa) = 1 / (1 + exp_safe(-rho * (x - kappa))), all saturating I32F32.
  const sigmoidSafe = (x: bigint, rho: bigint, kappa: bigint) => {
    const offset = fx.addB(x, -kappa);
    const negRho = fx.mulB(rho, -fx.ONE_B);
    const e = fx.expSafeB(fx.mulB(negRho, offset));
    return fx.divB(fx.ONE_B, fx.addB(e, fx.ONE_B));
  };
  it("matches the reference's asserted values exactly", () => {
    for (const item of itemsOf("sigmoid_safe")) {
      const rho = BigInt(num(item.rho)) << 32n;
      const kappa = BigInt(fx.fromF64(num(item.kappa)));
      const inputs = (item.inputs ?? item.inputs_f32) as Array<number | string>;
      inputs.forEach((x, k) => {
        const raw =
          x === "min_value"
            ? fx.I32F32_MIN_B
            : x === "max_value"
              ? fx.I32F32_MAX_B
              : BigInt(item.inputs_f32 ? fx.fromF32(x as number) : fx.fromF64(x as number));
        const want = BigInt(fx.fromF64(nums(item.expected)[k] ?? Number.NaN));
        assert.equal(sigmoidSafe(raw, rho, kappa), want, `input ${x}`);
      });
    }
  });
});
