import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { createGenesis, cryptoReady, devGenesis, keyPairFromUri, signTransaction } from "@taonet/chain";
import { Engine } from "./engine.js";
import { TransactionRejected } from "./errors.js";

const fresh = () => {
  const { spec, state } = createGenesis(devGenesis());
  const genesis = Engine.genesisBlock(state);
  state.compact();
  return new Engine(spec, state, genesis);
};

describe("Engine (the boundary a consensus engine drives)", () => {
  before(cryptoReady);

  it("a block built by one engine re-executes on another to the same hash; tampering is refused", () => {
    const a = fresh();
    const b = fresh();
    assert.equal(a.head.hash, b.head.hash, "same genesis block");
    const alice = keyPairFromUri("//Alice");
    const tx = signTransaction(a.spec.genesisHash, alice, {
      nonce: 0,
      call: {
        module: "balances",
        method: "transfer_keep_alive",
        args: { dest: keyPairFromUri("//E1").address, value: "1000000000" },
      },
    });
    const built = a.buildBlock({ author: alice.address, timestamp: 1_000 }, [tx], false);
    assert.equal(built.block.transactions.length, 1);
    assert.equal(a.head.header.number, 0, "building changes nothing");
    a.commit(built);
    const replayed = b.executeBlock(built.block);
    b.commit(replayed);
    assert.equal(b.head.hash, a.head.hash);
    assert.equal(b.head.header.stateRoot, a.head.header.stateRoot);

    const c = fresh();
    const tampered = [
      { ...built.block, header: { ...built.block.header, timestamp: 2_000 } },
      { ...built.block, header: { ...built.block.header, stateRoot: `0x${"00".repeat(32)}` } },
      { ...built.block, transactions: [{ ...tx, signature: `0x${"11".repeat(64)}` }] },
      { ...built.block, transactions: [] },
    ];
    for (const bad of tampered) assert.throws(() => c.executeBlock(bad), /InvalidBlock|re-execute/);
    assert.equal(c.head.header.number, 0);
  });

  it("refuses to commit a block that is not built on the head", () => {
    const a = fresh();
    const first = a.buildBlock({ author: keyPairFromUri("//Alice").address, timestamp: 1 }, []);
    const second = a.buildBlock({ author: keyPairFromUri("//Bob").address, timestamp: 1 }, []);
    a.commit(first);
    assert.throws(() => a.commit(second), /built on/);
  });

  it("checkTx: stale nonce, unknown call, fee beyond the balance minus pending fees, oversize", () => {
    const e = fresh();
    const alice = keyPairFromUri("//Alice");
    const call = {
      module: "balances",
      method: "transfer_keep_alive",
      args: { dest: alice.address, value: "1" },
    };
    const ok = e.checkTx(signTransaction(e.spec.genesisHash, alice, { nonce: 0, call }));
    assert.ok(ok.fee > 0n);
    assert.match(ok.hash, /^0x[0-9a-f]{64}$/);
    const code = (f: () => unknown, c: string) =>
      assert.throws(f, (x: unknown) => x instanceof TransactionRejected && x.code === c);
    code(
      () =>
        e.checkTx(
          signTransaction(e.spec.genesisHash, alice, { nonce: 0, call: { ...call, method: "nope" } }),
        ),
      "Call",
    );
    code(() => e.checkTx(signTransaction(e.spec.genesisHash, alice, { nonce: 0, call }), ok.free), "Payment");
    const big = { ...call, args: { ...call.args, memo: "x".repeat(300_000) } };
    code(
      () => e.checkTx(signTransaction(e.spec.genesisHash, alice, { nonce: 0, call: big })),
      "ExhaustsResources",
    );
    e.commit(
      e.buildBlock(
        { author: alice.address, timestamp: 1 },
        [signTransaction(e.spec.genesisHash, alice, { nonce: 0, call })],
        false,
      ),
    );
    code(() => e.checkTx(signTransaction(e.spec.genesisHash, alice, { nonce: 0, call })), "Stale");
  });
});
