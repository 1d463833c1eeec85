/**
 * Yuma Consensus: the sparse `epoch_mechanism` of the reference chain, bit for bit.
 *
 * The step functions are exported for tests (the reference's math tests exercise them one by one);
 * `clip` returns a matrix over scratch storage that the next call overwrites.
 *
 * A pure function of its input. All I32F32 arithmetic goes through `@taonet/math`'s exact number
 * path (floor multiply, truncating safe division); no float ever rounds a result. Matrices are CSR
 * (`SparseMatrix`) and every pass is linear in the number of stored weights, except consensus
 * (a sort per column) and the liquid-alpha row walk (linear in n per validator row).
 */
import { bondsMovingAverageAlpha, fixedTimesRao, fx, normalizeStakeToI32F32 } from "@taonet/math";
import { ColumnSet, SparseBuilder, SparseMatrix } from "./sparse.js";
import type { EpochInput, EpochOutput, Fx } from "./types.js";

const { ONE, mul, div } = fx;
const U16_MAX = 65535;

/**
 * Scratch buffers reused from one epoch to the next: the epoch is synchronous and these never escape,
 * so reusing them only saves the allocation (and the garbage collection) of large typed arrays.
 */
const scratch = {
  f64: new Map<string, Float64Array>(),
  i32: new Map<string, Int32Array>(),
  float(name: string, size: number): Float64Array {
    let a = this.f64.get(name);
    if (!a || a.length < size) {
      a = new Float64Array(Math.max(size, 1024));
      this.f64.set(name, a);
    }
    return a;
  },
  int(name: string, size: number): Int32Array {
    let a = this.i32.get(name);
    if (!a || a.length < size) {
      a = new Int32Array(Math.max(size, 1024));
      this.i32.set(name, a);
    }
    return a;
  },
};

/** A builder over scratch storage: for matrices that live only inside one epoch. */
function scratchBuilder(name: string, rows: number, capacity: number): SparseBuilder {
  return new SparseBuilder(rows, capacity, {
    col: scratch.int(`${name}.col`, capacity),
    val: scratch.float(`${name}.val`, capacity),
  });
}

/** `I32F32(u) / I32F32(65535)`: how kappa, bonds penalty and alpha bounds become proportions. */
const u16Ratio = (u: number): Fx => fx.intRatio(u, U16_MAX);

/** In-place `inplace_normalize`: divide by the sum unless the sum is zero. */
export function normalize(x: Float64Array): void {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] ?? 0;
  if (sum === 0) return;
  for (let i = 0; i < x.length; i++) x[i] = div(x[i] ?? 0, sum);
}

function sumOf(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] ?? 0;
  return s;
}

/** `is_topk_nonzero`: non-zero entries, minus the n-k smallest (stable ascending sort) when n >= k. */
export function topkNonzero(values: Float64Array, k: number): boolean[] {
  const n = values.length;
  const result = Array.from(values, (v) => v !== 0);
  if (n < k) return result;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0) || a - b);
  for (let t = 0; t < n - k; t++) result[idx[t] ?? 0] = false;
  return result;
}

/**
 * Reads the stored weight rows, applies the masks of the reference (rows without permit, diagonal
 * except the owner's, outdated entries, commit-reveal) and row-normalizes. Stored weights are
 * integers, so the I32F32 row sum is an integer and w / sum is exactly floor(w * 2^32 / sum).
 */
