import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  accountInfo,
  cryptoReady,
  devGenesis,
  encryptWeightsCommit,
  type KeyPair,
  keyPairFromUri,
  type SignedTransaction,
  signTransaction,
  storage,
} from "@taonet/chain";
import { pino } from "pino";
import { TransactionRejected } from "./errors.js";
import { type NodeOptions, TaoNode } from "./node.js";

const TAO = 1_000_000_000n;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "taonet-node-"));
  dirs.push(d);
  return d;
};
let alice: KeyPair;
let bob: KeyPair;

const options = (dataDir: string, extra: Partial<NodeOptions> = {}): NodeOptions => ({
  genesis: devGenesis(),
  dataDir,
  sealing: "manual",
  logger: pino({ level: "silent" }),
  beacon: false,
  verifierThreads: 1,
  ...extra,
});

function transfer(
  node: TaoNode,
  from: KeyPair,
  to: string,
  value: bigint,
  nonce?: number,
): SignedTransaction {
  return signTransaction(node.spec.genesisHash, from, {
    nonce: nonce ?? node.nextNonce(from.address),
    call: { module: "balances", method: "transfer_keep_alive", args: { dest: to, value: value.toString() } },
  });
}

const rejected = (code: string) => (e: unknown) => e instanceof TransactionRejected && e.code === code;

