/**
 * Benchmark: a block in which 64 validators on each of 32 subnets set 256 weights (2,048 set_weights
 * transactions, signatures verified on worker threads, then applied). Not a test.
 */
import { applyBlock } from "../block.js";
import { ValidatorPermit } from "../storage.js";
import { appendNeuron } from "../subtensor/neurons.js";
import { TestChain } from "../testing/chain.js";
import { setupSubnetForTest } from "../testing/subnet.js";
import type { SignedTransaction } from "../tx.js";
import { SignatureVerifier } from "../verifier.js";
import type { AsyncBenchCase } from "./transfers-bench.js";

const SUBNETS = 32;
const VALIDATORS = 64;
const UIDS = 256;

interface WeightsInput {
  readonly chain: TestChain;
  readonly txs: SignedTransaction[];
  readonly verifier: SignatureVerifier;
}

export const weightsBench: AsyncBenchCase<WeightsInput> = {
  name: "block of 64 validators x 32 subnets setting 256 weights",
  items: SUBNETS * VALIDATORS,
  itemName: "set_weights",
  async setup() {
    const chain = await TestChain.create();
    for (let netuid = 1; netuid <= SUBNETS; netuid++) {
      setupSubnetForTest(chain.state, netuid, {
        maxAllowedUids: UIDS,
        weightsSetRateLimit: 0,
        commitRevealEnabled: false,
      });
      for (let uid = 0; uid < UIDS; uid++) appendNeuron(chain.state, netuid, chain.addr(`//Hot${uid}`), 0);
      ValidatorPermit.set(
        chain.state,
        netuid,
        Array.from({ length: UIDS }, (_, uid) => uid < VALIDATORS),
      );
    }
    chain.advance(1);
    const dests = Array.from({ length: UIDS }, (_, j) => j);
    const txs: SignedTransaction[] = [];
    for (let v = 0; v < VALIDATORS; v++) {
      for (let netuid = 1; netuid <= SUBNETS; netuid++) {
        const weights = dests.map((j) => (j === v ? 0 : 1 + ((j * 7919 + v * 104729 + netuid) % 65535)));
        txs.push(
          chain.tx(`//Hot${v}`, "subtensor", "set_weights", { netuid, dests, weights, version_key: 0 }),
        );
      }
    }
    return { chain, txs, verifier: new SignatureVerifier() };
  },
  async run({ chain, txs, verifier }) {
    const ok = await verifier.verify(chain.spec.genesisHash, txs);
    if (ok.some((x) => !x)) throw new Error("a signature failed");
    const header = { number: chain.number + 1, parentHash: "0x", author: chain.author.address, timestamp: 0 };
    const r = applyBlock(chain.spec, chain.state, header, txs, { signaturesVerified: true });
    const failed = r.receipts.find((x) => !x.success) ?? r.rejected[0];
    if (failed)
      throw new Error(`set_weights failed: ${JSON.stringify("error" in failed ? failed.error : failed)}`);
  },
  teardown: ({ verifier }) => verifier.close(),
};
