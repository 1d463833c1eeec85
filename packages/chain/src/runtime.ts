/**
 * The runtime: the pallets and their calls, by module name as transactions address them
 * (`{ module: "subtensor", method: "burned_register", args }`), and the per-block pipeline.
 */
import { balancesPallet } from "./pallets/balances.js";
import { consensusPallet } from "./pallets/consensus.js";
import { subtensorPallet } from "./pallets/subtensor.js";
import { adminUtilsPallet } from "./subtensor/admin.js";
import type { CallDef, Pallet } from "./types.js";

/** Pallets in genesis and hook order. */
export const pallets: readonly Pallet[] = [
  balancesPallet,
  subtensorPallet,
  adminUtilsPallet,
  consensusPallet,
];

const byModule = new Map<string, Pallet>(pallets.map((p) => [p.name, p]));

// biome-ignore lint/suspicious/noExplicitAny: arguments are validated by each call's schema
export function findCall(module: string, method: string): CallDef<any> | undefined {
  return byModule.get(module)?.calls[method];
}

export function listCalls(): string[] {
  return pallets.flatMap((p) => Object.keys(p.calls).map((m) => `${p.name}.${m}`));
}