export function maskedNormalizedWeights(input: EpochInput, oldPermit: boolean[]): SparseMatrix {
  const { n, weights, lastUpdate, blockAtRegistration, ownerUid, commitBlocks } = input;
  let nnz = 0;
  for (let i = 0; i < n; i++) if (oldPermit[i]) nnz += weights[i]?.length ?? 0;
  const b = new SparseBuilder(n, nnz);
  const rowCols: number[] = [];
  const rowVals: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = weights[i];
    if (oldPermit[i] && row) {
      const updated = lastUpdate[i] ?? 0;
      const commit = commitBlocks ? (commitBlocks[i] ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
      rowCols.length = 0;
      rowVals.length = 0;
      let sum = 0;
      for (let k = 0; k < row.length; k++) {
        const e = row[k] as readonly [number, number];
        const j = e[0];
        const w = e[1];
        if (j === i && i !== ownerUid) continue; // self-weight masked, the owner's kept
        const registered = blockAtRegistration[j] ?? 0;
        if (updated <= registered) continue; // set before j's (re)registration: meant for its predecessor
        if (commit < registered) continue; // committed before j registered
        rowCols.push(j);
        rowVals.push(w);
        sum += w;
      }
      for (let k = 0; k < rowCols.length; k++) {
        const w = rowVals[k] ?? 0;
        b.push(rowCols[k] ?? 0, sum > 0 ? fx.intRatio(w, sum) : w * ONE);
      }
    }
    b.endRow();
  }
  return b.finish();
}

/**
 * `weighted_median` over items [0, count) of (scores, stakes): the reference's partition search, with
 * in-place three-way partitions instead of new vectors. The result does not depend on the pivot
 * order: it is the score x with sum(stake | < x) <= minority < sum(stake | <= x), the smallest score
 * when minority < 0 and the largest when no score qualifies. Reorders the arrays.
 */
export function weightedMedian(
  scores: Float64Array,
  stakes: Float64Array,
  count: number,
  minority: number,
  total: number,
): number {
  let lo = 0;
  let hi = count;
  let partitionLo = 0;
  let partitionHi = total;
  while (hi - lo > 1) {
    const pivot = scores[lo + ((hi - lo) >> 1)] ?? 0;
    // Dutch-flag partition: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi) > pivot.
    let lt = lo;
    let i = lo;
    let gt = hi - 1;
    let loStake = 0;
    let hiStake = 0;
    while (i <= gt) {
      const v = scores[i] ?? 0;
      if (v < pivot) {
        loStake += stakes[i] ?? 0;
        swap(scores, stakes, lt, i);
        lt++;
        i++;
      } else if (v > pivot) {
        hiStake += stakes[i] ?? 0;
        swap(scores, stakes, i, gt);
        gt--;
      } else {
        i++;
      }
    }
    if (minority < partitionLo + loStake && lt > lo) {
      hi = lt;
      partitionHi = partitionLo + loStake;
    } else if (partitionHi - hiStake <= minority && gt + 1 < hi) {
      lo = gt + 1;
      partitionLo = partitionHi - hiStake;
    } else {
      return pivot;
    }
  }
  return hi > lo ? (scores[lo] ?? 0) : 0;
}

function swap(a: Float64Array, b: Float64Array, i: number, j: number): void {
  const t = a[i] ?? 0;
  a[i] = a[j] ?? 0;
  a[j] = t;
  const u = b[i] ?? 0;
  b[i] = b[j] ?? 0;
  b[j] = u;
}

/**
 * `weighted_median_col_sparse`: per column, the score x with
 *   sum(stake | score < x) <= minority < sum(stake | score <= x),
 * over the validators with positive active stake (renormalized); missing entries score 0. Computed by
 * sorting each column (equivalent to the reference's mid-pivot partition search, see tests).
 */
