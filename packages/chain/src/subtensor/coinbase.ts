/** The per-block coinbase: emission, injection, alpha out, epochs and distribution (stub). */
import type { BlockContext } from "../types.js";

export function coinbaseBlockStep(_ctx: BlockContext): void {}
