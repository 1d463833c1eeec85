/**
 * End-to-end (real processes): 4 validators agree on every block; one killed and restarted catches up.
 * Skipped, with the reason, when cometbft is not installed. The longer scenarios are in testnet.long.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Net, rpcCall, skipReason, Wallet } from "./net.js";

const skip = skipReason();

describe("CometBFT testnet: 4 validators", { skip, timeout: 120_000 }, () => {
  let net: Net;
  before(async () => {
    net = Net.create(4);
    await net.startAll();
  });
  after(async () => {
    await net?.stopAll();
    net?.cleanup();
  });

  it("produces blocks and every node has the same block and app hash at every height", async () => {
    await net.waitHeight(5, [0, 1, 2, 3], 60_000);
    assert.equal(await net.assertAgree(5, [0, 1, 2, 3]), 5);
  });

  it("a transaction sent to one node's taonet RPC is included and seen by all", async () => {
    const wallet = await Wallet.create();
    const alice = Wallet.key("//Alice");
    const to = Wallet.key("//transfer-target").address;
    const nonce = await rpcCall<number>(net.rpc(1), "author_nextNonce", { address: alice.address });
    const inc = await rpcCall<{ status: string; blockNumber: number; receipt: { success: boolean } }>(
      net.rpc(1),
      "author_submitTransaction",
      { tx: wallet.transfer(alice, nonce, to, 5_000_000_000n), wait: "inclusion", timeoutMs: 30_000 },
    );
    assert.equal(inc.status, "included");
    assert.equal(inc.receipt.success, true);
    await net.waitHeight(inc.blockNumber, [0, 1, 2, 3], 30_000);
    for (const i of [0, 2, 3]) {
      const acc = await rpcCall<{ free: string }>(net.rpc(i), "state_getAccount", { address: to });
      assert.equal(acc.free, "5000000000", `validator ${i}`);
    }
  });

  it("keeps producing with one validator killed; the restarted one catches up and agrees", async () => {
    await net.kill(3);
    const h = (await rpcCall<{ number: number }>(net.rpc(0), "chain_getHead")).number;
    await net.waitHeight(h + 3, [0, 1, 2], 60_000);
    await net.start(3);
    await net.waitHeight(h + 5, [0, 1, 2, 3], 60_000);
    await net.assertAgree(h + 5, [0, 1, 2, 3]);
  });
});
