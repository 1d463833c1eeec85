/**
 * Subnets (chain.md §8, §11, §12): the root network at genesis, register_network(_with_identity),
 * start_call, identity and symbol, tempo / trigger_epoch / activity-cutoff factor, and the root-only
 * dissolve_network / root_dissolve_network. The lifecycle itself is in ./subnets/lifecycle.ts, owner
 * actions in ./subnets/owner.ts, the hyperparameter setters in ./admin.ts (AdminUtils).
 *
 * Genesis: besides root (netuid 0: mechanism 0, MaxAllowedUids 64, MaxAllowedValidators 64, tempo 100,
 * MinAllowedWeights 0, TargetRegistrationsPerInterval 1, symbol "Τ"), `config.extra.subnets` may list
 * subnets to create, in netuid order 1, 2, …:
 *
 *   { "owner": ss58 coldkey, "hotkey": ss58 owner hotkey,
 *     "lock": rao (decimal string or number; default NetworkMinLockCost) — minted into the pool,
 *     "identity": { "subnet_name", "github_repo", … } (optional),
 *     "started": true to run start_call at genesis (optional, default false) }
 *
 * Dev chains: new subnets get SubnetEmissionEnabled = `spec.params.subnetEmissionEnabledByDefault`
 * (false when absent, as the reference: root enables TAO-side emission).
 */
import { z } from "zod";
import { ChainError } from "../errors.js";
import type { State } from "../state/state.js";
import * as st from "../storage.js";
import type { CallDef, ChainEvent, ChainSpec, GenesisConfig } from "../types.js";
import {
  createSubnet,
  dissolveNetwork,
  medianSubnetAlphaPrice,
  registerNetwork,
} from "./subnets/lifecycle.js";
import {
  doSetActivityCutoffFactor,
  doSetSubnetIdentity,
  doSetTempo,
  doStartCall,
  doTriggerEpoch,
  doUpdateSymbol,
} from "./subnets/owner.js";
import { DEFAULT_SYMBOL } from "./subnets/symbols.js";

export {
  appendNeuronForOwner,
  blockEmissionForIssuance,
  clearSubnetStorage,
  createSubnet,
  dissolveNetwork,
  getNetworkLockCost,
  getNetworkToPrune,
  initNewNetwork,
  isValidSubnetIdentity,
  lockReductionInterval,
  medianSubnetAlphaPrice,
  nextAvailableSymbol,
  registerNetwork,
  subnetNetuids,
} from "./subnets/lifecycle.js";

import { address, netuid, signer } from "../args.js";

export { DEFAULT_SYMBOL, NAMES, SYMBOLS } from "./subnets/symbols.js";

const u16 = z.number().int().min(0).max(65_535);
const rao = z
  .union([z.bigint(), z.string().regex(/^\d+$/, "expected rao as decimal digits"), z.number().int().min(0)])
  .transform((v) => BigInt(v));

const identityFields = z.object({
  subnet_name: z.string().default(""),
  github_repo: z.string().default(""),
  subnet_contact: z.string().default(""),
  subnet_url: z.string().default(""),
  discord: z.string().default(""),
  description: z.string().default(""),
  logo_url: z.string().default(""),
  additional: z.string().default(""),
});

const toIdentity = (i: z.output<typeof identityFields>): st.SubnetIdentity => ({
  subnetName: i.subnet_name,
  githubRepo: i.github_repo,
  subnetContact: i.subnet_contact,
  subnetUrl: i.subnet_url,
  discord: i.discord,
  description: i.description,
  logoUrl: i.logo_url,
  additional: i.additional,
});

/** A subnet identity as calls and genesis give it (the reference's SubnetIdentityV3 field names). */
export const identitySchema = identityFields.transform(toIdentity);

type Args<T extends z.ZodType> = z.output<T>;

const registerArgs = z.object({ hotkey: address });
const registerWithIdentityArgs = z.object({ hotkey: address, identity: identitySchema.nullish() });
const netuidArgs = z.object({ netuid });
const identityArgs = identityFields
  .extend({ netuid })
  .transform((a) => ({ netuid: a.netuid, identity: toIdentity(a) }));
const symbolArgs = z.object({ netuid, symbol: z.string().min(1) });
const tempoArgs = z.object({ netuid, tempo: u16 });
const factorArgs = z.object({ netuid, factor_milli: z.number().int().min(0).max(4_294_967_295) });
const dissolveArgs = z.object({ coldkey: address, netuid });

