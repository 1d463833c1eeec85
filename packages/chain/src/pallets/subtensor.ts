/**
 * SubtensorModule: subnets, neurons, weights, emission. Its calls are assembled from the area files;
 * its per-block hook is the reference's `block_step` (chain.md §3).
 */
import type { Pallet } from "../types.js";

export const subtensorPallet: Pallet = {
  name: "subtensor",
  calls: {},
};
