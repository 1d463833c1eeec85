/**
 * Compressed sparse rows of I32F32 raw values (or plain integers): the epoch's matrix type.
 * Row order and the order of entries inside a row are kept exactly as the reference keeps them,
 * because some reference steps depend on it (last duplicate wins, the liquid-alpha row walk).
 */
export class SparseMatrix {
  /** ptr[i]..ptr[i+1] are row i's entries in `col` / `val`. */
  readonly ptr: Int32Array;
  readonly col: Int32Array;
  readonly val: Float64Array;

  constructor(ptr: Int32Array, col: Int32Array, val: Float64Array) {
    this.ptr = ptr;
    this.col = col;
    this.val = val;
  }

  get rows(): number {
    return this.ptr.length - 1;
  }

  get nnz(): number {
    return this.ptr[this.ptr.length - 1] ?? 0;
  }

  static empty(rows: number): SparseMatrix {
    return new SparseMatrix(new Int32Array(rows + 1), new Int32Array(0), new Float64Array(0));
  }

  /** Builds from rows of [column, value] pairs (values copied as given). */
  static fromRows(rows: ReadonlyArray<ReadonlyArray<readonly [number, number]>>): SparseMatrix {
    const ptr = new Int32Array(rows.length + 1);
    let nnz = 0;
    for (let i = 0; i < rows.length; i++) {
      nnz += rows[i]?.length ?? 0;
      ptr[i + 1] = nnz;
    }
    const col = new Int32Array(nnz);
    const val = new Float64Array(nnz);
    let k = 0;
    for (const row of rows) {
      for (const [j, v] of row) {
        col[k] = j;
        val[k] = v;
        k++;
      }
    }
    return new SparseMatrix(ptr, col, val);
  }

  /** Row i as [column, value] pairs. */
  row(i: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    const end = this.ptr[i + 1] ?? 0;
    for (let k = this.ptr[i] ?? 0; k < end; k++) out.push([this.col[k] ?? 0, this.val[k] ?? 0]);
    return out;
  }

  toRows(): Array<Array<[number, number]>> {
    const out: Array<Array<[number, number]>> = [];
    for (let i = 0; i < this.rows; i++) out.push(this.row(i));
    return out;
  }

  /** The same structure with every value mapped. */
  mapValues(f: (v: number) => number): SparseMatrix {
    const val = new Float64Array(this.val.length);
    for (let k = 0; k < val.length; k++) val[k] = f(this.val[k] ?? 0);
    return new SparseMatrix(this.ptr, this.col, val);
  }
}

/**
 * Incremental builder: append entries row by row. Capacity grows geometrically; `finish` trims.
 */
export class SparseBuilder {
  private ptr: Int32Array;
  private col: Int32Array;
  private val: Float64Array;
  private size = 0;
  private row = 0;

  /** `buffers`: storage to fill (e.g. reused scratch); the builder grows past it if needed. */
  constructor(rows: number, capacity: number, buffers?: { col: Int32Array; val: Float64Array }) {
    this.ptr = new Int32Array(rows + 1);
    this.col = buffers?.col ?? new Int32Array(Math.max(capacity, 16));
    this.val = buffers?.val ?? new Float64Array(Math.max(capacity, 16));
  }

  push(j: number, v: number): void {
    if (this.size === this.col.length) {
      const col = new Int32Array(this.col.length * 2);
      col.set(this.col);
      this.col = col;
      const val = new Float64Array(this.val.length * 2);
      val.set(this.val);
      this.val = val;
    }
    this.col[this.size] = j;
    this.val[this.size] = v;
    this.size++;
  }

  /** Closes the current row. */
  endRow(): void {
    this.row++;
    this.ptr[this.row] = this.size;
  }

  /** The matrix built so far (views over the builder's buffers: no copy). */
  finish(): SparseMatrix {
    return new SparseMatrix(this.ptr, this.col.subarray(0, this.size), this.val.subarray(0, this.size));
  }
}

/**
 * Collects the distinct columns touched in one row and yields them in ascending order, as the
 * reference's densified rows do. Sorting is replaced by a dense scan when the row is dense.
 */
export class ColumnSet {
  private readonly seen: Int32Array;
  private readonly list: Int32Array;
  private count = 0;
  private stamp = 0;
  private readonly n: number;

  constructor(n: number) {
    this.n = n;
    this.seen = new Int32Array(n);
    this.list = new Int32Array(n);
  }

  /** Starts a new row (forgets the previous one in O(1)). */
  reset(): void {
    this.stamp++;
    this.count = 0;
  }

  /** Adds column j; returns true the first time j is seen in this row. */
  add(j: number): boolean {
    if (this.seen[j] === this.stamp) return false;
    this.seen[j] = this.stamp;
    this.list[this.count++] = j;
    return true;
  }

  has(j: number): boolean {
    return this.seen[j] === this.stamp;
  }

  /** The columns of this row in ascending order (a view valid until the next reset). */
  sorted(): Int32Array {
    const count = this.count;
    if (count * 16 < this.n) return this.list.subarray(0, count).sort();
    let k = 0;
    for (let j = 0; j < this.n && k < count; j++) if (this.seen[j] === this.stamp) this.list[k++] = j;
    return this.list.subarray(0, count);
  }
}