describe("TaoNode (in process)", () => {
  before(async () => {
    await cryptoReady();
    alice = keyPairFromUri("//Alice");
    bob = keyPairFromUri("//Bob");
  });
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("admits, includes, persists; restart resumes with the same head, state and transactions", async () => {
    const dir = tmp();
    const node = await TaoNode.start(options(dir));
    const dest = keyPairFromUri("//Dest1").address;
    const hashes: string[] = [];
    for (let i = 0; i < 5; i++) hashes.push((await node.submit(transfer(node, alice, dest, TAO))).hash);
    const waited = node.waitForInclusion(hashes[4] as string, 5_000);
    const b1 = await node.produceBlock();
    assert.equal(b1.transactions.length, 5);
    assert.equal((await waited).blockNumber, 1);
    await node.produceBlock();
    const headHash = node.head.hash;
    const root = node.head.header.stateRoot;
    await node.stop();

    const again = await TaoNode.start(options(dir));
    assert.equal(again.head.header.number, 2);
    assert.equal(again.head.hash, headHash);
    assert.equal(again.head.header.stateRoot, root);
    assert.equal(await again.withState(undefined, (s) => accountInfo(s, dest).free), 5n * TAO);
    for (const h of hashes) assert.deepEqual(await again.store.txLocation(h), [1, hashes.indexOf(h)]);
    const b3 = await again.produceBlock();
    assert.equal(b3.header.parentHash, headHash);
    await again.stop();
  });

  it("refuses bad signatures, stale nonces, unpayable fees and unknown calls with the reference's names", async () => {
    const node = await TaoNode.start(options(tmp()));
    const good = transfer(node, alice, bob.address, 1n);
    await assert.rejects(node.submit({ ...good, signature: `0x${"00".repeat(64)}` }), rejected("BadProof"));
    const otherChain = signTransaction(`0x${"22".repeat(32)}`, alice, { nonce: 0, call: good.call });
    await assert.rejects(node.submit(otherChain), rejected("BadProof"));
    await node.submit(good);
    await assert.rejects(node.submit(good), rejected("AlreadyImported"));
    await node.produceBlock();
    await assert.rejects(node.submit(transfer(node, alice, bob.address, 1n, 0)), rejected("Stale"));
    const poor = keyPairFromUri("//Poor");
    await assert.rejects(node.submit(transfer(node, poor, bob.address, 1n)), rejected("Payment"));
    const unknown = signTransaction(node.spec.genesisHash, alice, {
      nonce: node.nextNonce(alice.address),
      call: { module: "balances", method: "mint", args: {} },
    });
    await assert.rejects(node.submit(unknown), rejected("Call"));
    assert.equal(node.mempool.size, 0);
    await node.stop();
  });

  it("serves past states within the window and refuses pruned ones", async () => {
    const node = await TaoNode.start(options(tmp(), { stateHistory: 3 }));
    const dest = keyPairFromUri("//Dest2").address;
    for (let i = 1; i <= 6; i++) {
      await node.submit(transfer(node, alice, dest, TAO));
      await node.produceBlock();
    }
    for (const n of [3, 4, 5, 6]) {
      assert.equal(await node.withState(n, (s) => accountInfo(s, dest).free), BigInt(n) * TAO, `block ${n}`);
      assert.equal(await node.withState(n, (s) => storage.Number_.get(s)), n);
    }
    await assert.rejects(
      node.withState(2, () => 0),
      (e: unknown) => (e as { code?: string }).code === "StatePruned",
    );
    await assert.rejects(
      node.withState(99, () => 0),
      (e: unknown) => (e as { code?: string }).code === "UnknownBlock",
    );
    assert.equal(await node.withState(node.head.hash, (s) => storage.Number_.get(s)), 6);
    assert.equal(await node.store.oldestUndo(), 4, "undo logs older than the window are deleted");
    await node.stop();

    const archive = await TaoNode.start(options(tmp(), { stateHistory: 3, archive: true }));
    for (let i = 1; i <= 6; i++) {
      await archive.submit(transfer(archive, alice, dest, TAO));
      await archive.produceBlock();
    }
    assert.equal(await archive.store.oldestUndo(), 1);
    for (let n = 0; n <= 6; n++) {
      assert.equal(
        await archive.withState(n, (s) => accountInfo(s, dest).free),
        BigInt(n) * TAO,
        `archive block ${n}`,
      );
    }
    await archive.stop();
  });

  it("dev: set a balance, snapshot and revert (blocks, state and transactions gone), survives restart", async () => {
    const dir = tmp();
    const node = await TaoNode.start(options(dir));
    const who = keyPairFromUri("//Rich").address;
    const inc = await node.setBalance(who, 42n * TAO);
    assert.ok(inc.receipt.success, JSON.stringify(inc.receipt.error));
    assert.equal(await node.withState(undefined, (s) => accountInfo(s, who).free), 42n * TAO);
    const snap = node.snapshot();
    const at = node.head;
    const { hash } = await node.submit(transfer(node, alice, who, TAO));
    await node.mine(3);
    assert.ok(await node.store.txLocation(hash));
    await node.revert(snap);
    assert.equal(node.head.hash, at.hash);
    assert.equal(await node.store.txLocation(hash), undefined);
    assert.equal(await node.withState(undefined, (s) => accountInfo(s, who).free), 42n * TAO);
    await node.stop();
    const again = await TaoNode.start(options(dir));
    assert.equal(again.head.hash, at.hash);
    const next = await again.produceBlock();
    assert.equal(next.header.number, at.header.number + 1);
    await again.stop();
  });

  it("dev beacon: publishes the pulse of round n in block n · period", async () => {
    const node = await TaoNode.start(options(tmp(), { beacon: true, beaconPeriod: 2 }));
    const b1 = await node.produceBlock();
    const b2 = await node.produceBlock();
    assert.equal(b1.transactions.length, 0);
    assert.equal(b2.transactions.length, 1);
    assert.ok(b2.receipts[0]?.success, JSON.stringify(b2.receipts[0]?.error));
    assert.ok(b2.events.some((e) => e.name === "NewPulse"));
    assert.notEqual(node.engine.state.read("Pulses", "1", ""), undefined);
    await node.stop();
  });

  it("dev beacon: a timelocked weights commit is revealed at its reveal epoch with the node's pulse", async () => {
    const owner = keyPairFromUri("//Alice/owner");
    const genesis = devGenesis({ subnets: [{ owner: alice.address, hotkey: owner.address, started: true }] });
    const node = await TaoNode.start(options(tmp(), { genesis, beacon: true }));
    const send = async (pair: KeyPair, module: string, method: string, args: Record<string, unknown>) => {
      const tx = signTransaction(node.spec.genesisHash, pair, {
        nonce: node.nextNonce(pair.address),
        call: { module, method, args },
      });
      const { hash } = await node.submit(tx);
      const inclusion = node.waitForInclusion(hash, 30_000);
      await node.produceBlock();
      return (await inclusion).receipt;
    };
    // the owner turns commit-reveal on (outside the admin freeze window)
    let enabled = false;
    for (let i = 0; i < 12 && !enabled; i++) {
      const r = await send(alice, "adminUtils", "sudo_set_commit_reveal_weights_enabled", {
        netuid: 1,
        enabled: true,
      });
      enabled = r.success;
    }
    assert.ok(enabled, "commit-reveal enabled");
    await node.runToNextEpoch(1);
    // the owner hotkey (uid 0) commits a self-weight, encrypted to the round of the next block
    const round = BigInt(node.head.header.number + 2);
    const publicKey = node.beaconInfo().publicKey as string;
    const commit = encryptWeightsCommit(
      { hotkey: owner.address, uids: [0], values: [65_535], versionKey: 0n },
      round,
      publicKey,
    );
    const committed = await send(owner, "subtensor", "commit_timelocked_weights", {
      netuid: 1,
      commit,
      reveal_round: round.toString(),
      commit_reveal_version: storage.CommitRevealWeightsVersion.get(node.engine.state),
    });
    assert.ok(committed.success, JSON.stringify(committed.error));
    let outcome: { name: string; data: Record<string, unknown> } | undefined;
    for (let i = 0; i < 40 && !outcome; i++) {
      const b = await node.produceBlock();
      outcome = b.events.find(
        (e) => e.name === "TimelockedWeightsRevealed" || e.name === "TimelockedWeightsDropped",
      ) as { name: string; data: Record<string, unknown> } | undefined;
    }
    assert.equal(outcome?.name, "TimelockedWeightsRevealed", JSON.stringify(outcome));
    assert.ok(node.beaconInfo().lastStoredRound >= round);
    assert.deepEqual(storage.Weights.get(node.engine.state, 1, 0), [[0, 65_535]]);
    await node.stop();
  });

  it("refuses to open a data directory of another chain", async () => {
    const dir = tmp();
    await (await TaoNode.start(options(dir))).stop();
    const other = { ...devGenesis(), name: "another" };
    await assert.rejects(TaoNode.start(options(dir, { genesis: other })), /GenesisMismatch|holds chain/);
  });
});
