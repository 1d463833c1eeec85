/**
 * SubtensorModule: subnets, neurons, weights, emission. Its calls are assembled from the area files
 * under ../subtensor/; its per-block hook is the reference's `block_step` (chain.md §3), run in order.
 */
import { childrenBlockStep, childrenCalls } from "../subtensor/children.js";
import { coinbaseBlockStep } from "../subtensor/coinbase.js";
import { neuronsBlockStep, neuronsCalls } from "../subtensor/neurons.js";
import { rootClaimCalls, runAutoClaimRootDivs } from "../subtensor/root-claim.js";
import { stakingCalls } from "../subtensor/staking.js";
import { stakingLimitCalls } from "../subtensor/staking-limits.js";
import { subnetsCalls, subnetsGenesis } from "../subtensor/subnets.js";
import { takeCalls } from "../subtensor/take.js";
import { revealTimelockedCommits, timelockCalls, timelockGenesis } from "../subtensor/timelock.js";
import { weightsCalls } from "../subtensor/weights.js";
import type { Pallet } from "../types.js";

export const subtensorPallet: Pallet = {
  name: "subtensor",
  calls: {
    ...subnetsCalls,
    ...neuronsCalls,
    ...weightsCalls,
    ...timelockCalls,
    ...stakingCalls,
    ...stakingLimitCalls,
    ...takeCalls,
    ...childrenCalls,
    ...rootClaimCalls,
  },
  genesis(state, spec, config) {
    subnetsGenesis(state, spec, config);
    timelockGenesis(state, spec, config);
  },
  onInitialize(ctx) {
    // 2. registration prices: burn decay, per-block registration counters
    neuronsBlockStep(ctx);
    // 4. reveal the timelocked weight commits of subnets whose epoch runs in this block
    revealTimelockedCommits(ctx);
    // 3, 5-7. mint emission, run_coinbase (injection, alpha out, epochs, distribution),
    //      moving prices and root proportions
    coinbaseBlockStep(ctx);
    // 8. pending childkeys of the subnets whose epoch slot was used in this block
    childrenBlockStep(ctx);
    // 9. auto-claim root dividends of NumRootClaim coldkeys drawn from the parent block hash
    runAutoClaimRootDivs(ctx);
  },
};
