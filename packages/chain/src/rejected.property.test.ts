/**
 * Property: a transaction whose call fails changes nothing but the signer's fee and nonce (and the
 * author's fee income) — the state root equals that of the same block without the call, with only those
 * balances adjusted. And replaying the same blocks gives the same roots.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { applyBlock } from "./block.js";
import { deposit, withdraw } from "./pallets/balances.js";
import { Account } from "./storage.js";
import { TAO, TestChain } from "./testing/chain.js";
import { signTransaction } from "./tx.js";

/** Calls that fail for various reasons (args are valid JSON; the reasons are chain rules). */
const failing = (c: TestChain) => [
  {
    module: "balances",
    method: "transfer_keep_alive",
    args: { dest: c.addr("//Bob"), value: (10n ** 18n).toString() },
  },
  { module: "subtensor", method: "burned_register", args: { netuid: 77, hotkey: c.addr("//Alice/h") } },
  {
    module: "subtensor",
    method: "set_weights",
    args: { netuid: 1, dests: [0], weights: [1], version_key: 0 },
  },
  { module: "subtensor", method: "start_call", args: { netuid: 1 } },
  { module: "subtensor", method: "register_network", args: { hotkey: c.addr("//Bob/sn") } },
  {
    module: "subtensor",
    method: "serve_axon",
    args: {
      netuid: 3,
      version: 1,
      ip: "1",
      port: 1,
      ip_type: 4,
      protocol: 4,
      placeholder1: 0,
      placeholder2: 0,
    },
  },
  { module: "balances", method: "force_set_balance", args: { who: c.addr("//Bob"), new_free: "1" } },
  { module: "subtensor", method: "no_such_call_name", args: {} },
];

describe("rejected and failed transactions", () => {
  let c: TestChain;
  before(async () => {
    c = await TestChain.create();
    // a subnet owned by Bob, so that some calls fail for permission reasons
    c.expectOk(c.block(c.tx("//Bob", "subtensor", "register_network", { hotkey: c.addr("//Bob/sn") })));
  });

  it("a failing call leaves the state root as if only its fee and nonce had been paid", () => {
    const calls = failing(c);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: calls.length - 1 }),
        fc.constantFrom("//Alice", "//Charlie"),
        (k, who) => {
          const parent = c.state;
          const call = calls[k] as (typeof calls)[number];
          const pair = c.key(who);
          const nonce = Account.get(parent, pair.address).nonce;
          const tx = signTransaction(c.spec.genesisHash, pair, { nonce, call });
          const header = { number: c.number + 1, parentHash: "0x", author: c.author.address, timestamp: 0 };
          const withCall = applyBlock(c.spec, parent, header, [tx]);
          if (withCall.rejected.length > 0) {
            // unknown calls are rejected outright: nothing changes at all
            assert.equal(withCall.stateRoot, applyBlock(c.spec, parent, header, []).stateRoot);
            return;
          }
          const [receipt] = withCall.receipts;
          assert.equal(receipt?.success, false, `${call.method} unexpectedly succeeded`);
          const expected = applyBlock(c.spec, parent, header, []).state.fork();
          const fee = receipt?.fee ?? 0n;
          if (fee > 0n) withdraw(expected, c.spec, pair.address, fee, "keepAlive");
          const acc = Account.get(expected, pair.address);
          Account.set(expected, pair.address, { nonce: acc.nonce + 1, free: acc.free });
          if (fee > 0n) deposit(expected, c.spec, c.author.address, fee);
          assert.equal(withCall.stateRoot, expected.root());
        },
      ),
      { numRuns: 40 },
    );
  });

  it("replaying the same blocks gives the same state roots", async () => {
    const run = async () => {
      const d = await TestChain.create();
      const roots: string[] = [];
      roots.push(
        d.block(d.tx("//Bob", "subtensor", "register_network", { hotkey: d.addr("//Bob/sn") })).stateRoot,
      );
      roots.push(d.block(d.tx("//Bob", "subtensor", "start_call", { netuid: 1 })).stateRoot);
      roots.push(
        d.block(
          d.tx("//Charlie", "subtensor", "burned_register", { netuid: 1, hotkey: d.addr("//Charlie/h") }),
        ).stateRoot,
      );
      roots.push(
        d.block(
          d.tx("//Dave", "balances", "transfer_allow_death", {
            dest: d.addr("//Eve"),
            value: (5n * TAO).toString(),
          }),
        ).stateRoot,
      );
      for (let i = 0; i < 12; i++) roots.push(d.block().stateRoot);
      return roots;
    };
    const a = await run();
    const b = await run();
    assert.deepEqual(a, b);
    assert.equal(new Set(a).size, a.length, "every block changes the root");
  });
});
