/**
 * Genesis: the first state from a genesis configuration, and the presets.
 * - `mainnet`: the reference's runtime defaults (12 s blocks, tempo 360, weights rate limit 100,
 *   commit-reveal on, immunity 5 000); balances and sudo come from the configuration.
 * - `dev`: fast blocks (1 s), tempo 10, no weights rate limit, immunity 10, commit-reveal off,
 *   32 epochs per block, and the Substrate development accounts //Alice … //Ferdie funded with
 *   1 000 000 TAO each (//Alice is sudo).
 */
import { blake2b256, keyPairFromUri } from "./crypto.js";
import { pallets } from "./runtime.js";
import { encode } from "./state/encode.js";
import { State } from "./state/state.js";
import { SudoKey } from "./storage.js";
import type { ChainParams, ChainSpec, GenesisConfig } from "./types.js";

export const mainnetParams: ChainParams = {
  blockTimeMs: 12_000,
  existentialDeposit: 500n,
  feePerWeightPer10M: 5_000n,
  feePerByte: 1n,
  initialTempo: 360,
  maxEpochsPerBlock: 2,
  weightsSetRateLimit: 100,
  immunityPeriod: 5_000,
  commitRevealEnabled: true,
  dev: false,
};

export const devParams: ChainParams = {
  ...mainnetParams,
  blockTimeMs: 1_000,
  initialTempo: 10,
  maxEpochsPerBlock: 32,
  weightsSetRateLimit: 0,
  immunityPeriod: 10,
  commitRevealEnabled: false,
  dev: true,
};

export const DEV_ACCOUNTS = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"] as const;

/** The development genesis (requires `cryptoReady()` for key derivation). */
export function devGenesis(extra?: GenesisConfig["extra"]): GenesisConfig {
  const funded = DEV_ACCOUNTS.map(
    (n) => [keyPairFromUri(`//${n}`).address, 1_000_000n * 1_000_000_000n] as const,
  );
  return {
    name: "taonet-dev",
    params: devParams,
    balances: funded,
    sudo: keyPairFromUri("//Alice").address,
    ...(extra ? { extra } : {}),
  };
}

export function mainnetGenesis(
  config: Omit<GenesisConfig, "params" | "name"> & { name?: string },
): GenesisConfig {
  return {
    name: config.name ?? "taonet",
    params: mainnetParams,
    balances: config.balances,
    sudo: config.sudo,
    ...(config.extra ? { extra: config.extra } : {}),
  };
}

export function genesisHash(config: GenesisConfig): string {
  return `0x${Buffer.from(blake2b256(encode(config))).toString("hex")}`;
}

/** Builds block 0's state and the chain spec from a genesis configuration. */
export function createGenesis(config: GenesisConfig): { spec: ChainSpec; state: State } {
  const spec: ChainSpec = { name: config.name, genesisHash: genesisHash(config), params: config.params };
  const state = State.empty();
  SudoKey.set(state, config.sudo);
  for (const p of pallets) p.genesis?.(state, spec, config);
  return { spec, state };
}
