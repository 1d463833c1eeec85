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

  it("validator set changes through sudo: a power change and a removal reach CometBFT", async () => {
    const wallet = await Wallet.create();
    const alice = Wallet.key("//Alice");
    const set = async (i: number, power: number) => {
      const nonce = await rpcCall<number>(net.rpc(0), "author_nextNonce", { address: alice.address });
      const inner = {
        module: "consensus",
        method: "set_validator",
        args: { pub_key: net.validatorPubKey(i), power: String(power) },
      };
      const inc = await rpcCall<{ receipt: { success: boolean } }>(net.rpc(0), "author_submitTransaction", {
        tx: wallet.sign(alice, nonce, { module: "sudo", method: "sudo", args: { call: inner } }),
        wait: "inclusion",
        timeoutMs: 30_000,
      });
      assert.equal(inc.receipt.success, true);
    };
    const waitSet = async (check: (v: Map<string, number>) => boolean) => {
      const deadline = Date.now() + 20_000;
      while (!check(await net.validators(1))) {
        assert.ok(Date.now() < deadline, "the validator set did not change");
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await set(0, 20);
    await waitSet((v) => v.get(net.validatorPubKey(0)) === 20);
    await set(3, 0);
    await waitSet((v) => v.size === 3 && !v.has(net.validatorPubKey(3)));
    const h = (await rpcCall<{ number: number }>(net.rpc(0), "chain_getHead")).number;
    await net.waitHeight(h + 3, [0, 1, 2, 3], 30_000);
    await net.assertAgree(h + 3, [0, 1, 2, 3]);
  });
});
