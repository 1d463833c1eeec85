/**
 * The per-block coinbase (chain.md §3 steps 3 and 5–7, §4, §5.5, §8.4):
 *
 * 3. the block emission E (halving schedule on TotalIssuance) is minted as a credit; BlockEmission caches E;
 * 5. run_coinbase: the emitting subnets share E by moving price weighted by (1 − MinerBurned); each gets
 *    TAO and alpha injected into its pool (alpha capped at root_proportion × alpha emission, the excess
 *    TAO chain-buys protocol alpha) and mints its alpha out into the pending buckets (owner cut, miners,
 *    validators, root); then every subnet whose epoch is due (at most MaxEpochsPerBlock) drains its
 *    buckets, runs Yuma and distributes;
 * 6. moving prices of the emitting subnets; 7. their RootProp.
 *
 * TAO: only the spent part of the credit is added to TotalIssuance (what is not spent is recycled, i.e.
 * never minted), so TotalIssuance = Σ free balances + Σ SubnetTAO holds across blocks.
 * Step 4 (revealing timelocked weight commits) belongs to the weights area.
 */
import { BlockEmission, LastMechansimStepBlock, TotalIssuance } from "../storage.js";
import type { BlockContext } from "../types.js";
import { type DistributionSummary, distributeEmission } from "./coinbase/distribute.js";
import { blockEmissionForIssuance, mintableEmission } from "./coinbase/emission.js";
import { type Credit, emitToSubnets } from "./coinbase/inject.js";
import { drainPending } from "./coinbase/schedule.js";
import {
  allSubnets,
  rootSellFlag,
  subnetBlockEmissions,
  subnetsToEmitTo,
  updateMovingPrices,
  updateRootProps,
} from "./coinbase/shares.js";
import { updateFlowEmas } from "./coinbase/taoflow.js";

export { distributeEmission, setDividendDistribution } from "./coinbase/distribute.js";
export { blockEmissionForIssuance, mintableEmission, TOTAL_SUPPLY } from "./coinbase/emission.js";
export {
  blocksUntilNextAutoEpoch,
  drainPending,
  epochsDeferredThisBlock,
  MAX_TEMPO,
  nextEpochStartBlock,
  shouldRunEpoch,
} from "./coinbase/schedule.js";
export { RootClaimable } from "./coinbase/storage.js";

/** What `runCoinbase` did, for tests and benchmarks. */
export interface CoinbaseResult {
  /** TAO minted and spent on subnets (added to TotalIssuance). */
  readonly spent: bigint;
  readonly emitting: readonly number[];
  readonly epochs: readonly DistributionSummary[];
}

/**
 * `run_coinbase` with a credit of `blockEmission` TAO: emission to the emitting subnets, then the due
 * epochs. Returns how much of the credit was spent (the rest is recycled: it never enters TotalIssuance).
 */
export function runCoinbase(ctx: BlockContext, blockEmission: bigint): CoinbaseResult {
  const s = ctx.state;
  const now = ctx.header.number;
  const subnets = allSubnets(s).filter((netuid) => netuid !== 0);
  const emitting = subnetsToEmitTo(s, subnets);
  const emissions = subnetBlockEmissions(s, emitting, blockEmission);
  const rootSell = rootSellFlag(s, emitting);
  const credit: Credit = { remaining: blockEmission };
  emitToSubnets(s, emitting, emissions, credit, rootSell);

  const epochs: DistributionSummary[] = [];
  for (const d of drainPending(ctx, subnets, now)) {
    epochs.push(distributeEmission(ctx, d.netuid, d.server, d.validator, d.root, d.ownerCut));
    LastMechansimStepBlock.set(s, d.netuid, now);
  }
  return { spent: blockEmission - credit.remaining, emitting, epochs };
}

/** The coinbase part of the block step (see the module comment). */
export function coinbaseBlockStep(ctx: BlockContext): void {
  const s = ctx.state;
  const emission = blockEmissionForIssuance(TotalIssuance.get(s));
  if (BlockEmission.get(s) !== emission) BlockEmission.set(s, emission);
  updateFlowEmas(s, subnetsToEmitTo(s, allSubnets(s)), ctx.header.number); // TaoFlow EMAs, before the shares
  runCoinbase(ctx, mintableEmission(TotalIssuance.get(s)));
  const emitting = subnetsToEmitTo(s, allSubnets(s));
  updateMovingPrices(s, emitting, ctx.header.number);
  updateRootProps(s, emitting);
}
