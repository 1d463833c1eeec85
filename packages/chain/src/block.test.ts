import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { applyBlock, transactionFee } from "./block.js";
import { cryptoReady, type KeyPair, keyPairFromUri } from "./crypto.js";
import { createGenesis, devGenesis } from "./genesis.js";
import type { State } from "./state/state.js";
import { Account, TotalIssuance } from "./storage.js";
import { type SignedTransaction, signTransaction } from "./tx.js";
import type { BlockHeader, ChainSpec } from "./types.js";

const TAO = 1_000_000_000n;
let spec: ChainSpec;
let genesis: State;
let alice: KeyPair;
let bob: KeyPair;
let charlie: KeyPair;
let author: KeyPair;

const header = (n: number): BlockHeader => ({
  number: n,
  parentHash: "0x00",
  author: author.address,
  timestamp: n * 1000,
});
const transfer = (
  from: KeyPair,
  nonce: number,
  to: string,
  value: bigint,
  method = "transfer_keep_alive",
): SignedTransaction =>
  signTransaction(spec.genesisHash, from, {
    nonce,
    call: { module: "balances", method, args: { dest: to, value: value.toString() } },
  });

function sumOfBalances(s: State): bigint {
  let total = 0n;
  for (const k of Account.keys(s)) total += Account.get(s, k).free;
  return total;
}

