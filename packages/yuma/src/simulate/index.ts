/** The multi-epoch Yuma simulator: scenarios, the runner over the exact epoch, CSV and SVG output. */
export { builtinScenarios, caseNumber, findBuiltinScenario } from "./builtin.js";
export { csvField, formatNumber, simulationToCsv } from "./csv.js";
export {
  alphaToRao,
  bondTable,
  CHAIN_DEFAULTS,
  type EpochRecord,
  fractionToU16,
  type MinerSummary,
  type ResolvedHyperparameters,
  resolveHyperparameters,
  runScenario,
  type SimulationOptions,
  type SimulationParticipant,
  type SimulationResult,
  type SimulationSummary,
  summarize,
  type ValidatorSummary,
  weightRowToU16,
} from "./run.js";
export {
  checkScenario,
  type MinerRef,
  minerIndex,
  parseScenario,
  parseScenarios,
  type Scenario,
  ScenarioError,
  type ScenarioEvent,
  type ScenarioHyperparameters,
  type ScenarioPhase,
  type ScenarioValidator,
  SIMULATION_MODES,
  type SimulationMode,
  scenarioId,
  slugify,
} from "./scenario.js";
export { escapeXml, type SvgOptions, seriesColor, simulationToSvg } from "./svg.js";
export { Mt19937, TorchGenerator, torchNormal } from "./torch-rng.js";
