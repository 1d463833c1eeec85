import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { cryptoReady, keyPairFromUri } from "../crypto.js";
import { State } from "../state/state.js";
import { Account, BlockEmission, Number_ } from "../storage.js";
import { loadState } from "./state-json.js";
import { parseT8nInput, runT8n, T8nInputError } from "./t8n.js";

const EMPTY = { format: "taonet-state/1", items: {} };

describe("t8n", () => {
  before(cryptoReady);

  it("names the action index and field of a bad input", () => {
    const bad = (actions: unknown[], index: number, field: string) =>
      assert.throws(
        () => parseT8nInput({ actions }),
        (e: unknown) => e instanceof T8nInputError && e.index === index && e.field === field,
        JSON.stringify(actions),
      );
    bad([{ op: "state_root" }, { op: "mint" }], 1, "op");
    bad([{ op: "get", item: "NoSuchItem" }], 0, "item");
    bad([{ op: "set", item: "SubnetTAO", key: ["x"], value: "1" }], 0, "key");
    bad([{ op: "set", item: "SubnetTAO", key: [1], value: "1.5" }], 0, "value");
    bad([{ op: "call", origin: "//Alice", call: "subtensor.no_such_call" }], 0, "call");
    bad(
      [{ op: "call", origin: "//Alice", call: "subtensor.add_stake", args: { netuid: "one" } }],
      0,
      "args.hotkey",
    );
    bad([{ op: "block_step", count: 0 }], 0, "count");
  });

  it("a failing action gives the reference's error name and leaves the state as it was", () => {
    const input = parseT8nInput({
      preset: "dev",
      actions: [
        { op: "set", item: "Account", key: ["//Bob"], value: { nonce: 0, free: "1000" } },
        { op: "state_root" },
        { op: "call", origin: "//Bob", call: "subtensor.register_network", args: { hotkey: "//Bob/sn" } },
        { op: "state_root" },
      ],
    });
    const { results } = runT8n(loadState(EMPTY), input);
    assert.equal(results[2]?.ok, false);
    assert.equal(results[2]?.error, "CannotAffordLockCost");
    assert.equal(results[3]?.output, results[1]?.output);
  });

  it("block_step runs the block pipeline (applyBlock): numbers advance, emission is cached; fees are not charged", () => {
    const bob = keyPairFromUri("//Bob").address;
    const input = parseT8nInput([
      { op: "set", item: "BlockEmission", value: "1" },
      { op: "block_step", count: 3 },
      { op: "set", item: "Account", key: [bob], value: { nonce: 0, free: "10000000000" } },
      {
        op: "call",
        origin: bob,
        call: "balances.transfer_keep_alive",
        args: { dest: "//Alice", value: "1000" },
      },
    ]);
    const { state, results } = runT8n(State.empty(), input);
    assert.deepEqual(
      results.map((r) => r.ok),
      [true, true, true, true],
      JSON.stringify(results),
    );
    assert.equal(Number_.get(state), 3);
    assert.equal(BlockEmission.get(state), 1_000_000_000n);
    assert.equal(Account.get(state, bob).free, 10_000_000_000n - 1_000n);
    assert.equal(Account.get(state, bob).nonce, 0);
  });
});
