export { runEpoch, topkNonzero, liquidAlphaSigmoid } from "./epoch.js";
export { EpochInputError, epochOutputToJson, parseEpochInput, parseEpochInputs } from "./io.js";
export { SparseBuilder, SparseMatrix } from "./sparse.js";
export type { EpochInput, EpochOutput, Fx, SparseRow, SparseRows } from "./types.js";
