/**
 * Batch signature verification on worker threads: the engine checks signatures here (at admission, or
 * for a whole block) and then applies the block with `signaturesVerified: true`, so each signature is
 * verified once and on every core. sr25519 verification dominates transaction throughput.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SignedTransaction } from "./tx.js";

interface Job {
  readonly worker: Worker;
  readonly resolve: (ok: boolean[]) => void;
  readonly reject: (err: Error) => void;
}

export class SignatureVerifier {
  private readonly workers: Worker[];
  private readonly jobs = new Map<number, Job>();
  private next = 0;

  constructor(threads = Math.max(1, availableParallelism())) {
    const script = new URL("./verifier-worker.js", import.meta.url);
    this.workers = Array.from({ length: threads }, () => {
      const w = new Worker(script);
      w.on("message", (m: { id: number; ok: boolean[] }) => {
        const job = this.jobs.get(m.id);
        this.jobs.delete(m.id);
        // an idle worker must not keep the process alive
        if (![...this.jobs.values()].some((j) => j.worker === w)) w.unref();
        job?.resolve(m.ok);
      });
      w.on("error", (err) => {
        for (const job of this.jobs.values()) job.reject(err);
        this.jobs.clear();
      });
      w.unref();
      return w;
    });
  }

  private run(worker: Worker, genesisHash: string, txs: readonly SignedTransaction[]): Promise<boolean[]> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { worker, resolve, reject });
      worker.ref();
      worker.postMessage({ id, genesisHash, txs });
    });
  }

  /** Verifies every transaction's signature; result i is true when transaction i is correctly signed. */
  async verify(genesisHash: string, txs: readonly SignedTransaction[]): Promise<boolean[]> {
    if (txs.length === 0) return [];
    const per = Math.ceil(txs.length / this.workers.length);
    const parts = this.workers
      .map((w, i) => ({ w, slice: txs.slice(i * per, (i + 1) * per) }))
      .filter((p) => p.slice.length > 0);
    const results = await Promise.all(parts.map((p) => this.run(p.w, genesisHash, p.slice)));
    return results.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