export function consensusOf(w: SparseMatrix, activeStake: Float64Array, n: number, kappa: Fx): Float64Array {
  const consensus = new Float64Array(n);
  const local = new Int32Array(n).fill(-1);
  const useStake: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = activeStake[i] ?? 0;
    if (s > 0) {
      local[i] = useStake.length;
      useStake.push(s);
    }
  }
  const k = useStake.length;
  if (k === 0) return consensus;
  const stake = Float64Array.from(useStake);
  normalize(stake);
  const stakeSum = sumOf(stake);
  const minority = stakeSum - kappa;

  // Column lists of (validator, score), the last duplicate of a row winning as in the reference.
  const colCount = scratch.int("colCount", n + 1).fill(0, 0, n + 1);
  const lastRowSeen = scratch.int("lastRowSeen", n).fill(-1, 0, n);
  const keep = scratch.int("keep", w.nnz).fill(0, 0, w.nnz);
  for (let i = 0; i < n; i++) {
    if (local[i] === -1) continue;
    for (let p = (w.ptr[i + 1] ?? 0) - 1; p >= (w.ptr[i] ?? 0); p--) {
      const j = w.col[p] ?? 0;
      if (lastRowSeen[j] === i) continue;
      lastRowSeen[j] = i;
      keep[p] = 1;
      colCount[j + 1] = (colCount[j + 1] ?? 0) + 1;
    }
  }
  for (let j = 0; j < n; j++) colCount[j + 1] = (colCount[j + 1] ?? 0) + (colCount[j] ?? 0);
  const fill = scratch.int("fill", n);
  fill.set(colCount.subarray(0, n));
  const entryScore = scratch.float("entryScore", colCount[n] ?? 0);
  const entryStake = scratch.float("entryStake", colCount[n] ?? 0);
  for (let i = 0; i < n; i++) {
    const li = local[i] ?? -1;
    if (li === -1) continue;
    for (let p = w.ptr[i] ?? 0; p < (w.ptr[i + 1] ?? 0); p++) {
      if (!keep[p]) continue;
      const j = w.col[p] ?? 0;
      const at = fill[j] ?? 0;
      entryScore[at] = w.val[p] ?? 0;
      entryStake[at] = stake[li] ?? 0;
      fill[j] = at + 1;
    }
  }

  const scores = scratch.float("scores", k + 1);
  const stakes = scratch.float("stakes", k + 1);
  for (let j = 0; j < n; j++) {
    const start = colCount[j] ?? 0;
    const end = colCount[j + 1] ?? 0;
    // Validators without an entry in this column score 0; gather them as one zero-score item.
    let m = 0;
    let missingStake = stakeSum;
    for (let p = start; p < end; p++) {
      const s = entryStake[p] ?? 0;
      missingStake -= s;
      scores[m] = entryScore[p] ?? 0;
      stakes[m] = s;
      m++;
    }
    if (m < k) {
      scores[m] = 0;
      stakes[m] = missingStake;
      m++;
    }
    consensus[j] = weightedMedian(scores, stakes, m, minority, stakeSum);
  }
  return consensus;
}

/** `col_clip_sparse`: min(w, c_j); an entry above a zero consensus is removed, not stored as 0. */
export function clip(w: SparseMatrix, consensus: Float64Array): SparseMatrix {
  const b = scratchBuilder("clipped", w.rows, w.nnz);
  for (let i = 0; i < w.rows; i++) {
    for (let p = w.ptr[i] ?? 0; p < (w.ptr[i + 1] ?? 0); p++) {
      const j = w.col[p] ?? 0;
      const v = w.val[p] ?? 0;
      const c = consensus[j] ?? 0;
      if (c < v) {
        if (c > 0) b.push(j, c);
      } else {
        b.push(j, v);
      }
    }
    b.endRow();
  }
  return b.finish();
}

export function rowSums(m: SparseMatrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let p = m.ptr[i] ?? 0; p < (m.ptr[i + 1] ?? 0); p++) s += m.val[p] ?? 0;
    out[i] = s;
  }
  return out;
}

/** `matmul_sparse`: result_j = sum_i vector_i * m_ij. */
export function stakeWeightedColumnSums(m: SparseMatrix, vector: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < m.rows; i++) {
    const vi = vector[i] ?? 0;
    for (let p = m.ptr[i] ?? 0; p < (m.ptr[i + 1] ?? 0); p++) {
      const j = m.col[p] ?? 0;
      out[j] = (out[j] ?? 0) + mul(vi, m.val[p] ?? 0);
    }
  }
  return out;
}

/**
 * `interpolate_sparse`: W + ratio * (C - W) per entry, rows densified (last duplicate wins) and
 * emitted in ascending column order, keeping only positive results.
 */
