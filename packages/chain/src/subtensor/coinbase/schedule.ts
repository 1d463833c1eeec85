/**
 * Epoch scheduling (chain.md §8.4, newest stateful scheduler; reference `drain_pending`,
 * `should_run_epoch`, `coinbase/tempo_control.rs`). A subnet's epoch is due when its tempo is non-zero
 * and a manual trigger has come due (PendingEpochAt), or BlocksSinceLastStep exceeds MAX_TEMPO (safety),
 * or Tempo blocks have passed since LastEpochBlock. At most MaxEpochsPerBlock epochs run per block; the
 * others are deferred to the next block. A due slot is consumed even when the epoch is skipped.
 */
import type { State } from "../../state/state.js";
import {
  BlocksSinceLastStep,
  Keys,
  LastEpochBlock,
  MaxEpochsPerBlock,
  PendingEpochAt,
  PendingOwnerCut,
  PendingRootAlphaDivs,
  PendingServerEmission,
  PendingValidatorEmission,
  SubnetEpochIndex,
  Tempo,
} from "../../storage.js";
import type { BlockContext } from "../../types.js";

/** MAX_TEMPO: the BlocksSinceLastStep safety net. */
export const MAX_TEMPO = 50_400;

export function shouldRunEpoch(s: State, netuid: number, now: number): boolean {
  const tempo = Tempo.get(s, netuid);
  if (tempo === 0) return false;
  const pending = PendingEpochAt.get(s, netuid);
  if (pending > 0 && now >= pending) return true;
  if (BlocksSinceLastStep.get(s, netuid) > MAX_TEMPO) return true;
  const last = LastEpochBlock.get(s, netuid);
  return (now > last ? now - last : 0) >= tempo;
}

/** `blocks_until_next_auto_epoch`: blocks left before LastEpochBlock + tempo (∞ when tempo is 0). */
export function blocksUntilNextAutoEpoch(s: State, netuid: number, tempo: number, block: number): number {
  if (tempo === 0) return Number.POSITIVE_INFINITY;
  const next = LastEpochBlock.get(s, netuid) + tempo;
  return next > block ? next - block : 0;
}

/** `get_next_epoch_start_block`: the automatic next epoch or an earlier manual trigger; null at tempo 0. */
export function nextEpochStartBlock(s: State, netuid: number): number | null {
  const tempo = Tempo.get(s, netuid);
  if (tempo === 0) return null;
  const auto = LastEpochBlock.get(s, netuid) + tempo;
  const pending = PendingEpochAt.get(s, netuid);
  return pending > 0 ? Math.min(auto, pending) : auto;
}

/** MaxEpochsPerBlock from storage when it was set, else the chain preset's value. */
export function maxEpochsPerBlock(ctx: Pick<BlockContext, "state" | "spec">): number {
  const stored = ctx.state.read(MaxEpochsPerBlock.name, "", "");
  return stored === undefined ? ctx.spec.params.maxEpochsPerBlock : (stored as number);
}

/** The epoch's inputs are consistent when no hotkey holds two uids of the subnet. */
export function keysHaveUniqueHotkeys(s: State, netuid: number): boolean {
  const seen = new Set<string>();
  for (const hotkey of Keys.prefix(s, netuid).values()) {
    if (hotkey === null) continue;
    if (seen.has(hotkey)) return false;
    seen.add(hotkey);
  }
  return true;
}

/**
 * `epochs_deferred_this_block`: the subnets whose epoch is due this block but beyond the per-block cap
 * (the weights area skips revealing their commits, chain.md §3 step 4). Evaluated before the coinbase.
 */
export function epochsDeferredThisBlock(
  ctx: Pick<BlockContext, "state" | "spec">,
  subnets: readonly number[],
  now: number,
): Set<number> {
  const cap = maxEpochsPerBlock(ctx);
  const deferred = new Set<number>();
  let ran = 0;
  for (const netuid of subnets) {
    if (!shouldRunEpoch(ctx.state, netuid, now)) continue;
    if (ran >= cap) deferred.add(netuid);
    else if (keysHaveUniqueHotkeys(ctx.state, netuid)) ran++;
  }
  return deferred;
}

/** The four pending buckets drained for one epoch. */
export interface DrainedEmission {
  readonly netuid: number;
  readonly server: bigint;
  readonly validator: bigint;
  readonly root: bigint;
  readonly ownerCut: bigint;
}

/**
 * `drain_pending`: for every subnet (netuid order) BlocksSinceLastStep += 1; for each due subnet within
 * the per-block cap, take and zero its pending buckets; beyond the cap, defer to the next block
 * (EpochDeferred); with duplicate hotkeys, skip (EpochSkipped, pending keeps accumulating). A due slot
 * that is not deferred advances LastEpochBlock, clears PendingEpochAt and increments SubnetEpochIndex.
 */
export function drainPending(ctx: BlockContext, subnets: readonly number[], now: number): DrainedEmission[] {
  const s = ctx.state;
  const cap = maxEpochsPerBlock(ctx);
  let ran = 0;
  const drained: DrainedEmission[] = [];
  for (const netuid of subnets) {
    BlocksSinceLastStep.update(s, netuid, (v) => v + 1);
    if (!shouldRunEpoch(s, netuid, now)) continue;
    if (ran >= cap) {
      PendingEpochAt.set(s, netuid, now + 1);
      ctx.emit({
        pallet: "SubtensorModule",
        name: "EpochDeferred",
        data: { netuid, fromBlock: now, toBlock: now + 1 },
      });
      continue;
    }
    if (keysHaveUniqueHotkeys(s, netuid)) {
      BlocksSinceLastStep.set(s, netuid, 0);
      drained.push({
        netuid,
        server: PendingServerEmission.get(s, netuid),
        validator: PendingValidatorEmission.get(s, netuid),
        root: PendingRootAlphaDivs.get(s, netuid),
        ownerCut: PendingOwnerCut.get(s, netuid),
      });
      PendingServerEmission.set(s, netuid, 0n);
      PendingValidatorEmission.set(s, netuid, 0n);
      PendingRootAlphaDivs.set(s, netuid, 0n);
      PendingOwnerCut.set(s, netuid, 0n);
      ran++;
    } else {
      ctx.emit({ pallet: "SubtensorModule", name: "EpochSkipped", data: { netuid, block: now } });
    }
    LastEpochBlock.set(s, netuid, now);
    PendingEpochAt.set(s, netuid, 0);
    SubnetEpochIndex.update(s, netuid, (v) => v + 1);
  }
  return drained;
}
