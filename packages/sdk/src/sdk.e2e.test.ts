/**
 * End-to-end: the SDK against a real `tao node start --preset dev` process on a loopback port (auto
 * sealing, 50 ms blocks). One chain for the whole file: keys funded, a subnet created and started,
 * hotkeys registered, stake added, weights set, epochs run, results read back.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { cryptoReady, type KeyPair, keyPairFromUri } from "@taonet/chain";
import type { Client } from "./client.js";
import {
  addStake,
  burnedRegister,
  claimRoot,
  commitTimelockedWeights,
  commitWeights,
  createClient,
  DispatchError,
  FULL_PROPORTION,
  getAccount,
  getBalance,
  getBlock,
  getDelegates,
  getDynamicInfo,
  getEvents,
  getHead,
  getHyperparameters,
  getLockCost,
  getMetagraph,
  getNetworkTotals,
  getRegistrationCost,
  getStake,
  getStakeInfo,
  getSubnet,
  getSubnets,
  getTransaction,
  hyperparameterCall,
  InvalidArgumentError,
  moveStake,
  parseTao,
  quoteStake,
  quoteUnstake,
  RpcError,
  registerSubnet,
  removeStake,
  revealWeights,
  runToNextEpoch,
  serveAxon,
  setBalance,
  setChildren,
  setHyperparameter,
  setTake,
  setWeights,
  startCall,
  sudo,
  swapStake,
  TransactionDroppedError,
  TransactionRejectedError,
  transfer,
  transferStake,
  watchMetagraph,
} from "./index.js";
import { type DevNode, startDevNode } from "./testing/node.js";

let node: DevNode;
let client: Client;
let alice: KeyPair;
const key = (name: string) => keyPairFromUri(`//Sdk${name}${process.pid}`);

/** The rejection of `p`, asserting its class and code. */
async function failsWith<E extends Error & { code: string }>(
  p: Promise<unknown>,
  cls: new (...a: never[]) => E,
  code: string,
): Promise<E> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
    assert.equal((err as E).code, code, String(err));
    assert.ok(!/Custom error/.test((err as E).message));
    return err as E;
  }
  assert.fail(`expected ${code}`);
}

