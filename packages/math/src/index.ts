export * as fx from "./i32f32.js";
export { formatTao, parseTao, RAO_PER_TAO } from "./units.js";
export { bondsMovingAverageAlpha, fixedTimesRao, normalizeStakeToI32F32 } from "./wide.js";
