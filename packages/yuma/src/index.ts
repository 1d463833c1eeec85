export { liquidAlphaSigmoid, runEpoch, topkNonzero } from "./epoch.js";
export {
  EpochInputError,
  type EpochRequest,
  epochOutputToJson,
  mechanismsOutputToJson,
  parseEpochInput,
  parseEpochInputs,
  parseEpochRequest,
  parseEpochRequests,
  runEpochRequest,
} from "./io.js";
export {
  type MechanismInput,
  type MechanismsOutput,
  runEpochWithMechanisms,
  splitEmission,
} from "./mechanisms.js";
export * from "./simulate/index.js";
export { SparseBuilder, SparseMatrix } from "./sparse.js";
export type { EpochInput, EpochOutput, Fx, SparseRow, SparseRows } from "./types.js";
export { maxUpscaleU16 } from "./weights.js";