describe("applyBlock: accounts and transfers", () => {
  before(async () => {
    await cryptoReady();
    ({ spec, state: genesis } = createGenesis(devGenesis()));
    alice = keyPairFromUri("//Alice");
    bob = keyPairFromUri("//Bob");
    charlie = keyPairFromUri("//Charlie");
    author = keyPairFromUri("//Ferdie//author");
  });

  it("moves balance, bumps the nonce, pays the fee to the author, leaves the parent state as it was", () => {
    const rootBefore = genesis.root();
    const r = applyBlock(spec, genesis, header(1), [transfer(alice, 0, bob.address, 5n * TAO)]);
    assert.equal(r.rejected.length, 0);
    const [receipt] = r.receipts;
    assert.ok(receipt?.success, JSON.stringify(receipt?.error));
    assert.ok((receipt?.fee ?? 0n) > 0n);
    assert.equal(Account.get(r.state, bob.address).free, 1_000_005n * TAO);
    assert.equal(Account.get(r.state, alice.address).free, 999_995n * TAO - (receipt?.fee ?? 0n));
    assert.equal(Account.get(r.state, alice.address).nonce, 1);
    assert.equal(Account.get(r.state, author.address).free, receipt?.fee);
    assert.equal(genesis.root(), rootBefore);
    assert.notEqual(r.stateRoot, rootBefore);
  });

  it("rejects a bad signature, a stale or future nonce, and a call on another chain, with no effect", () => {
    const good = transfer(alice, 0, bob.address, TAO);
    const forged = { ...good, call: { ...good.call, args: { dest: charlie.address, value: "1000000000" } } };
    const otherChain = signTransaction("0xdeadbeef", alice, { nonce: 0, call: good.call });
    const future = transfer(alice, 7, bob.address, TAO);
    const r = applyBlock(spec, genesis, header(1), [forged, otherChain, future]);
    assert.deepEqual(
      r.rejected.map((x) => x.error.code),
      ["BadProof", "BadProof", "Future"],
    );
    assert.equal(r.receipts.length, 0);
    assert.equal(r.stateRoot, applyBlock(spec, genesis, header(1), []).stateRoot);
    const twice = applyBlock(spec, genesis, header(1), [good, good]);
    assert.deepEqual(
      twice.rejected.map((x) => x.error.code),
      ["Stale"],
    );
  });

  it("a failing call keeps only its fee and nonce, with the reference's error name", () => {
    const tooMuch = transfer(bob, 0, charlie.address, 2_000_000n * TAO);
    const r = applyBlock(spec, genesis, header(1), [tooMuch]);
    const [receipt] = r.receipts;
    assert.equal(receipt?.success, false);
    assert.equal(receipt?.error?.code, "InsufficientBalance");
    assert.equal(Account.get(r.state, bob.address).nonce, 1);
    assert.equal(Account.get(r.state, bob.address).free, 1_000_000n * TAO - (receipt?.fee ?? 0n));
    assert.equal(Account.get(r.state, charlie.address).free, 1_000_000n * TAO);
  });

  it("enforces the existential deposit", () => {
    const fresh = keyPairFromUri("//Nobody");
    const dust = transfer(alice, 0, fresh.address, 499n);
    const r = applyBlock(spec, genesis, header(1), [dust]);
    assert.equal(r.receipts[0]?.error?.code, "ExistentialDeposit");
    const probe = transfer(bob, 0, charlie.address, 1_000_000n * TAO);
    const keepAlive = transfer(
      bob,
      0,
      charlie.address,
      1_000_000n * TAO - transactionFee(spec, probe) - 100n,
    );
    assert.equal(applyBlock(spec, genesis, header(1), [keepAlive]).receipts[0]?.error?.code, "Expendability");
  });

  it("root-only calls need sudo", () => {
    const call = {
      module: "balances",
      method: "force_set_balance",
      args: { who: charlie.address, new_free: "7" },
    };
    const direct = signTransaction(spec.genesisHash, alice, { nonce: 0, call });
    assert.equal(applyBlock(spec, genesis, header(1), [direct]).receipts[0]?.error?.code, "BadOrigin");
    const viaBob = signTransaction(spec.genesisHash, bob, {
      nonce: 0,
      call: { module: "sudo", method: "sudo", args: { call } },
    });
    assert.equal(applyBlock(spec, genesis, header(1), [viaBob]).receipts[0]?.error?.code, "RequireSudo");
    const viaAlice = signTransaction(spec.genesisHash, alice, {
      nonce: 0,
      call: { module: "sudo", method: "sudo", args: { call } },
    });
    const r = applyBlock(spec, genesis, header(1), [viaAlice]);
    assert.ok(r.receipts[0]?.success);
    assert.equal(Account.get(r.state, charlie.address).free, 7n);
    assert.equal(TotalIssuance.get(r.state), sumOfBalances(r.state));
  });

  it("property: issuance equals the sum of balances, and replaying gives the same roots", () => {
    const keys = () => [alice, bob, charlie];
    const op = fc.record({
      from: fc.integer({ min: 0, max: 2 }),
      to: fc.integer({ min: 0, max: 3 }),
      value: fc.oneof(fc.bigInt({ min: 0n, max: 2_000_000n * TAO }), fc.bigInt({ min: 0n, max: 1000n })),
      allowDeath: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 4 }), { minLength: 1, maxLength: 3 }), (blocks) => {
        const run = () => {
          let s = genesis;
          const nonces = [0, 0, 0];
          const roots: string[] = [];
          blocks.forEach((ops, b) => {
            const txs = ops.map((o) => {
              const from = keys()[o.from] as KeyPair;
              const to = o.to === 3 ? keyPairFromUri("//Fresh").address : (keys()[o.to] as KeyPair).address;
              const nonce = nonces[o.from] ?? 0;
              nonces[o.from] = nonce + 1;
              return transfer(
                from,
                nonce,
                to,
                o.value,
                o.allowDeath ? "transfer_allow_death" : "transfer_keep_alive",
              );
            });
            const r = applyBlock(spec, s, header(b + 1), txs);
            // senders whose account was reaped lose their nonce: later ones are rejected, never applied twice
            assert.equal(TotalIssuance.get(r.state), sumOfBalances(r.state));
            roots.push(r.stateRoot);
            s = r.state;
          });
          return roots;
        };
        assert.deepEqual(run(), run());
      }),
      { numRuns: 15 },
    );
  });
});

describe("applyBlock: free calls", () => {
  it("an account with no balance can send a free call (its nonce is tracked)", async () => {
    await cryptoReady();
    const { spec: sp, state } = createGenesis(devGenesis());
    const empty = keyPairFromUri("//EmptyHotkey");
    const call = { module: "subtensor", method: "serve_axon", args: {} };
    const tx = signTransaction(sp.genesisHash, empty, { nonce: 0, call });
    const r = applyBlock(sp, state, { number: 1, parentHash: "0x", author: empty.address, timestamp: 0 }, [
      tx,
    ]);
    assert.equal(r.rejected.length, 0, JSON.stringify(r.rejected));
    assert.equal(r.receipts[0]?.fee, 0n);
    assert.equal(Account.get(r.state, empty.address).nonce, 1);
    assert.equal(Account.get(r.state, empty.address).free, 0n);
  });
});
