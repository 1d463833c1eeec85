/**
 * Benchmark (not a test): a block of 1,000 signed stake and unstake transactions through one subnet's
 * pool (500 add_stake, 500 remove_stake from six coldkeys to the owner's hotkey), signatures checked on
 * worker threads, then `applyBlock` on the same parent state every run.
 */
import { applyBlock } from "../block.js";
import { stakeOf } from "../stake.js";
import { TestChain } from "../testing/chain.js";
import type { SignedTransaction } from "../tx.js";
import { SignatureVerifier } from "../verifier.js";
import type { AsyncBenchCase } from "./transfers-bench.js";

const TAO = 1_000_000_000n;
const STAKERS = ["//Alice", "//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie"];
const TXS = 1000;

interface StakingInput {
  readonly chain: TestChain;
  readonly txs: SignedTransaction[];
  readonly verifier: SignatureVerifier;
}

export const stakingBench: AsyncBenchCase<StakingInput> = {
  name: "block of 1,000 signed add_stake / remove_stake through a pool (verify + apply)",
  target: ">= 5,000 stake txs/s",
  items: TXS,
  itemName: "stake tx",
  async setup() {
    const c = await TestChain.create();
    const hotkey = c.addr("//Alice/bench");
    c.expectOk(c.block(c.tx("//Alice", "subtensor", "register_network", { hotkey })));
    c.expectOk(c.block(c.tx("//Alice", "subtensor", "start_call", { netuid: 1 })));
    // every staker holds some alpha to unstake
    c.expectOk(
      c.block(
        ...STAKERS.map((who) =>
          c.tx(who, "subtensor", "add_stake", { hotkey, netuid: 1, amount_staked: (100n * TAO).toString() }),
        ),
      ),
    );
    const alpha = stakeOf(c.state, hotkey, c.addr("//Bob"), 1);
    const txs = Array.from({ length: TXS }, (_, i) => {
      const who = STAKERS[i % STAKERS.length] as string;
      return i % 2 === 0
        ? c.tx(who, "subtensor", "add_stake", { hotkey, netuid: 1, amount_staked: TAO.toString() })
        : c.tx(who, "subtensor", "remove_stake", {
            hotkey,
            netuid: 1,
            amount_unstaked: (alpha / 400n).toString(),
          });
    });
    return { chain: c, txs, verifier: new SignatureVerifier() };
  },
  async run({ chain, txs, verifier }) {
    const ok = await verifier.verify(chain.spec.genesisHash, txs);
    if (ok.some((x) => !x)) throw new Error("a signature failed");
    const header = { number: chain.number + 1, parentHash: "0x", author: chain.author.address, timestamp: 0 };
    const r = applyBlock(chain.spec, chain.state, header, txs, { signaturesVerified: true });
    const failed = r.receipts.filter((x) => !x.success);
    if (r.receipts.length !== TXS || failed.length > 0)
      throw new Error(`not every stake tx applied: ${failed[0]?.error?.code ?? r.rejected[0]?.error.code}`);
  },
  teardown: ({ verifier }) => verifier.close(),
};
