import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  cryptoReady,
  type KeyPair,
  keyPairFromUri,
  type SignedTransaction,
  signTransaction,
  transactionHash,
} from "@taonet/chain";
import fc from "fast-check";
import { TransactionRejected } from "./errors.js";
import { Mempool } from "./mempool.js";

const GENESIS = `0x${"11".repeat(32)}`;
let alice: KeyPair;
let bob: KeyPair;

const tx = (pair: KeyPair, nonce: number, tip = 0n): SignedTransaction =>
  signTransaction(GENESIS, pair, {
    nonce,
    call: { module: "balances", method: "transfer_keep_alive", args: { dest: pair.address, value: "1" } },
    ...(tip > 0n ? { tip } : {}),
  });
const entry = (t: SignedTransaction) => ({ tx: t, hash: transactionHash(t), length: 100, fee: 10n });
const rejects = (f: () => unknown, code: string) =>
  assert.throws(f, (e: unknown) => e instanceof TransactionRejected && e.code === code, `expected ${code}`);

describe("Mempool", () => {
  before(async () => {
    await cryptoReady();
    alice = keyPairFromUri("//Alice");
    bob = keyPairFromUri("//Bob");
  });

  it("holds future nonces and makes them ready when the gap closes", () => {
    const pool = new Mempool();
    const nonces = new Map<string, number>();
    const nonceOf = (s: string) => nonces.get(s) ?? 0;
    pool.admit(entry(tx(alice, 1)), nonceOf);
    pool.admit(entry(tx(alice, 2)), nonceOf);
    assert.equal(pool.ready(nonceOf, 100, 1e9).length, 0, "nonce 0 is missing: nothing ready");
    assert.equal(pool.nextNonce(alice.address, 0), 0);
    pool.admit(entry(tx(alice, 0)), nonceOf);
    assert.deepEqual(
      pool.ready(nonceOf, 100, 1e9).map((e) => e.tx.nonce),
      [0, 1, 2],
    );
    assert.equal(pool.nextNonce(alice.address, 0), 3);
  });

  it("orders by tip across signers, keeps each signer's nonces in order, honours count and bytes", () => {
    const pool = new Mempool();
    const nonceOf = () => 0;
    pool.admit(entry(tx(alice, 0)), nonceOf);
    pool.admit(entry(tx(alice, 1, 50n)), nonceOf);
    pool.admit(entry(tx(bob, 0, 10n)), nonceOf);
    const order = pool
      .ready(nonceOf, 100, 1e9)
      .map((e) => `${e.tx.signer === alice.address ? "a" : "b"}${e.tx.nonce}`);
    assert.deepEqual(order, ["b0", "a0", "a1"]);
    assert.equal(pool.ready(nonceOf, 2, 1e9).length, 2);
    assert.equal(pool.ready(nonceOf, 100, 250).length, 2);
  });

  it("refuses duplicates, replaces only with a higher tip, refuses far-future nonces", () => {
    const pool = new Mempool({ maxFutureGap: 10 });
    const nonceOf = () => 0;
    const t = tx(alice, 0, 5n);
    pool.admit(entry(t), nonceOf);
    rejects(() => pool.admit(entry(t), nonceOf), "AlreadyImported");
    rejects(() => pool.admit(entry(tx(alice, 0, 4n)), nonceOf), "TooLowPriority");
    const r = pool.admit(entry(tx(alice, 0, 6n)), nonceOf);
    assert.equal(r.replaced, transactionHash(t));
    assert.equal(pool.size, 1);
    rejects(() => pool.admit(entry(tx(alice, 12)), nonceOf), "Future");
    pool.admit(entry(tx(alice, 11)), nonceOf); // 10 ahead of the pool's next nonce (1)
    for (let n = 1; n <= 10; n++) pool.admit(entry(tx(alice, n)), nonceOf);
    pool.admit(entry(tx(alice, 22)), nonceOf); // contiguous pooled nonces extend the window
  });

  it("when full, evicts the oldest future transaction for a ready one, else refuses", () => {
    const pool = new Mempool({ maxCount: 2 });
    const nonceOf = () => 0;
    const future = tx(bob, 5);
    pool.admit(entry(future), nonceOf);
    pool.admit(entry(tx(alice, 0)), nonceOf);
    rejects(() => pool.admit(entry(tx(bob, 7)), nonceOf), "PoolFull");
    const r = pool.admit(entry(tx(alice, 1)), nonceOf);
    assert.deepEqual(r.evicted, [transactionHash(future)]);
    assert.equal(pool.size, 2);
    rejects(() => pool.admit(entry(tx(bob, 0)), nonceOf), "PoolFull");
  });

  it("limits transactions per sender and prunes stale nonces after a block", () => {
    const pool = new Mempool({ maxPerSender: 2 });
    let next = 0;
    const nonceOf = () => next;
    pool.admit(entry(tx(alice, 0)), nonceOf);
    pool.admit(entry(tx(alice, 1)), nonceOf);
    rejects(() => pool.admit(entry(tx(alice, 2)), nonceOf), "PoolFull");
    next = 1;
    assert.equal(pool.pruneStale(nonceOf, [alice.address]).length, 1);
    assert.equal(pool.size, 1);
    assert.equal(pool.byteSize, 100);
  });

  it("property: sizes, pending fees, next nonces and ready runs stay consistent under random operations", () => {
    // transactions are not signed here: the pool trusts its caller for signatures and hashes
    const fake = (signer: string, nonce: number, tip: bigint, salt: number) => ({
      tx: { signer, nonce, tip, call: { module: "m", method: "x", args: {} }, signature: `${salt}` },
      hash: `${signer}/${nonce}/${salt}`,
      length: 10 + (salt % 7),
      fee: BigInt(1 + (salt % 5)),
    });
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("admit" as const),
        s: fc.integer({ min: 0, max: 2 }),
        nonce: fc.integer({ min: 0, max: 12 }),
        tip: fc.bigInt({ min: 0n, max: 3n }),
        salt: fc.nat(1000),
      }),
      fc.record({
        kind: fc.constant("block" as const),
        s: fc.integer({ min: 0, max: 2 }),
        advance: fc.integer({ min: 0, max: 4 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const pool = new Mempool({ maxCount: 20, maxFutureGap: 6, maxPerSender: 9 });
        const nonces = [0, 0, 0];
        const signers = ["s0", "s1", "s2"];
        const nonceOf = (x: string) => nonces[signers.indexOf(x)] ?? 0;
        for (const o of ops) {
          if (o.kind === "admit") {
            try {
              pool.admit(fake(signers[o.s] as string, o.nonce, o.tip, o.salt), nonceOf);
            } catch (e) {
              assert.ok(e instanceof TransactionRejected);
            }
          } else {
            nonces[o.s] = (nonces[o.s] ?? 0) + o.advance;
            pool.pruneStale(nonceOf, signers);
          }
          const all = pool
            .hashes()
            .map((h) => pool.get(h))
            .filter((e) => e !== undefined);
          assert.equal(all.length, pool.size);
          assert.ok(pool.size <= 20);
          assert.equal(
            pool.byteSize,
            all.reduce((a, e) => a + e.length, 0),
          );
          signers.forEach((sg, i) => {
            const mine = all.filter((e) => e.tx.signer === sg);
            assert.equal(
              pool.pendingFees(sg),
              mine.reduce((a, e) => a + e.fee, 0n),
            );
            assert.ok(
              mine.every((e) => e.tx.nonce >= (nonces[i] ?? 0)),
              "no stale nonce stays",
            );
            let next = nonces[i] ?? 0;
            while (mine.some((e) => e.tx.nonce === next)) next++;
            assert.equal(pool.nextNonce(sg, nonces[i] ?? 0), next);
          });
          const ready = pool.ready(nonceOf, 1000, 1e9);
          for (const sg of signers) {
            const run = ready.filter((e) => e.tx.signer === sg).map((e) => e.tx.nonce);
            const start = nonceOf(sg);
            assert.deepEqual(
              run,
              Array.from({ length: run.length }, (_, k) => start + k),
              "each signer's run is contiguous, in order",
            );
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
