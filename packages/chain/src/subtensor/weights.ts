/** Weights: set_weights, commit_weights, reveal_weights (stub). */
import type { CallDef } from "../types.js";

// biome-ignore lint/suspicious/noExplicitAny: each call has its own argument type
export const weightsCalls: Record<string, CallDef<any>> = {};