export function interpolate(w: SparseMatrix, c: SparseMatrix, n: number, ratio: Fx): SparseMatrix {
  if (ratio === 0) return w;
  if (ratio === ONE) return c;
  const row1 = new Float64Array(n);
  const row2 = new Float64Array(n);
  const cols = new ColumnSet(n);
  const b = new SparseBuilder(w.rows, w.nnz);
  for (let i = 0; i < w.rows; i++) {
    cols.reset();
    for (let p = w.ptr[i] ?? 0; p < (w.ptr[i + 1] ?? 0); p++) {
      const j = w.col[p] ?? 0;
      if (cols.add(j)) row2[j] = 0;
      row1[j] = w.val[p] ?? 0;
    }
    for (let p = c.ptr[i] ?? 0; p < (c.ptr[i + 1] ?? 0); p++) {
      const j = c.col[p] ?? 0;
      if (cols.add(j)) row1[j] = 0;
      row2[j] = c.val[p] ?? 0;
    }
    const sorted = cols.sorted();
    for (let t = 0; t < sorted.length; t++) {
      const j = sorted[t] ?? 0;
      const v1 = row1[j] ?? 0;
      const v = v1 + mul(ratio, (row2[j] ?? 0) - v1);
      if (v > 0) b.push(j, v);
    }
    b.endRow();
  }
  return b.finish();
}

/**
 * `mat_ema_sparse`: alpha * new + (1 - alpha) * old per entry (duplicates accumulate), emitted in
 * ascending column order, keeping positive results.
 */
export function emaFixed(next: SparseMatrix, old: SparseMatrix, n: number, alpha: Fx): SparseMatrix {
  const oneMinusAlpha = ONE - alpha;
  const acc = new Float64Array(n);
  const cols = new ColumnSet(n);
  const b = new SparseBuilder(next.rows, Math.max(next.nnz, old.nnz));
  for (let i = 0; i < next.rows; i++) {
    cols.reset();
    for (let p = next.ptr[i] ?? 0; p < (next.ptr[i + 1] ?? 0); p++) {
      const j = next.col[p] ?? 0;
      if (cols.add(j)) acc[j] = 0;
      acc[j] = (acc[j] ?? 0) + mul(alpha, next.val[p] ?? 0);
    }
    if (i < old.rows) {
      for (let p = old.ptr[i] ?? 0; p < (old.ptr[i + 1] ?? 0); p++) {
        const j = old.col[p] ?? 0;
        if (cols.add(j)) acc[j] = 0;
        acc[j] = (acc[j] ?? 0) + mul(oneMinusAlpha, old.val[p] ?? 0);
      }
    }
    const sorted = cols.sorted();
    for (let t = 0; t < sorted.length; t++) {
      const j = sorted[t] ?? 0;
      const v = acc[j] ?? 0;
      if (v > 0) b.push(j, v);
    }
    b.endRow();
  }
  return b.finish();
}

/** Constants of the liquid-alpha sigmoid for one epoch. */
export interface LiquidAlphaParams {
  readonly low: Fx;
  readonly high: Fx;
  /** steepness / -100 (I32F32 saturating division, truncating). */
  readonly slope: Fx;
}

/** The sigmoid's constants from the stored hyperparameters (AlphaValues u16 pair, steepness i16). */
export function liquidAlphaParams(alphaLow: number, alphaHigh: number, steepness: number): LiquidAlphaParams {
  return {
    low: u16Ratio(alphaLow),
    high: u16Ratio(alphaHigh),
    slope: Number(fx.saturatingDivB(BigInt(steepness) << 32n, -100n << 32n)),
  };
}

/** `liquid_alpha_sigmoid` for one (weight, bond, consensus), clamped to [low, high]. */
export function liquidAlphaSigmoid(consensus: Fx, weight: Fx, bond: Fx, params: LiquidAlphaParams): Fx {
  const diffBuy = Math.min(Math.max(weight - consensus, 0), ONE);
  const diffSell = Math.min(Math.max(bond - weight, 0), ONE);
  const d = weight >= bond ? diffBuy : diffSell;
  return sigmoidOfDiff(d, params);
}

function sigmoidOfDiff(d: Fx, { low, high, slope }: LiquidAlphaParams): Fx {
  const x = mul(slope, d - fx.HALF);
  const small = fx.expSmall(x);
  // 1 / (1 + exp_safe(x)): on the number path when exp fits it (|x| <= 10), else in bigint.
  const sigmoid =
    small !== undefined
      ? div(ONE, ONE + small)
      : Number(fx.saturatingDivB(fx.ONE_B, fx.addB(fx.ONE_B, fx.expSafeB(BigInt(x)))));
  const alpha = low + mul(sigmoid, high - low);
  return Math.max(Math.min(alpha, high), low);
}