describe("SDK end-to-end (real node process)", () => {
  // the subnet built by the flow below
  let netuid: number;
  const owner = { cold: () => alice, hot: key("OwnerHot") };
  const val = { cold: key("ValCold"), hot: key("ValHot") };
  const miners = [key("Miner0"), key("Miner1")];
  let uids: { val: number; m0: number; m1: number };

  before(async () => {
    await cryptoReady();
    alice = keyPairFromUri("//Alice");
    node = await startDevNode();
    client = createClient({ url: node.url });
    // no admin freeze window, no owner rate limit: the test changes hyperparameters at any block
    await sudo(client, {
      signer: alice,
      call: { module: "adminUtils", method: "sudo_set_admin_freeze_window", args: { window: 0 } },
    });
    await sudo(client, {
      signer: alice,
      call: { module: "adminUtils", method: "sudo_set_owner_hparam_rate_limit", args: { epochs: 0 } },
    });
  });
  after(async () => {
    await client?.close();
    await node?.dispose();
  });

  it("reads the chain: head, blocks, accounts, totals, lock cost", async () => {
    const head = await getHead(client);
    assert.ok(head.number >= 2);
    const block = await getBlock(client, { block: head.number });
    assert.equal(block.hash, head.hash);
    const full = await getBlock(client, { block: 1, full: true });
    assert.equal(full.receipts.length, 1);
    assert.equal(typeof full.receipts[0]?.fee, "bigint");
    const acc = await getAccount(client, { address: alice.address });
    assert.equal(typeof acc.free, "bigint");
    assert.ok(acc.nonce >= 2);
    const before = await getBalance(client, { address: alice.address, at: 0 });
    assert.equal(before, 1_000_000n * 1_000_000_000n);
    const totals = await getNetworkTotals(client);
    assert.equal(typeof totals.taoIssued, "bigint");
    assert.ok((await getLockCost(client)) > 0n);
    assert.ok(Array.isArray(await getDelegates(client)));
    assert.ok(Array.isArray(await getSubnets(client)));
  });

  it("funds keys (dev set-balance and transfers), with consecutive nonces for concurrent sends", async () => {
    await setBalance(client, val.cold.address, parseTao("5000"));
    const before = await getBalance(client, { address: miners[0]?.address as string });
    const receipts = await Promise.all(
      [0, 1, 2, 3, 4].map(() =>
        transfer(client, { signer: alice, to: val.hot.address, amount: parseTao("1") }),
      ),
    );
    const nonces = receipts.map((r) => r.nonce).sort((a, b) => a - b);
    for (let i = 1; i < nonces.length; i++) assert.equal(nonces[i], (nonces[i - 1] as number) + 1);
    assert.ok(receipts.every((r) => r.fee > 0n && r.events.some((e) => e.name === "Transfer")));
    assert.equal(await getBalance(client, { address: val.hot.address }), parseTao("5"));
    assert.equal(await getBalance(client, { address: val.cold.address }), parseTao("5000"));
    assert.equal(before, 0n);
    const tx = await getTransaction(client, receipts[0]?.hash as string);
    assert.equal(tx.status, "included");
    const events = await getEvents(client, {
      fromBlock: 1,
      toBlock: (await getHead(client)).number,
      filter: { name: "Transfer", account: val.hot.address },
    });
    assert.equal(events.length, 5);
  });

  it("creates and starts a subnet, registers hotkeys", async () => {
    const sn = await registerSubnet(client, { signer: alice, hotkey: owner.hot.address });
    netuid = sn.netuid;
    assert.ok(netuid >= 1);
    const info = await getSubnet(client, { netuid });
    assert.equal(info.owner, alice.address);
    await startCall(client, { signer: alice, netuid });
    assert.equal((await getHyperparameters(client, { netuid })).subnet_is_active, true);
    const cost = await getRegistrationCost(client, { netuid });
    const v = await burnedRegister(client, { signer: val.cold, netuid, hotkey: val.hot.address });
    assert.ok(
      v.burn > 0n && v.burn <= cost,
      `burn ${v.burn} vs the cost read before ${cost} (it decays per block)`,
    );
    const m0 = await burnedRegister(client, { signer: alice, netuid, hotkey: miners[0]?.address as string });
    const m1 = await burnedRegister(client, {
      signer: alice,
      netuid,
      hotkey: miners[1]?.address as string,
      maxBurn: parseTao("1000"),
    });
    uids = { val: v.uid, m0: m0.uid, m1: m1.uid };
    // one validator permit: the top stake (the validator below), so that a new hotkey never has one
    await sudo(client, { signer: alice, call: hyperparameterCall(netuid, "max_allowed_validators", 1) });
    assert.deepEqual(new Set([v.uid, m0.uid, m1.uid]).size, 3);
    const mg = await getMetagraph(client, netuid);
    assert.equal(mg.n, 4);
    assert.equal(mg.hotkeys[uids.val], val.hot.address);
    assert.equal(mg.coldkeys[uids.val], val.cold.address);
  });

  it("registration errors: already registered, price limit", async () => {
    await failsWith(
      burnedRegister(client, { signer: val.cold, netuid, hotkey: val.hot.address }),
      DispatchError,
      "HotKeyAlreadyRegisteredInSubNet",
    );
    const e = await failsWith(
      burnedRegister(client, { signer: val.cold, netuid, hotkey: key("Late").address, maxBurn: 1n }),
      DispatchError,
      "RegistrationPriceLimitExceeded",
    );
    assert.ok(e.hint);
  });

  it("stakes with exact quotes, limit orders, unstakes, moves, swaps and transfers stake", async () => {
    const amount = parseTao("100");
    const q = await quoteStake(client, { netuid, amount });
    const r = await addStake(client, { signer: val.cold, hotkey: val.hot.address, netuid, amount });
    assert.equal(r.alpha, q.out, "the node's quote equals the chain's swap");
    assert.equal(r.swapFee, q.fee);
    const staked = await getStake(client, { coldkey: val.cold.address, hotkey: val.hot.address, netuid });
    assert.equal(staked, r.alpha);
    // a limit below the price: nothing can execute
    const d = await getDynamicInfo(client, { netuid });
    const e = await failsWith(
      addStake(client, {
        signer: val.cold,
        hotkey: val.hot.address,
        netuid,
        amount,
        limit: { limitPrice: 1n },
      }),
      DispatchError,
      "PriceLimitExceeded",
    );
    assert.ok(e.hint);
    assert.ok(d.price > 0n);
    // partial fill under a limit a little above the price
    const partial = await addStake(client, {
      signer: val.cold,
      hotkey: val.hot.address,
      netuid,
      amount: parseTao("1000"),
      limit: { limitPrice: ((d.price * 1_000_000_000n) >> 32n) + 10_000_000n, allowPartial: true },
    });
    assert.ok(partial.tao > 0n && partial.tao < parseTao("1000"));
    // unstake a part, with a quote
    const qu = await quoteUnstake(client, { netuid, amount: parseTao("10") });
    const u = await removeStake(client, {
      signer: val.cold,
      hotkey: val.hot.address,
      netuid,
      amount: parseTao("10"),
    });
    assert.equal(u.tao, qu.out);
    await failsWith(
      removeStake(client, { signer: alice, hotkey: val.hot.address, netuid, amount: parseTao("10") }),
      DispatchError,
      "NotEnoughStakeToWithdraw",
    );
    // stake on root to swap from; move and transfer a little on the subnet
    await addStake(client, { signer: val.cold, hotkey: val.hot.address, netuid: 0, amount: parseTao("5") });
    await swapStake(client, {
      signer: val.cold,
      hotkey: val.hot.address,
      fromNetuid: 0,
      toNetuid: netuid,
      amount: parseTao("1"),
    });
    await moveStake(client, {
      signer: val.cold,
      fromHotkey: val.hot.address,
      toHotkey: miners[0]?.address as string,
      fromNetuid: netuid,
      toNetuid: netuid,
      amount: parseTao("1"),
    });
    await transferStake(client, {
      signer: val.cold,
      toColdkey: alice.address,
      hotkey: val.hot.address,
      fromNetuid: netuid,
      toNetuid: netuid,
      amount: parseTao("1"),
    });
    const positions = await getStakeInfo(client, { coldkey: val.cold.address });
    assert.ok(positions.some((p) => p.hotkey === miners[0]?.address && p.netuid === netuid && p.stake > 0n));
    assert.ok(
      (await getStake(client, { coldkey: alice.address, hotkey: val.hot.address, netuid })) > 0n,
      "transferred stake belongs to alice",
    );
  });

  it("weights: no permit before an epoch (with context), set after, incentive and dividends after the next", async () => {
    const noPermit = key("NoPermit");
    const np = await burnedRegister(client, { signer: alice, netuid, hotkey: noPermit.address });
    const early = await failsWith(
      setWeights(client, { signer: noPermit, netuid, uids: [uids.m0, uids.m1], weights: [0.25, 0.75] }),
      DispatchError,
      "NeuronNoValidatorPermit",
    );
    assert.match(early.hint ?? "", /validator permit/);
    assert.equal(early.details.validatorPermit, false);
    assert.equal(early.details.uid, np.uid);
    await runToNextEpoch(client, netuid);
    const mg0 = await getMetagraph(client, netuid);
    assert.equal(mg0.validatorPermit[uids.val], true);
    const r = await setWeights(client, {
      signer: val.hot,
      netuid,
      uids: [uids.m0, uids.m1],
      weights: [0.25, 0.75],
    });
    assert.ok(r.events.some((e) => e.name === "WeightsSet"));
    const balanceBefore = await getBalance(client, { address: val.cold.address });
    await runToNextEpoch(client, netuid);
    await runToNextEpoch(client, netuid);
    const mg = await getMetagraph(client, netuid, { lite: false });
    const i0 = mg.incentives[uids.m0] ?? 0;
    const i1 = mg.incentives[uids.m1] ?? 0;
    assert.ok(i1 > i0 && i0 > 0, `incentives ${i0} ${i1}`);
    assert.ok((mg.dividends[uids.val] ?? 0) > 0, "the validator earns dividends");
    assert.ok((mg.emission[uids.m1] ?? 0n) > 0n);
    assert.ok((mg.lastUpdate[uids.val] ?? 0) > 0);
    assert.equal(await getBalance(client, { address: val.cold.address }), balanceBefore);
  });

  it("weights errors: rate limit (blocks remaining), stake threshold, commit-reveal state", async () => {
    // weights_set_rate_limit is root-only: through sudo
    await sudo(client, { signer: alice, call: hyperparameterCall(netuid, "weights_set_rate_limit", 1000) });
    const w = { signer: val.hot, netuid, uids: [uids.m0, uids.m1], weights: [1, 3] };
    const fast = await failsWith(setWeights(client, w), DispatchError, "SettingWeightsTooFast");
    assert.ok(Number(fast.details.blocksRemaining) > 900, String(fast.details.blocksRemaining));
    assert.match(fast.hint ?? "", /block\(s\) to wait/);
    await sudo(client, { signer: alice, call: hyperparameterCall(netuid, "weights_set_rate_limit", 0) });
    // stake threshold above the validator's stake
    await sudo(client, {
      signer: alice,
      call: {
        module: "adminUtils",
        method: "sudo_set_stake_threshold",
        args: { min_stake: parseTao("1000000") },
      },
    });
    const low = await failsWith(setWeights(client, w), DispatchError, "NotEnoughStakeToSetWeights");
    assert.equal(typeof low.details.stake, "bigint");
    await sudo(client, {
      signer: alice,
      call: { module: "adminUtils", method: "sudo_set_stake_threshold", args: { min_stake: 0 } },
    });
    // commit-reveal on (an owner hyperparameter)
    await setHyperparameter(client, {
      signer: alice,
      netuid,
      name: "commit_reveal_weights_enabled",
      value: true,
    });
    const cr = await failsWith(setWeights(client, w), DispatchError, "CommitRevealEnabled");
    assert.equal(cr.details.commitRevealEnabled, true);
    assert.match(cr.hint ?? "", /commitWeights/);
    // hash commit, reveal in the reveal epoch
    const c = await commitWeights(client, w);
    assert.ok(c.receipt.events.some((e) => e.name === "WeightsCommitted"));
    const wrongSalt = await revealWeights(client, { signer: val.hot, ...c.reveal, salt: [1, 2, 3] }).then(
      () => assert.fail("a reveal with another salt succeeded"),
      (e: unknown) => e,
    );
    assert.ok(
      wrongSalt instanceof DispatchError &&
        ["RevealTooEarly", "InvalidRevealCommitHashNotMatch"].includes(wrongSalt.code) &&
        wrongSalt.hint,
      String(wrongSalt),
    );
    // blocks keep coming (auto sealing): reveal as soon as the reveal epoch starts
    const codes = new Set<string>();
    let revealed: Awaited<ReturnType<typeof revealWeights>> | undefined;
    for (let i = 0; i < 200 && !revealed; i++) {
      try {
        revealed = await revealWeights(client, { signer: val.hot, ...c.reveal });
      } catch (e) {
        if (!(e instanceof DispatchError && e.code === "RevealTooEarly")) throw e;
        codes.add(e.code);
        assert.ok(e.hint);
        await new Promise((r) => setTimeout(r, 30));
      }
    }
    assert.ok(revealed?.events.some((e) => e.name === "WeightsRevealed" || e.name === "WeightsSet"));
    // (whether an attempt fell in the commit epoch depends on where in the epoch the commit landed)
    assert.ok([...codes].every((code) => code === "RevealTooEarly"));
    // a timelocked commit is accepted (the chain reveals it by itself)
    const tl = await commitTimelockedWeights(client, { ...w, weights: [3, 1] });
    assert.ok(tl.revealRound > 0n);
    await setHyperparameter(client, {
      signer: alice,
      netuid,
      name: "commit_reveal_weights_enabled",
      value: false,
    });
    await failsWith(commitWeights(client, w), DispatchError, "CommitRevealDisabled");
  });

  it("serves an axon; owner and sudo errors; bad input before signing", async () => {
    await serveAxon(client, { signer: miners[0] as KeyPair, netuid, ip: "8.8.4.4", port: 8091 });
    const mg = await getMetagraph(client, netuid, { lite: false });
    assert.equal(mg.axons[uids.m0]?.port, 8091);
    assert.equal(mg.axons[uids.m0]?.ip, String((8n << 24n) | (8n << 16n) | (4n << 8n) | 4n));
    await failsWith(
      serveAxon(client, { signer: key("Nobody"), netuid, ip: "8.8.4.4", port: 1 }),
      DispatchError,
      "HotKeyNotRegisteredInNetwork",
    );
    await failsWith(
      setHyperparameter(client, { signer: val.cold, netuid, name: "tempo", value: 20 }),
      DispatchError,
      "BadOrigin",
    );
    await failsWith(
      sudo(client, { signer: val.cold, call: hyperparameterCall(netuid, "weights_set_rate_limit", 1) }),
      DispatchError,
      "RequireSudo",
    );
    assert.throws(
      () => hyperparameterCall(netuid, "no_such_thing", 1),
      (e: unknown) => e instanceof InvalidArgumentError,
    );
    await assert.rejects(
      transfer(client, { signer: alice, to: "not-an-address", amount: 1n }),
      (e: unknown) => e instanceof InvalidArgumentError,
    );
    await assert.rejects(
      setWeights(client, { signer: val.hot, netuid, uids: [0, 1], weights: [1] }),
      (e: unknown) => e instanceof InvalidArgumentError && /one weight per uid/.test(String(e.hint)),
    );
  });

  it("delegation: take down then (rate-limited) up, childkeys scheduled, root claims", async () => {
    const down = await setTake(client, {
      signer: val.cold,
      hotkey: val.hot.address,
      take: 5_000,
      direction: "decrease",
    });
    assert.ok(down.events.some((e) => e.name === "TakeDecreased"));
    await failsWith(
      setTake(client, { signer: val.cold, hotkey: val.hot.address, take: 6_000, direction: "increase" }),
      DispatchError,
      "DelegateTxRateLimitExceeded",
    );
    await failsWith(
      setTake(client, { signer: alice, hotkey: val.hot.address, take: 1_000, direction: "decrease" }),
      DispatchError,
      "NonAssociatedColdKey",
    );
    // a refused list does not start the 150-block rate limit, so the next one goes through
    await failsWith(
      setChildren(client, {
        signer: val.cold,
        hotkey: val.hot.address,
        netuid,
        children: [{ proportion: FULL_PROPORTION, hotkey: val.hot.address }],
      }),
      DispatchError,
      "InvalidChild",
    );
    const scheduled = await setChildren(client, {
      signer: val.cold,
      hotkey: val.hot.address,
      netuid,
      children: [{ proportion: FULL_PROPORTION / 2n, hotkey: (miners[0] as KeyPair).address }],
    });
    assert.ok(scheduled.events.some((e) => e.name === "SetChildrenScheduled"));
    await assert.rejects(
      setChildren(client, {
        signer: val.cold,
        hotkey: val.hot.address,
        netuid,
        children: [{ proportion: -1n, hotkey: val.hot.address }],
      }),
      (e: unknown) => e instanceof InvalidArgumentError,
    );
    await claimRoot(client, { signer: val.cold, subnets: [netuid] });
    await failsWith(
      claimRoot(client, { signer: val.cold, subnets: [] }),
      DispatchError,
      "InvalidSubnetNumber",
    );
  });

  it("transaction errors: bad signature, cannot pay, balance too low, unknown subnet", async () => {
    const forger = { address: alice.address, sign: () => new Uint8Array(64) };
    const bad = await failsWith(
      transfer(client, { signer: forger, to: val.hot.address, amount: 1n }),
      TransactionRejectedError,
      "BadProof",
    );
    assert.equal(bad.rpcCode, -32010);
    assert.ok(bad.hint);
    // the managed nonce survives a rejection
    await transfer(client, { signer: alice, to: val.hot.address, amount: 1n });
    const broke = key("Broke");
    await failsWith(
      transfer(client, { signer: broke, to: alice.address, amount: 1n }),
      TransactionRejectedError,
      "Payment",
    );
    const poor = await transfer(client, {
      signer: val.hot,
      to: alice.address,
      amount: parseTao("1000"),
    }).then(
      () => assert.fail("transferred more than the balance"),
      (e: unknown) => e,
    );
    assert.ok(poor instanceof DispatchError && poor.code === "InsufficientBalance", String(poor));
    assert.match(poor.message, /rao free, 1000000000000 needed/);
    // staking more than the free balance
    await failsWith(
      addStake(client, { signer: val.hot, hotkey: val.hot.address, netuid, amount: parseTao("1000") }),
      DispatchError,
      "NotEnoughBalanceToStake",
    );
    // waiting for inclusion times out (the transaction still lands); the next send gets a fresh nonce
    const slow = await failsWith(
      transfer(client, { signer: alice, to: val.hot.address, amount: 1n, timeoutMs: 1 }),
      TransactionDroppedError,
      "Timeout",
    );
    assert.match(slow.hint ?? "", /may still be included/);
    await transfer(client, { signer: alice, to: val.hot.address, amount: 1n });
    const nf = await failsWith(getSubnet(client, { netuid: 999 }), RpcError, "SubnetNotExists");
    assert.equal(nf.kind, "NotFound");
    assert.match(nf.hint ?? "", /getSubnets/);
  });

  it("watchMetagraph: lite via subscribe_metagraph, full via new heads; changed uids reported", async () => {
    const updates: number[][] = [];
    const fullUpdates: number[] = [];
    const w = watchMetagraph(client, netuid, { onUpdate: (u) => updates.push(u.changedUids) });
    const wf = watchMetagraph(client, netuid, {
      lite: false,
      onUpdate: (u) => fullUpdates.push(u.metagraph.n),
    });
    const first = await w.ready;
    await wf.ready;
    assert.equal(updates[0]?.length, first.n);
    const r = await burnedRegister(client, { signer: alice, netuid, hotkey: key("Watched").address });
    const deadline = Date.now() + 5_000;
    while (
      Date.now() < deadline &&
      !(w.current && w.current.n > first.n && fullUpdates.at(-1) === first.n + 1)
    )
      await new Promise((res) => setTimeout(res, 20));
    assert.equal(w.current?.n, first.n + 1);
    assert.ok(
      updates.some((u) => u.includes(r.uid)),
      JSON.stringify(updates),
    );
    assert.equal(fullUpdates.at(-1), first.n + 1);
    await w.stop();
    await wf.stop();
  });
});
