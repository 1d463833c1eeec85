import type { z } from "zod";
import type { AccountId } from "./crypto.js";
import type { State } from "./state/state.js";

/** Chain-wide constants fixed at genesis (the reference's runtime constants, per preset). */
export interface ChainParams {
  /** Milliseconds between blocks (12 000 on mainnet). */
  readonly blockTimeMs: number;
  /** Existential deposit in rao (500). */
  readonly existentialDeposit: bigint;
  /** Fee per unit of call weight, as a fraction numerator / 10^7 (0.0005 rao per unit = 5000). */
  readonly feePerWeightPer10M: bigint;
  /** Fee per byte of the encoded transaction, in rao (1). */
  readonly feePerByte: bigint;
  /** Tempo given to new subnets (360; dev: 10). */
  readonly initialTempo: number;
  /** Subnet epochs run at most per block (2; dev: 32). */
  readonly maxEpochsPerBlock: number;
  /** WeightsSetRateLimit given to new subnets (100; dev: 0 = none). */
  readonly weightsSetRateLimit: number;
  /** ImmunityPeriod given to new subnets (5 000; dev: 10). */
  readonly immunityPeriod: number;
  /** CommitRevealWeightsEnabled given to new subnets (true; dev: false, so set_weights works at once). */
  readonly commitRevealEnabled: boolean;
  /** SubnetEmissionEnabled for new subnets: false in the reference (root enables TAO-side emission); dev: true. */
  readonly subnetEmissionEnabledByDefault: boolean;
  /** AdminFreezeWindow at genesis (10; dev: 2, so owners can change hyperparameters with tempo 10). */
  readonly adminFreezeWindow: number;
  /** NetworkRateLimit at genesis (7 200 blocks between subnet registrations; dev: 0). */
  readonly networkRateLimit: number;
  /** Whether this is a development chain (dev-only shortcuts are allowed). */
  readonly dev: boolean;
}

export interface ChainSpec {
  readonly name: string;
  /** Hex hash of the genesis configuration: part of every signing payload (replay protection across chains). */
  readonly genesisHash: string;
  readonly params: ChainParams;
}

export interface BlockHeader {
  readonly number: number;
  readonly parentHash: string;
  /** The block author: receives transaction fees. */
  readonly author: AccountId;
  /** Milliseconds since the Unix epoch, from the engine (never read from a clock inside the chain). */
  readonly timestamp: number;
}

export type Origin = { readonly kind: "signed"; readonly who: AccountId } | { readonly kind: "root" };

/** An event: what changed, for explorers and indexers. `name` follows the reference's event names. */
export interface ChainEvent {
  readonly pallet: string;
  readonly name: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** What a call handler sees. */
export interface CallContext {
  readonly state: State;
  readonly spec: ChainSpec;
  readonly header: BlockHeader;
  readonly origin: Origin;
  emit(event: ChainEvent): void;
}

/** What a per-block hook sees. */
export interface BlockContext {
  readonly state: State;
  readonly spec: ChainSpec;
  readonly header: BlockHeader;
  emit(event: ChainEvent): void;
}

export interface CallDef<A> {
  /** Validates and types the arguments (bad input gets a clear error and changes nothing). */
  readonly args: z.ZodType<A>;
  /** Who may call: a signed account, root (through sudo), or either. */
  readonly origin: "signed" | "root" | "either";
  /** Whether the call pays a fee (the reference's Pays::Yes). */
  readonly pays: boolean;
  /** Reference time units for the weight fee. */
  readonly weight: bigint;
  apply(ctx: CallContext, args: A): void;
}

/** A module of the runtime: its calls, and optionally genesis and per-block hooks. */
export interface Pallet {
  readonly name: string;
  // biome-ignore lint/suspicious/noExplicitAny: each call has its own argument type
  readonly calls: Readonly<Record<string, CallDef<any>>>;
  genesis?(state: State, spec: ChainSpec, config: GenesisConfig): void;
  onInitialize?(ctx: BlockContext): void;
}

export interface GenesisConfig {
  readonly name: string;
  readonly params: ChainParams;
  /** Free balances at genesis (rao). */
  readonly balances: ReadonlyArray<readonly [AccountId, bigint]>;
  /** The sudo (root) key. */
  readonly sudo: AccountId | null;
  /** Extra genesis data for pallets (subnets to create, ...). */
  readonly extra?: Readonly<Record<string, unknown>>;
}