/**
 * Yuma 3 with liquid alpha (`mat_ema_alpha_sparse` over `liquid_alpha_matrix_sparse`): per entry
 * alpha from the sigmoid; B' = min(1, (1 - a) B + max(0, a W)), only for columns in row i of W
 * (an absent column's bond is dropped). The (w, b) a column sees comes from the reference's row walk,
 * which assumes ascending uids: an out-of-order entry is seen as 0, exactly as on chain.
 */
export function emaLiquid(
  next: SparseMatrix,
  old: SparseMatrix,
  consensus: Float64Array,
  n: number,
  params: LiquidAlphaParams,
): SparseMatrix {
  const alphaAt = new Float64Array(n);
  const needed = new Int32Array(n).fill(-1);
  const decayed = new Float64Array(n);
  // d = 0 (a weight at or below consensus, not selling) is by far the most common case.
  const alphaAtZero = sigmoidOfDiff(0, params);
  const b = new SparseBuilder(next.rows, next.nnz);
  for (let i = 0; i < next.rows; i++) {
    const ws = next.ptr[i] ?? 0;
    const we = next.ptr[i + 1] ?? 0;
    const bs = i < old.rows ? (old.ptr[i] ?? 0) : 0;
    const be = i < old.rows ? (old.ptr[i + 1] ?? 0) : 0;
    if (ws === we) {
      b.endRow();
      continue;
    }
    let maxNeeded = -1;
    for (let p = ws; p < we; p++) {
      const j = next.col[p] ?? 0;
      needed[j] = i;
      if (j > maxNeeded) maxNeeded = j;
    }
    for (let p = bs; p < be; p++) {
      const j = old.col[p] ?? 0;
      needed[j] = i;
      if (j > maxNeeded) maxNeeded = j;
    }
    // The reference's walk over j = 0..n-1 with two peekable iterators.
    let wp = ws;
    let bp = bs;
    for (let j = 0; j <= maxNeeded; j++) {
      let weight = 0;
      while (wp < we) {
        const cj = next.col[wp] ?? 0;
        if (cj < j) wp++;
        else {
          if (cj === j) weight = next.val[wp] ?? 0;
          break;
        }
      }
      let bond = 0;
      while (bp < be) {
        const cj = old.col[bp] ?? 0;
        if (cj < j) bp++;
        else {
          if (cj === j) bond = old.val[bp] ?? 0;
          break;
        }
      }
      if (needed[j] !== i) continue;
      const c = consensus[j] ?? 0;
      const diffBuy = Math.min(Math.max(weight - c, 0), ONE);
      const diffSell = Math.min(Math.max(bond - weight, 0), ONE);
      const d = weight >= bond ? diffBuy : diffSell;
      alphaAt[j] = d === 0 ? alphaAtZero : sigmoidOfDiff(d, params);
    }
    emaRowWithAlphas(b, next, old, i, alphaAt, decayed);
  }
  return b.finish();
}

/**
 * One row of `mat_ema_alpha_sparse`: (1 - a_j) * old_ij assigned per old entry (the last duplicate
 * wins), then for each entry of the new row, in its order, min(1, decayed + max(0, a_j * new_ij)),
 * kept when positive. Old entries whose column is not in the new row are dropped.
 */
function emaRowWithAlphas(
  b: SparseBuilder,
  next: SparseMatrix,
  old: SparseMatrix,
  i: number,
  alphaAt: Float64Array,
  decayed: Float64Array,
): void {
  const ws = next.ptr[i] ?? 0;
  const we = next.ptr[i + 1] ?? 0;
  const bs = i < old.rows ? (old.ptr[i] ?? 0) : 0;
  const be = i < old.rows ? (old.ptr[i + 1] ?? 0) : 0;
  for (let p = ws; p < we; p++) decayed[next.col[p] ?? 0] = 0;
  for (let p = bs; p < be; p++) {
    const j = old.col[p] ?? 0;
    decayed[j] = mul(ONE - (alphaAt[j] ?? 0), old.val[p] ?? 0);
  }
  for (let p = ws; p < we; p++) {
    const j = next.col[p] ?? 0;
    const inc = Math.max(mul(alphaAt[j] ?? 0, next.val[p] ?? 0), 0);
    const v = Math.min((decayed[j] ?? 0) + inc, ONE);
    if (v > 0) b.push(j, v);
  }
  b.endRow();
}

