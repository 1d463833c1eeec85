/** Benchmark: a block of 1,000 signed transfers, signatures checked on worker threads (not a test). */
import { applyBlock } from "../block.js";
import { TestChain } from "../testing/chain.js";
import type { SignedTransaction } from "../tx.js";
import { SignatureVerifier } from "../verifier.js";

export interface AsyncBenchCase<T> {
  readonly name: string;
  readonly target?: string;
  /** Items processed per run (for a per-item rate). */
  readonly items: number;
  readonly itemName: string;
  setup(): Promise<T>;
  run(input: T): Promise<void> | void;
  teardown?(input: T): Promise<void> | void;
}

interface TransfersInput {
  readonly chain: TestChain;
  readonly txs: SignedTransaction[];
  readonly verifier: SignatureVerifier;
}

const SENDERS = ["//Alice", "//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie"];

export const transfersBench: AsyncBenchCase<TransfersInput> = {
  name: "block of 1,000 signed transfers (verify on 2 threads + apply)",
  target: ">= 5,000 transfers/s",
  items: 1000,
  itemName: "transfer",
  async setup() {
    const chain = await TestChain.create();
    const txs = Array.from({ length: 1000 }, (_, i) =>
      chain.tx(SENDERS[i % 6] as string, "balances", "transfer_keep_alive", {
        dest: chain.addr(`//Receiver${i}`),
        value: "1000000000",
      }),
    );
    return { chain, txs, verifier: new SignatureVerifier() };
  },
  async run({ chain, txs, verifier }) {
    const ok = await verifier.verify(chain.spec.genesisHash, txs);
    if (ok.some((x) => !x)) throw new Error("a signature failed");
    const header = { number: chain.number + 1, parentHash: "0x", author: chain.author.address, timestamp: 0 };
    const r = applyBlock(chain.spec, chain.state, header, txs, { signaturesVerified: true });
    if (r.receipts.length !== 1000) throw new Error("not all transfers applied");
  },
  teardown: ({ verifier }) => verifier.close(),
};