// biome-ignore lint/suspicious/noExplicitAny: each call has its own argument type
export const subnetsCalls: Record<string, CallDef<any>> = {
  register_network: {
    args: registerArgs,
    origin: "signed",
    pays: true,
    weight: 1_000_000_000n,
    apply: (ctx, a: Args<typeof registerArgs>) => {
      registerNetwork(ctx, ctx.header.number, signer(ctx), a.hotkey, null);
    },
  },
  register_network_with_identity: {
    args: registerWithIdentityArgs,
    origin: "signed",
    pays: true,
    weight: 1_000_000_000n,
    apply: (ctx, a: Args<typeof registerWithIdentityArgs>) => {
      registerNetwork(ctx, ctx.header.number, signer(ctx), a.hotkey, a.identity ?? null);
    },
  },
  start_call: {
    args: netuidArgs,
    origin: "signed",
    pays: true,
    weight: 50_000_000n,
    apply: (ctx, a: Args<typeof netuidArgs>) => doStartCall(ctx, a.netuid),
  },
  set_subnet_identity: {
    args: identityArgs,
    origin: "signed",
    pays: true,
    weight: 50_000_000n,
    apply: (ctx, a: Args<typeof identityArgs>) => doSetSubnetIdentity(ctx, a.netuid, a.identity),
  },
  update_symbol: {
    args: symbolArgs,
    origin: "either",
    pays: true,
    weight: 50_000_000n,
    apply: (ctx, a: Args<typeof symbolArgs>) => doUpdateSymbol(ctx, a.netuid, a.symbol),
  },
  set_tempo: {
    args: tempoArgs,
    origin: "signed",
    pays: true,
    weight: 50_000_000n,
    apply: (ctx, a: Args<typeof tempoArgs>) => doSetTempo(ctx, a.netuid, a.tempo),
  },
  set_activity_cutoff_factor: {
    args: factorArgs,
    origin: "either",
    pays: true,
    weight: 50_000_000n,
    apply: (ctx, a: Args<typeof factorArgs>) => doSetActivityCutoffFactor(ctx, a.netuid, a.factor_milli),
  },
  trigger_epoch: {
    args: netuidArgs,
    origin: "signed",
    pays: true,
    weight: 50_000_000n,
    apply: (ctx, a: Args<typeof netuidArgs>) => doTriggerEpoch(ctx, a.netuid),
  },
  /** Root-only; the coldkey argument is ignored, as in the reference. */
  dissolve_network: {
    args: dissolveArgs,
    origin: "root",
    pays: false,
    weight: 1_000_000_000n,
    apply: (ctx, a: Args<typeof dissolveArgs>) => dissolveNetwork(ctx, a.netuid),
  },
  root_dissolve_network: {
    args: netuidArgs,
    origin: "root",
    pays: false,
    weight: 1_000_000_000n,
    apply: (ctx, a: Args<typeof netuidArgs>) => dissolveNetwork(ctx, a.netuid),
  },
};

// ---------------------------------------------------------------------------------------------
// Genesis

const genesisSubnetSchema = z.object({
  owner: address,
  hotkey: address,
  lock: rao.optional(),
  identity: identitySchema.optional(),
  started: z.boolean().default(false),
});

/** Root (netuid 0) as the reference's genesis writes it. */
function createRootNetwork(s: State): void {
  st.NetworksAdded.set(s, 0, true);
  st.TotalNetworks.update(s, (n) => n + 1);
  st.SubnetworkN.set(s, 0, 0);
  st.SubnetMechanism.set(s, 0, 0);
  st.MaxAllowedUids.set(s, 0, 64);
  st.MaxAllowedValidators.set(s, 0, 64);
  st.MinAllowedWeights.set(s, 0, 0);
  st.Tempo.set(s, 0, 100);
  st.NetworkRegistrationAllowed.set(s, 0, true);
  st.TargetRegistrationsPerInterval.set(s, 0, 1);
  st.TokenSymbol.set(s, 0, DEFAULT_SYMBOL);
}

export function subnetsGenesis(state: State, spec: ChainSpec, config: GenesisConfig): void {
  createRootNetwork(state);
  const parsed = z.array(genesisSubnetSchema).optional().safeParse(config.extra?.subnets);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ChainError(
      "InvalidGenesis",
      `extra.subnets.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`,
      "System",
    );
  }
  const events: ChainEvent[] = [];
  const env = { state, spec, emit: (e: ChainEvent) => events.push(e) };
  (parsed.data ?? []).forEach((g, i) => {
    const netuid = i + 1;
    createSubnet(env, {
      netuid,
      coldkey: g.owner,
      hotkey: g.hotkey,
      identity: g.identity ?? null,
      medianPrice: medianSubnetAlphaPrice(state),
      lock: { kind: "mint", amount: g.lock ?? st.NetworkMinLockCost.get(state) },
      now: 0,
    });
    if (g.started) {
      st.FirstEmissionBlockNumber.set(state, netuid, 1);
      st.SubtokenEnabled.set(state, netuid, true);
    }
  });
}