/** `mat_ema_alpha_sparse` with an explicit dense alpha row per matrix row (for tests and tools). */
export function matEmaAlphaSparse(
  next: SparseMatrix,
  old: SparseMatrix,
  alphaRows: readonly Float64Array[],
  n: number,
): SparseMatrix {
  const b = new SparseBuilder(next.rows, next.nnz);
  const decayed = new Float64Array(n);
  for (let i = 0; i < next.rows; i++)
    emaRowWithAlphas(b, next, old, i, alphaRows[i] ?? new Float64Array(n), decayed);
  return b.finish();
}

/** `inplace_col_normalize_sparse`: each column divided by its sum (columns summing to 0 untouched). */
export function columnNormalize(m: SparseMatrix, n: number, scratchName?: string): SparseMatrix {
  const sums = scratch.float("colSums", n).fill(0, 0, n);
  for (let p = 0; p < m.nnz; p++) {
    const j = m.col[p] ?? 0;
    sums[j] = (sums[j] ?? 0) + (m.val[p] ?? 0);
  }
  const val = scratchName ? scratch.float(scratchName, m.nnz).subarray(0, m.nnz) : new Float64Array(m.nnz);
  for (let p = 0; p < m.nnz; p++) {
    const s = sums[m.col[p] ?? 0] ?? 0;
    const v = m.val[p] ?? 0;
    val[p] = s === 0 ? v : div(v, s);
  }
  return new SparseMatrix(m.ptr, m.col, val);
}

/** Column normalization of integer-valued entries (stored Yuma-2 bonds): floor(v * 2^32 / sum). */
export function columnNormalizeIntegers(m: SparseMatrix, n: number): SparseMatrix {
  const sums = scratch.float("colSums", n).fill(0, 0, n);
  for (let p = 0; p < m.nnz; p++) {
    const j = m.col[p] ?? 0;
    sums[j] = (sums[j] ?? 0) + (m.val[p] ?? 0);
  }
  const val = scratch.float("bondsNormalized", m.nnz).subarray(0, m.nnz);
  for (let p = 0; p < m.nnz; p++) {
    const s = sums[m.col[p] ?? 0] ?? 0;
    const v = m.val[p] ?? 0;
    val[p] = s === 0 ? v * ONE : fx.intRatio(v, s);
  }
  return new SparseMatrix(m.ptr, m.col, val);
}

/** `inplace_col_max_upscale_sparse`: each column divided by its maximum. */
export function columnMaxUpscale(m: SparseMatrix, n: number): SparseMatrix {
  const max = new Float64Array(n);
  for (let p = 0; p < m.nnz; p++) {
    const j = m.col[p] ?? 0;
    const v = m.val[p] ?? 0;
    if ((max[j] ?? 0) < v) max[j] = v;
  }
  const val = new Float64Array(m.nnz);
  for (let p = 0; p < m.nnz; p++) {
    const mx = max[m.col[p] ?? 0] ?? 0;
    const v = m.val[p] ?? 0;
    val[p] = mx === 0 ? v : div(v, mx);
  }
  return new SparseMatrix(m.ptr, m.col, val);
}

/** Drops bond entries (i, j) with lastTempo <= registration_j, and bonds of uids >= n. */
function maskRecentlyRegistered(
  bonds: EpochInput["bonds"],
  n: number,
  lastTempo: number,
  blockAtRegistration: readonly number[],
  read: (u: number) => number,
): SparseMatrix {
  let nnz = 0;
  for (let i = 0; i < n; i++) nnz += bonds[i]?.length ?? 0;
  const b = scratchBuilder("bonds", n, nnz);
  for (let i = 0; i < n; i++) {
    const row = bonds[i];
    if (row) {
      for (let k = 0; k < row.length; k++) {
        const e = row[k] as readonly [number, number];
        const j = e[0];
        if (lastTempo <= (blockAtRegistration[j] ?? 0)) continue;
        b.push(j, read(e[1]));
      }
    }
    b.endRow();
  }
  return b.finish();
}

