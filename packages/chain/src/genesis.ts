/**
 * Genesis: the first state from a genesis configuration, and the presets.
 * - `mainnet`: the reference's runtime defaults (12 s blocks, tempo 360, weights rate limit 100,
 *   commit-reveal on, immunity 5 000); balances and sudo come from the configuration.
 * - `dev`: fast blocks (1 s), tempo 10, no weights rate limit, immunity 10, commit-reveal off,
 *   32 epochs per block, TAO-side emission on for new subnets, no subnet-registration rate limit, a
 *   2-block admin freeze window, and the Substrate development accounts //Alice … //Ferdie funded with
 *   1 000 000 TAO each (//Alice is sudo).
 */
import { z } from "zod";
import { blake2b256, isAddress, keyPairFromUri } from "./crypto.js";
import { ChainError } from "./errors.js";
import { pallets } from "./runtime.js";
import { encode } from "./state/encode.js";
import { State } from "./state/state.js";
import { AdminFreezeWindow, NetworkRateLimit, SudoKey, TaoWeight } from "./storage.js";
import { NominatorMinRequiredStake } from "./subtensor/subnets/storage.js";
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
  subnetEmissionEnabledByDefault: false,
  adminFreezeWindow: 10,
  networkRateLimit: 7_200,
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
  subnetEmissionEnabledByDefault: true,
  adminFreezeWindow: 2,
  networkRateLimit: 0,
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

/** TaoWeight on mainnet since the dTAO launch (migrate_rao): 0.18 · u64::MAX. */
export const MAINNET_TAO_WEIGHT = 3_320_413_933_267_719_290n;

/** Builds block 0's state and the chain spec from a genesis configuration. */
export function createGenesis(config: GenesisConfig): { spec: ChainSpec; state: State } {
  const spec: ChainSpec = { name: config.name, genesisHash: genesisHash(config), params: config.params };
  const state = State.empty();
  SudoKey.set(state, config.sudo);
  AdminFreezeWindow.set(state, config.params.adminFreezeWindow);
  NetworkRateLimit.set(state, config.params.networkRateLimit);
  // mainnet's nominator minimum factor (migrate_set_nominator_min_stake: 10^7 per million ⇒ 0.02 TAO);
  // a fresh reference chain (and the dev preset) keeps the storage default 0
  if (!config.params.dev) NominatorMinRequiredStake.set(state, 10_000_000n);
  // mainnet's TaoWeight (migrate_rao: 0.18 of u64::MAX); a fresh reference chain keeps ≈ 0.0527
  if (!config.params.dev) TaoWeight.set(state, MAINNET_TAO_WEIGHT);
  for (const p of pallets) p.genesis?.(state, spec, config);
  return { spec, state };
}

const genesisFileSchema = z.object({
  name: z.string().min(1).optional(),
  preset: z.enum(["dev", "mainnet"]).default("mainnet"),
  balances: z
    .array(
      z.tuple([
        z.string().refine(isAddress, "expected an SS58 address (prefix 42)"),
        z
          .union([z.string().regex(/^\d+$/, "expected rao as decimal digits"), z.number().int().min(0)])
          .transform((v) => BigInt(v)),
      ]),
    )
    .default([]),
  sudo: z.string().refine(isAddress, "expected an SS58 address (prefix 42)").nullable().default(null),
  /** Overrides of the preset's parameters (e.g. {"initialTempo": 100}). */
  params: z
    .object({
      blockTimeMs: z.number().int().positive(),
      initialTempo: z.number().int().positive(),
      maxEpochsPerBlock: z.number().int().positive(),
      weightsSetRateLimit: z.number().int().min(0),
      immunityPeriod: z.number().int().min(0),
      commitRevealEnabled: z.boolean(),
      subnetEmissionEnabledByDefault: z.boolean(),
      adminFreezeWindow: z.number().int().min(0),
      networkRateLimit: z.number().int().min(0),
    })
    .partial()
    .default({}),
  extra: z.record(z.string(), z.unknown()).optional(),
});

/**
 * A genesis configuration from a JSON genesis file:
 * `{ "name", "preset": "dev" | "mainnet", "balances": [[address, rao], ...], "sudo", "params": {...} }`.
 * The dev preset's funded accounts are kept unless the file lists balances. Throws a `ChainError`
 * ("InvalidGenesis") naming the field.
 */
export function parseGenesisFile(json: unknown): GenesisConfig {
  const parsed = genesisFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ChainError(
      "InvalidGenesis",
      `${issue?.path.join(".") || "(genesis)"}: ${issue?.message ?? "invalid"}`,
      "System",
    );
  }
  const g = parsed.data;
  const base = g.preset === "dev" ? devGenesis() : mainnetGenesis({ balances: [], sudo: null });
  const overrides = Object.fromEntries(Object.entries(g.params).filter(([, v]) => v !== undefined));
  const params: ChainParams = { ...base.params, ...overrides };
  return {
    name: g.name ?? base.name,
    params,
    balances: g.balances.length > 0 ? g.balances : base.balances,
    sudo: g.sudo ?? base.sudo,
    ...(g.extra ? { extra: g.extra } : {}),
  };
}
