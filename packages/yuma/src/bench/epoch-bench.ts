/** Epoch benchmark cases (run by scripts/bench.js; not a test). */
import { runEpoch } from "../epoch.js";
import type { EpochInput } from "../types.js";
import { syntheticEpochInput } from "./synthetic.js";

export interface BenchCase {
  readonly name: string;
  readonly target?: string;
  readonly weights: number;
  readonly setup: () => EpochInput;
  readonly run: (input: EpochInput) => void;
}

const epochCase = (
  name: string,
  validators: number,
  miners: number,
  extra: { yuma3?: boolean; liquidAlpha?: boolean } = {},
  target?: string,
): BenchCase => ({
  name,
  ...(target ? { target } : {}),
  weights: validators * miners,
  setup: () => syntheticEpochInput({ validators, miners, ...extra }),
  run: (input) => {
    runEpoch(input);
  },
});

export const epochBenchCases: BenchCase[] = [
  epochCase("epoch 64 x 448 (512 uids), Yuma 3", 64, 448, {}, "<= 5 ms"),
  epochCase("epoch 64 x 448 (512 uids), Yuma 2", 64, 448, { yuma3: false }),
  epochCase("epoch 64 x 448 (512 uids), Yuma 3 + liquid alpha", 64, 448, { liquidAlpha: true }),
  epochCase("epoch 128 x 1920 (2048 uids), Yuma 3", 128, 1920),
  epochCase("epoch 256 x 3840 (4096 uids), Yuma 3", 256, 3840, {}, "<= 150 ms"),
  epochCase("epoch 256 x 3840 (4096 uids), Yuma 3 + liquid alpha", 256, 3840, { liquidAlpha: true }),
];
