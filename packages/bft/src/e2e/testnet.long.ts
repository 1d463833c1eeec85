/**
 * Long end-to-end scenarios (`npm run test:long`): a halt without a fork when two of four validators are
 * down, transactions under load sent to every node included exactly once, an application killed at random
 * moments under load, and a faulty application caught by the app-hash check. Skipped, with the reason, when cometbft is not installed.
 */
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { Net, rpcCall, skipReason, Wallet } from "./net.js";

const skip = skipReason();
let net: Net | undefined;
afterEach(async () => {
  await net?.stopAll();
  net?.cleanup();
  net = undefined;
});

const head = async (url: string) => (await rpcCall<{ number: number }>(url, "chain_getHead")).number;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("CometBFT testnet (long)", { skip, timeout: 600_000, concurrency: 1 }, () => {
  it("two of four down: the network halts without forking; one back: it resumes", async () => {
    net = Net.create(4);
    await net.startAll();
    await net.waitHeight(3, [0, 1, 2, 3], 60_000);
    await Promise.all([net.kill(2), net.kill(3)]);
    await sleep(1500);
    const halted = Math.max(await head(net.rpc(0)), await head(net.rpc(1)));
    await sleep(5000);
    assert.ok((await head(net.rpc(0))) <= halted, "no block without 2/3 of the voting power");
    assert.ok((await head(net.rpc(1))) <= halted);
    await net.assertAgree(Math.min(await head(net.rpc(0)), await head(net.rpc(1))), [0, 1]);
    await net.start(2);
    await net.waitHeight(halted + 3, [0, 1, 2], 90_000);
    await net.start(3);
    await net.waitHeight(halted + 5, [0, 1, 2, 3], 90_000);
    await net.assertAgree(halted + 5, [0, 1, 2, 3]);
  });

  it("transactions sent to different nodes under load are each included exactly once", async () => {
    net = Net.create(4);
    await net.startAll();
    await net.waitHeight(2, [0, 1, 2, 3], 60_000);
    const wallet = await Wallet.create();
    const senders = ["//Alice", "//Bob", "//Charlie", "//Dave"].map(Wallet.key);
    const perSender = 100;
    const dest = Wallet.key("//load-target").address;
    const hashes: string[] = [];
    // each sender's transactions go round-robin to all four nodes, concurrently
    await Promise.all(
      senders.map(async (s, k) => {
        for (let nonce = 0; nonce < perSender; nonce++) {
          const node = (k + nonce) % 4;
          const r = await rpcCall<{ hash: string }>(net?.rpc(node) as string, "author_submitTransaction", {
            tx: wallet.transfer(s, nonce, dest, 1_000_000n),
          });
          hashes.push(r.hash);
        }
      }),
    );
    assert.equal(new Set(hashes).size, senders.length * perSender);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const acc = await rpcCall<{ free: string }>(net.rpc(0), "state_getAccount", { address: dest });
      if (BigInt(acc.free) === BigInt(senders.length * perSender) * 1_000_000n) break;
      assert.ok(Date.now() < deadline, `not all included: ${acc.free}`);
      await sleep(500);
    }
    const top = await head(net.rpc(0));
    await net.waitHeight(top, [0, 1, 2, 3], 60_000);
    const seen = new Map<string, number>();
    for (let n = 1; n <= top; n++) {
      for (const h of (await net.block(0, n)).transactions) seen.set(h, (seen.get(h) ?? 0) + 1);
    }
    for (const h of hashes) assert.equal(seen.get(h), 1, `${h} included ${seen.get(h) ?? 0} times`);
    await net.assertAgree(top, [0, 1, 2, 3]);
  });

  it("an application killed at random moments under load restarts (CometBFT with it), catches up and agrees", async () => {
    net = Net.create(4);
    await net.startAll();
    await net.waitHeight(2, [0, 1, 2, 3], 60_000);
    const wallet = await Wallet.create();
    const alice = Wallet.key("//Alice");
    const dest = Wallet.key("//crash-target").address;
    let stop = false;
    let sent = 0;
    const load = (async () => {
      let nonce = await rpcCall<number>(net?.rpc(0) as string, "author_nextNonce", {
        address: alice.address,
      });
      while (!stop) {
        await rpcCall(net?.rpc(0) as string, "author_submitTransaction", {
          tx: wallet.transfer(alice, nonce++, dest, 1_000_000n),
        });
        sent++;
        await sleep(10);
      }
    })();
    for (let round = 0; round < 3; round++) {
      await sleep(300 + Math.floor(Math.random() * 1500));
      const { cometExited } = await net.killApp(2);
      assert.ok(cometExited, "CometBFT stops when its application dies");
      await net.start(2);
      const h = await head(net.rpc(0));
      await net.waitHeight(h + 2, [0, 1, 2, 3], 60_000);
    }
    stop = true;
    await load;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const acc = await rpcCall<{ free: string }>(net.rpc(2), "state_getAccount", { address: dest });
      if (BigInt(acc.free) === BigInt(sent) * 1_000_000n) break;
      assert.ok(Date.now() < deadline, `validator 2 sees ${acc.free}, ${sent} transfers were sent`);
      await sleep(300);
    }
    const top = await head(net.rpc(2));
    await net.waitHeight(top, [0, 1, 2, 3], 30_000);
    await net.assertAgree(top, [0, 1, 2, 3]);
  });

  it("an application computing a different state is caught by the app-hash check", async () => {
    net = Net.create(4);
    const faultHeight = 4;
    await Promise.all([0, 1, 2].map((i) => net?.start(i)));
    await net.start(3, { appEnv: { TAONET_BFT_FAULT_HEIGHT: String(faultHeight) } });
    await net.waitHeight(faultHeight + 6, [0, 1, 2], 90_000);
    await net.assertAgree(faultHeight + 6, [0, 1, 2]);
    // the faulty node executed block `faultHeight` to another state root...
    const honest = await net.block(0, faultHeight);
    const faulty = await net.block(3, faultHeight).catch(() => undefined);
    if (faulty) assert.notEqual(faulty.stateRoot, honest.stateRoot);
    // ...and CometBFT did not let it go further: it halted (or panicked) instead of accepting its state
    const h3 = await net.height(3).catch(() => -1);
    assert.ok(h3 <= faultHeight + 1, `the faulty validator's CometBFT is at ${h3}`);
    const cometLog = net.log(3, "cometbft");
    assert.match(cometLog, /wrong Block\.Header\.AppHash/);
    assert.match(cometLog, /CONSENSUS FAILURE/);
  });
});
