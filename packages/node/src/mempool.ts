/**
 * The transaction pool. Admission (after the signature was verified and `Engine.checkTx` passed) applies
 * the pool's own policy:
 *
 * - a transaction already in the pool is refused (`AlreadyImported`);
 * - a transaction with the same signer and nonce as a pooled one replaces it only if its tip is higher
 *   (`TooLowPriority` otherwise);
 * - nonces ahead of the signer's next nonce (the account's, extended by its contiguous pooled
 *   transactions) are held as *future* transactions (at most `maxFutureGap` ahead, `Future` beyond) and
 *   become ready when the gap closes;
 * - limits: `maxCount` transactions, `maxBytes` encoded bytes, `maxPerSender` per signer. When full, the
 *   oldest future transaction is evicted to make room for a ready one; otherwise the newcomer is refused
 *   (`PoolFull`).
 *
 * Block building takes ready transactions by tip (highest first), then arrival, keeping each signer's
 * nonces in order.
 */
import type { SignedTransaction } from "@taonet/chain";
import { TransactionRejected } from "./errors.js";

export interface PoolEntry {
  readonly tx: SignedTransaction;
  readonly hash: string;
  readonly length: number;
  readonly fee: bigint;
  readonly tip: bigint;
  /** Arrival order. */
  readonly seq: number;
}

export interface MempoolLimits {
  readonly maxCount: number;
  readonly maxBytes: number;
  readonly maxPerSender: number;
  readonly maxFutureGap: number;
}

export const DEFAULT_LIMITS: MempoolLimits = {
  maxCount: 100_000,
  maxBytes: 64 * 1024 * 1024,
  maxPerSender: 8_192,
  maxFutureGap: 1_024,
};

export interface AdmitResult {
  readonly hash: string;
  /** The transaction it replaced (same signer and nonce, lower tip). */
  readonly replaced?: string;
  /** Future transactions evicted to make room. */
  readonly evicted: readonly string[];
}

/** Account view the pool needs: the next nonce at the head. */
export type NonceOf = (signer: string) => number;

export class Mempool {
  readonly limits: MempoolLimits;
  private readonly byHash = new Map<string, PoolEntry>();
  private readonly bySender = new Map<string, Map<number, PoolEntry>>();
  /** Per signer: the sum of its pooled fees (kept up to date, so admission is not quadratic). */
  private readonly feeSum = new Map<string, bigint>();
  /**
   * Per signer: a nonce up to which its pooled nonces were contiguous when last computed; valid until one
   * of its transactions leaves the pool (account nonces only grow, `clear` resets it).
   */
  private readonly contiguous = new Map<string, number>();
  private bytes = 0;
  private seq = 0;

