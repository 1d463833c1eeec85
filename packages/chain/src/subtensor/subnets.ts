/** Subnets: register_network, start_call, identity, hyperparameters, the root network at genesis (stub). */

import type { State } from "../state/state.js";
import type { CallDef, ChainSpec, GenesisConfig } from "../types.js";

// biome-ignore lint/suspicious/noExplicitAny: each call has its own argument type
export const subnetsCalls: Record<string, CallDef<any>> = {};

export function subnetsGenesis(_state: State, _spec: ChainSpec, _config: GenesisConfig): void {}
