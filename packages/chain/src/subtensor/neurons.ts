/** Neurons: burned_register, UID assignment and replacement, serve_axon / serve_prometheus (stub). */
import type { BlockContext, CallDef } from "../types.js";

// biome-ignore lint/suspicious/noExplicitAny: each call has its own argument type
export const neuronsCalls: Record<string, CallDef<any>> = {};

export function neuronsBlockStep(_ctx: BlockContext): void {}
