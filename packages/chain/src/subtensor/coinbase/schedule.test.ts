/**
 * Epoch scheduling: ports of the reference's `tests/emission.rs` (blocks_until_next_auto_epoch),
 * `tests/tempo_control.rs` (get_next_epoch_start_block) and `tests/epoch/blocks_since_last_step.rs`,
 * plus the per-block cap (EpochDeferred), duplicate hotkeys (EpochSkipped), manual triggers and the
 * MAX_TEMPO safety net.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { State } from "../../state/state.js";
import {
  BlocksSinceLastStep,
  Keys,
  LastEpochBlock,
  LastMechansimStepBlock,
  MaxEpochsPerBlock,
  PendingEpochAt,
  PendingServerEmission,
  SubnetEpochIndex,
  Tempo,
} from "../../storage.js";
import { addSubnet, blockContext, testSpec } from "../../testing/coinbase-fixtures.js";
import type { ChainEvent } from "../../types.js";
import { coinbaseBlockStep, runCoinbase } from "../coinbase.js";
import {
  blocksUntilNextAutoEpoch,
  epochsDeferredThisBlock,
  keysHaveUniqueHotkeys,
  MAX_TEMPO,
  nextEpochStartBlock,
  shouldRunEpoch,
} from "./schedule.js";

function subnets(s: State, netuids: number[], tempo: number, lastEpochBlock = 0): void {
  for (const netuid of netuids) {
    addSubnet(s, {
      netuid,
      ownerColdkey: `ck${netuid}`,
      ownerHotkey: `hk${netuid}`,
      tempo,
      block: 0,
      lastEpochBlock,
    });
  }
}

describe("blocks until the next automatic epoch (tests/emission.rs)", () => {
  it("test_zero_tempo: never", () => {
    assert.equal(blocksUntilNextAutoEpoch(State.empty(), 1, 0, 100), Number.POSITIVE_INFINITY);
  });

  it("test_regular_case / test_different_network_ids: LastEpochBlock + tempo − block, whatever the netuid", () => {
    const s = State.empty();
    assert.equal(blocksUntilNextAutoEpoch(s, 1, 10, 5), 5);
    assert.equal(blocksUntilNextAutoEpoch(s, 2, 20, 15), 5);
    assert.equal(blocksUntilNextAutoEpoch(s, 3, 30, 25), 5);
    for (const n of [1, 2, 3]) assert.equal(blocksUntilNextAutoEpoch(s, n, 10, 5), 5);
  });

  it("test_boundary_conditions / test_overflow_handling / test_wrap_around_behavior: saturates at 0", () => {
    const s = State.empty();
    assert.equal(blocksUntilNextAutoEpoch(s, 65535, 65535, Number.MAX_SAFE_INTEGER), 0);
    assert.equal(blocksUntilNextAutoEpoch(s, 65535, 65535, 0), 65535);
    assert.equal(blocksUntilNextAutoEpoch(s, 1, 10, Number.MAX_SAFE_INTEGER - 1), 0);
  });

  it("test_epoch_alignment / test_large_tempo_values / test_consecutive_blocks", () => {
    const s = State.empty();
    assert.equal(blocksUntilNextAutoEpoch(s, 1, 10, 9), 1);
    assert.equal(blocksUntilNextAutoEpoch(s, 2, 20, 21), 0);
    assert.equal(blocksUntilNextAutoEpoch(s, 1, 65534, 100), 65535 - 1 - 100);
    let last = blocksUntilNextAutoEpoch(s, 1, 10, 0);
    for (let b = 1; b < 9; b++) {
      const now = blocksUntilNextAutoEpoch(s, 1, 10, b);
      assert.equal(now, last - 1);
      last = now;
    }
  });
});

describe("next epoch start block (tests/tempo_control.rs)", () => {
  it("get_next_epoch_start_block_returns_none_when_tempo_zero", () => {
    const s = State.empty();
    Tempo.set(s, 1, 0);
    assert.equal(nextEpochStartBlock(s, 1), null);
  });

  it("get_next_epoch_start_block_uses_last_epoch_block_plus_tempo / pending earlier / pending later", () => {
    const s = State.empty();
    LastEpochBlock.set(s, 1, 100);
    Tempo.set(s, 1, 50);
    assert.equal(nextEpochStartBlock(s, 1), 150);
    PendingEpochAt.set(s, 1, 120);
    assert.equal(nextEpochStartBlock(s, 1), 120);
    PendingEpochAt.set(s, 1, 200);
    assert.equal(nextEpochStartBlock(s, 1), 150);
  });
});

describe("epoch scheduling (chain.md §8.4)", () => {
  it("test_blocks_since_last_step: counts blocks, resets when the epoch runs", () => {
    const s = State.empty();
    subnets(s, [1], 7200);
    let block = 0;
    const step = (n: number) => {
      for (let i = 0; i < n; i++) coinbaseBlockStep(blockContext(s, ++block));
    };
    step(5);
    assert.equal(BlocksSinceLastStep.get(s, 1), 5);
    step(blocksUntilNextAutoEpoch(s, 1, 7200, block) + 10);
    assert.equal(BlocksSinceLastStep.get(s, 1), 10);
    assert.equal(LastEpochBlock.get(s, 1), 7200);
    assert.equal(SubnetEpochIndex.get(s, 1), 1);
    step(blocksUntilNextAutoEpoch(s, 1, 7200, block) + 20);
    assert.equal(BlocksSinceLastStep.get(s, 1), 20);
    step(7);
    assert.equal(BlocksSinceLastStep.get(s, 1), 27);
    assert.equal(SubnetEpochIndex.get(s, 1), 2);
    assert.equal(LastMechansimStepBlock.get(s, 1), 14_400);
  });

  it("due when now − LastEpochBlock ≥ tempo; never at tempo 0", () => {
    const s = State.empty();
    subnets(s, [1], 10, 100);
    assert.equal(shouldRunEpoch(s, 1, 109), false);
    assert.equal(shouldRunEpoch(s, 1, 110), true);
    Tempo.set(s, 1, 0);
    assert.equal(shouldRunEpoch(s, 1, 10_000), false);
  });

  it("a due manual trigger (PendingEpochAt) runs the epoch early and is consumed", () => {
    const s = State.empty();
    subnets(s, [1], 360, 100);
    PendingEpochAt.set(s, 1, 110);
    assert.equal(shouldRunEpoch(s, 1, 109), false);
    runCoinbase(blockContext(s, 110), 0n);
    assert.equal(LastEpochBlock.get(s, 1), 110);
    assert.equal(PendingEpochAt.get(s, 1), 0);
  });

  it("the safety net: BlocksSinceLastStep > MAX_TEMPO makes the epoch due", () => {
    const s = State.empty();
    subnets(s, [1], 360, 1_000);
    BlocksSinceLastStep.set(s, 1, MAX_TEMPO);
    assert.equal(shouldRunEpoch(s, 1, 1_000), false);
    runCoinbase(blockContext(s, 1_000), 0n);
    assert.equal(SubnetEpochIndex.get(s, 1), 1);
    assert.equal(BlocksSinceLastStep.get(s, 1), 0);
  });

  it("MaxEpochsPerBlock: due subnets beyond the cap are deferred to the next block (EpochDeferred)", () => {
    const s = State.empty();
    subnets(s, [1, 2, 3], 10);
    MaxEpochsPerBlock.set(s, 1);
    // storage value 1 is stored (not the storage default 2), so it applies
    assert.deepEqual([...epochsDeferredThisBlock(blockContext(s, 10), [1, 2, 3], 10)], [2, 3]);
    const events: ChainEvent[] = [];
    const r = runCoinbase(blockContext(s, 10, testSpec(), events), 0n);
    assert.deepEqual(
      r.epochs.map((e) => e.netuid),
      [1],
    );
    assert.deepEqual(
      events.filter((e) => e.name === "EpochDeferred").map((e) => e.data),
      [
        { netuid: 2, fromBlock: 10, toBlock: 11 },
        { netuid: 3, fromBlock: 10, toBlock: 11 },
      ],
    );
    assert.equal(PendingEpochAt.get(s, 2), 11);
    assert.equal(LastEpochBlock.get(s, 2), 0);
    assert.equal(SubnetEpochIndex.get(s, 2), 0);
    const next = runCoinbase(blockContext(s, 11), 0n);
    assert.deepEqual(
      next.epochs.map((e) => e.netuid),
      [2],
    );
    assert.equal(PendingEpochAt.get(s, 3), 12);
    assert.deepEqual(
      runCoinbase(blockContext(s, 12), 0n).epochs.map((e) => e.netuid),
      [3],
    );
  });

  it("MaxEpochsPerBlock unset: the chain preset's value (dev 32, mainnet 2)", () => {
    const s = State.empty();
    subnets(s, [1, 2, 3, 4], 10);
    const dev = runCoinbase(blockContext(s.fork(), 10, testSpec({ maxEpochsPerBlock: 32 })), 0n);
    assert.equal(dev.epochs.length, 4);
    const mainnet = runCoinbase(blockContext(s.fork(), 10, testSpec({ maxEpochsPerBlock: 2 })), 0n);
    assert.equal(mainnet.epochs.length, 2);
  });

  it("duplicate hotkeys in Keys: the epoch is skipped (EpochSkipped), pending emission kept, slot consumed", () => {
    const s = State.empty();
    subnets(s, [1], 10);
    Keys.set(s, 1, 1, "hk1"); // uid 1 points at the owner hotkey of uid 0
    assert.equal(keysHaveUniqueHotkeys(s, 1), false);
    PendingServerEmission.set(s, 1, 42n);
    const events: ChainEvent[] = [];
    const r = runCoinbase(blockContext(s, 10, testSpec(), events), 0n);
    assert.equal(r.epochs.length, 0);
    assert.deepEqual(
      events.filter((e) => e.name === "EpochSkipped").map((e) => e.data),
      [{ netuid: 1, block: 10 }],
    );
    assert.ok(PendingServerEmission.get(s, 1) >= 42n);
    assert.equal(LastEpochBlock.get(s, 1), 10);
    assert.equal(SubnetEpochIndex.get(s, 1), 1);
    assert.equal(BlocksSinceLastStep.get(s, 1), 1);
  });

  it("non-emitting subnets (no start_call) still run their epochs on schedule", () => {
    const s = State.empty();
    addSubnet(s, { netuid: 1, ownerColdkey: "ck", ownerHotkey: "hk", tempo: 10, block: 0, started: false });
    PendingServerEmission.set(s, 1, 1_000n);
    const r = runCoinbase(blockContext(s, 10), 1_000_000_000n);
    assert.equal(r.spent, 0n);
    assert.deepEqual(
      r.epochs.map((e) => e.netuid),
      [1],
    );
    assert.equal(PendingServerEmission.get(s, 1), 0n);
  });
});