/** Runs one epoch. The input must be valid (see `parseEpochInput`); this function never throws on it. */
export function runEpoch(input: EpochInput): EpochOutput {
  const { n, currentBlock, tempo, activityCutoff, lastUpdate, blockAtRegistration, ownerUid } = input;
  const isOwner = (i: number) => ownerUid !== null && i === ownerUid;

  // Activity: inactive when last_update + cutoff < current block.
  const active = Array.from({ length: n }, (_, i) => !((lastUpdate[i] ?? 0) + activityCutoff < currentBlock));

  // Stake: threshold filter (owner exempt), I64F64 normalization, I32F32.
  // Normalizing I64F64 bits gives the same floor(2^32 * s_i / sum) as normalizing whole rao.
  const raw = input.stakeI64F64 ?? input.stake.map((s) => s << 64n);
  const filtered = raw.map((s, i) => (isOwner(i) || s >> 64n >= input.stakeThreshold ? s : 0n));
  const stake = Float64Array.from(normalizeStakeToI32F32(filtered));

  // Permits: the previous ones mask this epoch (owner forced); the new ones are written afterwards.
  const oldPermit = Array.from({ length: n }, (_, i) => (input.validatorPermit[i] ?? false) || isOwner(i));
  const newValidatorPermit = topkNonzero(stake, input.maxAllowedValidators);
  if (ownerUid !== null && ownerUid < n) newValidatorPermit[ownerUid] = true;

  const activeStake = Float64Array.from(stake);
  for (let i = 0; i < n; i++) if (!active[i] || !oldPermit[i]) activeStake[i] = 0;
  normalize(activeStake);

  const weights = maskedNormalizedWeights(input, oldPermit);

  const consensus = consensusOf(weights, activeStake, n, u16Ratio(input.kappa));
  const clipped = clip(weights, consensus);
  const validatorTrust = rowSums(clipped);

  const rank = stakeWeightedColumnSums(clipped, activeStake, n);
  const incentive = Float64Array.from(rank);
  normalize(incentive);

  const weightsForBonds = interpolate(weights, clipped, n, u16Ratio(input.bondsPenalty));
  const emaAlpha = bondsMovingAverageAlpha(input.bondsMovingAverage);
  const lastTempo =
    input.lastMechanismStepBlock !== 0 ? input.lastMechanismStepBlock + 1 : Math.max(currentBlock - tempo, 0);

  let emaBonds: SparseMatrix;
  let stored: SparseMatrix;
  let liquidAlphaUsed = false;
  const dividends = new Float64Array(n);
  if (input.yuma3) {
    const bonds = maskRecentlyRegistered(
      input.bonds,
      n,
      lastTempo,
      blockAtRegistration,
      fx.u16ProportionToFixed,
    );
    liquidAlphaUsed = input.liquidAlpha && consensus.some((c) => c !== 0);
    if (liquidAlphaUsed) {
      const params = liquidAlphaParams(input.alphaLow, input.alphaHigh, input.alphaSigmoidSteepness);
      emaBonds = emaLiquid(weightsForBonds, bonds, consensus, n, params);
    } else {
      emaBonds = emaFixed(weightsForBonds, bonds, n, emaAlpha);
    }
    const normalized = columnNormalize(emaBonds, n, "emaNormalized");
    for (let i = 0; i < n; i++) {
      let total = 0;
      for (let p = normalized.ptr[i] ?? 0; p < (normalized.ptr[i + 1] ?? 0); p++) {
        total += mul(normalized.val[p] ?? 0, incentive[normalized.col[p] ?? 0] ?? 0);
      }
      dividends[i] = mul(total, activeStake[i] ?? 0);
    }
    stored = emaBonds;
  } else {
    const bonds = columnNormalizeIntegers(
      maskRecentlyRegistered(input.bonds, n, lastTempo, blockAtRegistration, (u) => u),
      n,
    );
    // ΔB = W_b ∘ S (each row scaled by its validator's active stake), then column-normalized.
    const delta = scratch.float("delta", weightsForBonds.nnz).subarray(0, weightsForBonds.nnz);
    for (let i = 0; i < n; i++) {
      const s = activeStake[i] ?? 0;
      for (let p = weightsForBonds.ptr[i] ?? 0; p < (weightsForBonds.ptr[i + 1] ?? 0); p++) {
        delta[p] = mul(weightsForBonds.val[p] ?? 0, s);
      }
    }
    const deltaNormalized = columnNormalize(
      new SparseMatrix(weightsForBonds.ptr, weightsForBonds.col, delta),
      n,
      "deltaNormalized",
    );
    const ema = columnNormalize(emaFixed(deltaNormalized, bonds, n, emaAlpha), n, "emaYuma2");
    for (let i = 0; i < n; i++) {
      let total = 0;
      for (let p = ema.ptr[i] ?? 0; p < (ema.ptr[i + 1] ?? 0); p++) {
        total += mul(incentive[ema.col[p] ?? 0] ?? 0, ema.val[p] ?? 0);
      }
      dividends[i] = total;
    }
    emaBonds = columnMaxUpscale(ema, n);
    stored = emaBonds;
  }
  normalize(dividends);

  // Emission: incentive + dividends, normalized on their joint sum; zero-sum fallbacks to stake.
  const combined = new Float64Array(n);
  for (let i = 0; i < n; i++) combined[i] = (incentive[i] ?? 0) + (dividends[i] ?? 0);
  const emissionSum = sumOf(combined);
  const serverN = Float64Array.from(incentive);
  let validatorN: Float64Array = Float64Array.from(dividends);
  let combinedN: Float64Array = Float64Array.from(combined);
  if (emissionSum !== 0) {
    for (let i = 0; i < n; i++) {
      serverN[i] = div(serverN[i] ?? 0, emissionSum);
      validatorN[i] = div(validatorN[i] ?? 0, emissionSum);
    }
    normalize(combinedN);
  } else {
    const fallback = sumOf(activeStake) === 0 ? stake : activeStake;
    validatorN = Float64Array.from(fallback);
    combinedN = Float64Array.from(fallback);
  }
  const rao = input.raoEmission;
  const toRao = (x: Float64Array) => Array.from(x, (v) => fixedTimesRao(v, rao));

  const bondsAfter = new SparseBuilder(n, stored.nnz);
  for (let i = 0; i < n; i++) {
    if (newValidatorPermit[i]) {
      for (let p = stored.ptr[i] ?? 0; p < (stored.ptr[i + 1] ?? 0); p++) {
        bondsAfter.push(stored.col[p] ?? 0, fx.proportionToU16(stored.val[p] ?? 0));
      }
    }
    bondsAfter.endRow();
  }

  const u16s = (x: Float64Array) => Array.from(x, fx.proportionToU16);
  return {
    active,
    stake: Array.from(stake),
    activeStake: Array.from(activeStake),
    newValidatorPermit,
    weightsNormalized: weights,
    consensus: Array.from(consensus),
    validatorTrust: Array.from(validatorTrust),
    rank: Array.from(rank),
    incentive: Array.from(incentive),
    dividends: Array.from(dividends),
    emaBonds,
    bondsAfter: bondsAfter.finish(),
    liquidAlphaUsed,
    normalizedServerEmission: Array.from(serverN),
    normalizedValidatorEmission: Array.from(validatorN),
    normalizedCombinedEmission: Array.from(combinedN),
    serverEmission: toRao(serverN),
    validatorEmission: toRao(validatorN),
    emission: toRao(combinedN),
    consensusU16: u16s(consensus),
    incentiveU16: u16s(incentive),
    dividendsU16: u16s(dividends),
    validatorTrustU16: u16s(validatorTrust),
    stakeWeightU16: u16s(stake),
  };
}