  constructor(limits: Partial<MempoolLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  get size(): number {
    return this.byHash.size;
  }

  get byteSize(): number {
    return this.bytes;
  }

  has(hash: string): boolean {
    return this.byHash.has(hash);
  }

  get(hash: string): PoolEntry | undefined {
    return this.byHash.get(hash);
  }

  /** The pooled transaction of a signer with this nonce. */
  find(signer: string, nonce: number): PoolEntry | undefined {
    return this.bySender.get(signer)?.get(nonce);
  }

  hashes(): string[] {
    return [...this.byHash.keys()];
  }

  /** Fees the signer's pooled transactions will pay (for the balance check of a new one). */
  pendingFees(signer: string): bigint {
    return this.feeSum.get(signer) ?? 0n;
  }

  /** The next nonce of a signer counting its contiguous pooled transactions. */
  nextNonce(signer: string, accountNonce: number): number {
    const txs = this.bySender.get(signer);
    if (!txs) return accountNonce;
    let n = Math.max(accountNonce, this.contiguous.get(signer) ?? accountNonce);
    while (txs.has(n)) n++;
    this.contiguous.set(signer, n);
    return n;
  }

  /** Admits a checked transaction; `nonceOf` gives each signer's next nonce at the head. */
  admit(entry: Omit<PoolEntry, "seq" | "tip">, nonceOf: NonceOf): AdmitResult {
    const { tx, hash } = entry;
    const accountNonce = nonceOf(tx.signer);
    if (this.byHash.has(hash))
      throw new TransactionRejected("AlreadyImported", `${hash} is already in the pool`);
    if (tx.nonce < accountNonce) {
      throw new TransactionRejected("Stale", `nonce ${tx.nonce} was already used (next is ${accountNonce})`, {
        accountNonce,
      });
    }
    const poolNext = this.nextNonce(tx.signer, accountNonce);
    if (tx.nonce > poolNext + this.limits.maxFutureGap) {
      throw new TransactionRejected(
        "Future",
        `nonce ${tx.nonce} is more than ${this.limits.maxFutureGap} ahead of the signer's next nonce ${poolNext} (pool included)`,
        { accountNonce, poolNext },
      );
    }
    const tip = tx.tip ?? 0n;
    const senderTxs = this.bySender.get(tx.signer);
    const existing = senderTxs?.get(tx.nonce);
    if (existing && tip <= existing.tip) {
      throw new TransactionRejected(
        "TooLowPriority",
        `a transaction with nonce ${tx.nonce} from ${tx.signer} is already pooled; a replacement needs a higher tip than ${existing.tip}`,
      );
    }
    if (!existing && (senderTxs?.size ?? 0) >= this.limits.maxPerSender) {
      throw new TransactionRejected(
        "PoolFull",
        `${tx.signer} already has ${this.limits.maxPerSender} transactions in the pool`,
      );
    }
    const evicted: string[] = [];
    const freed = existing ? { count: 1, bytes: existing.length } : { count: 0, bytes: 0 };
    const fits = () =>
      this.byHash.size - freed.count + 1 <= this.limits.maxCount &&
      this.bytes - freed.bytes + entry.length <= this.limits.maxBytes;
    if (!fits()) {
      const isReady = tx.nonce === this.nextNonce(tx.signer, accountNonce) || existing !== undefined;
      if (isReady) {
        for (const victim of this.futureByAge(nonceOf)) {
          if (fits()) break;
          if (victim.tx.signer === tx.signer) continue;
          this.remove(victim.hash);
          evicted.push(victim.hash);
        }
      }
      if (!fits()) {
        throw new TransactionRejected(
          "PoolFull",
          `the pool is full (${this.byHash.size} transactions, ${this.bytes} bytes)`,
        );
      }
    }
    if (existing) this.remove(existing.hash);
    const full: PoolEntry = { tx, hash, length: entry.length, fee: entry.fee, tip, seq: this.seq++ };
    this.byHash.set(hash, full);
    let m = this.bySender.get(tx.signer);
    if (!m) {
      m = new Map();
      this.bySender.set(tx.signer, m);
    }
    m.set(tx.nonce, full);
    this.bytes += full.length;
    this.feeSum.set(tx.signer, (this.feeSum.get(tx.signer) ?? 0n) + full.fee);
    return existing ? { hash, replaced: existing.hash, evicted } : { hash, evicted };
  }

  /** Future transactions (not reachable from the signer's next nonce), oldest first. */
  private futureByAge(nonceOf: NonceOf): PoolEntry[] {
    const out: PoolEntry[] = [];
    for (const [signer, txs] of this.bySender) {
      let n = nonceOf(signer);
      while (txs.has(n)) n++;
      for (const [nonce, e] of txs) if (nonce > n) out.push(e);
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  remove(hash: string): PoolEntry | undefined {
    const e = this.byHash.get(hash);
    if (!e) return undefined;
    this.byHash.delete(hash);
    this.bytes -= e.length;
    const fees = (this.feeSum.get(e.tx.signer) ?? 0n) - e.fee;
    if (fees === 0n) this.feeSum.delete(e.tx.signer);
    else this.feeSum.set(e.tx.signer, fees);
    this.contiguous.delete(e.tx.signer);
    const m = this.bySender.get(e.tx.signer);
    if (m?.get(e.tx.nonce) === e) {
      m.delete(e.tx.nonce);
      if (m.size === 0) this.bySender.delete(e.tx.signer);
    }
    return e;
  }

  /**
   * Ready transactions for a block: for each signer the contiguous run from its account nonce, merged by
   * tip (highest first) then arrival; at most `maxCount` transactions and `maxBytes` bytes.
   */
  ready(nonceOf: NonceOf, maxCount: number, maxBytes: number): PoolEntry[] {
    const runs: PoolEntry[][] = [];
    for (const [signer, txs] of this.bySender) {
      const run: PoolEntry[] = [];
      let n = nonceOf(signer);
      for (let e = txs.get(n); e !== undefined; e = txs.get(++n)) run.push(e);
      if (run.length > 0) runs.push(run);
    }
    // a binary heap over each run's next transaction
    const heap: Array<{ run: PoolEntry[]; at: number }> = [];
    const better = (a: PoolEntry, b: PoolEntry) => (a.tip !== b.tip ? a.tip > b.tip : a.seq < b.seq);
    const head = (i: number) => {
      const h = heap[i] as { run: PoolEntry[]; at: number };
      return h.run[h.at] as PoolEntry;
    };
    const swap = (i: number, j: number) => {
      const t = heap[i] as { run: PoolEntry[]; at: number };
      heap[i] = heap[j] as { run: PoolEntry[]; at: number };
      heap[j] = t;
    };
    const down = (start: number) => {
      let i = start;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < heap.length && better(head(l), head(best))) best = l;
        if (r < heap.length && better(head(r), head(best))) best = r;
        if (best === i) return;
        swap(i, best);
        i = best;
      }
    };
    for (const run of runs) heap.push({ run, at: 0 });
    for (let i = Math.floor(heap.length / 2) - 1; i >= 0; i--) down(i);
    const out: PoolEntry[] = [];
    let bytes = 0;
    while (heap.length > 0 && out.length < maxCount) {
      const top = heap[0] as { run: PoolEntry[]; at: number };
      const e = top.run[top.at] as PoolEntry;
      if (bytes + e.length > maxBytes) break;
      out.push(e);
      bytes += e.length;
      top.at++;
      if (top.at >= top.run.length) {
        const last = heap.pop() as { run: PoolEntry[]; at: number };
        if (heap.length > 0) heap[0] = last;
      }
      if (heap.length > 0) down(0);
    }
    return out;
  }

  /** After a block: drops included transactions and every pooled one whose nonce is now stale. */
  pruneStale(nonceOf: NonceOf, signers: Iterable<string>): string[] {
    const dropped: string[] = [];
    for (const signer of signers) {
      const txs = this.bySender.get(signer);
      if (!txs) continue;
      const next = nonceOf(signer);
      for (const [nonce, e] of [...txs]) {
        if (nonce < next) {
          this.remove(e.hash);
          dropped.push(e.hash);
        }
      }
    }
    return dropped;
  }

  clear(): string[] {
    const all = this.hashes();
    this.byHash.clear();
    this.bySender.clear();
    this.feeSum.clear();
    this.contiguous.clear();
    this.bytes = 0;
    return all;
  }
}
