/**
 * AdminUtils: ports of the reference's admin-utils tests (freeze window, owner rate limits per parameter,
 * start-call delay, setter permissions and bounds) on TestChain. Calls go through `adminCall`, which uses
 * real transactions once the pallet is in the runtime (see subnets/testkit.ts).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { cryptoReady } from "../crypto.js";
import type { State } from "../state/state.js";
import * as st from "../storage.js";
import { TestChain } from "../testing/chain.js";
import { adminUtilsPallet } from "./admin.js";
import * as own from "./subnets/storage.js";
import { adminCall, expectAdminError, expectAdminOk, registerSubnet } from "./subnets/testkit.js";

/** A subnet of //Alice with the freeze window off (as the reference's tests do for small tempos). */
async function ownedSubnet(tempo = 1_000) {
  const c = await TestChain.create();
  const netuid = registerSubnet(c, "//Alice", "//Alice/sn");
  expectAdminOk(adminCall(c, "root", "sudo_set_admin_freeze_window", { window: 0 }));
  expectAdminOk(adminCall(c, "root", "sudo_set_tempo", { netuid, tempo }));
  return { c, netuid };
}

describe("adminUtils: freeze window and owner rate limits", () => {
  before(cryptoReady);

  it("test_sudo_set_admin_freeze_window_and_rate: root-only knobs", async () => {
    const c = await TestChain.create();
    expectAdminError(adminCall(c, "//Bob", "sudo_set_admin_freeze_window", { window: 7 }), "BadOrigin");
    const o = expectAdminOk(adminCall(c, "root", "sudo_set_admin_freeze_window", { window: 7 }));
    assert.equal(st.AdminFreezeWindow.get(c.state), 7);
    assert.deepEqual(
      o.events.filter((e) => e.name === "AdminFreezeWindowSet").map((e) => e.data),
      [{ value: 7 }],
    );
    expectAdminError(adminCall(c, "//Bob", "sudo_set_owner_hparam_rate_limit", { epochs: 5 }), "BadOrigin");
    expectAdminOk(adminCall(c, "root", "sudo_set_owner_hparam_rate_limit", { epochs: 5 }));
    assert.equal(st.OwnerHyperparamRateLimit.get(c.state), 5);
  });

  it("test_freeze_window_blocks_root_and_owner", async () => {
    const c = await TestChain.create();
    const netuid = registerSubnet(c, "//Alice", "//Alice/sn");
    expectAdminOk(adminCall(c, "root", "sudo_set_admin_freeze_window", { window: 3 }));
    expectAdminOk(adminCall(c, "root", "sudo_set_tempo", { netuid, tempo: 10 }));
    // the next automatic epoch is 2 blocks after the call's block: inside the 3-block window
    const pin = () => st.LastEpochBlock.set(c.state, netuid, c.number + 1 + 2 - 10);
    pin();
    expectAdminError(
      adminCall(c, "root", "sudo_set_min_burn", { netuid, min_burn: 123 }),
      "AdminActionProhibitedDuringWeightsWindow",
    );
    pin();
    expectAdminError(
      adminCall(c, "//Alice", "sudo_set_commit_reveal_weights_interval", { netuid, interval: 77 }),
      "AdminActionProhibitedDuringWeightsWindow",
    );
    // 3 blocks ahead: open
    st.LastEpochBlock.set(c.state, netuid, c.number + 1 + 3 - 10);
    expectAdminOk(
      adminCall(c, "//Alice", "sudo_set_commit_reveal_weights_interval", { netuid, interval: 77 }),
    );
    assert.equal(st.RevealPeriodEpochs.get(c.state, netuid), 77);
  });

  it("a pending triggered epoch freezes the subnet for its whole countdown", async () => {
    const { c, netuid } = await ownedSubnet();
    st.PendingEpochAt.set(c.state, netuid, c.number + 50);
    expectAdminError(
      adminCall(c, "//Alice", "sudo_set_rho", { netuid, rho: 5 }),
      "AdminActionProhibitedDuringWeightsWindow",
    );
  });

  it("with tempo 10 and the reference's 10-block window, owners are frozen between epochs", async () => {
    const c = await TestChain.create();
    const netuid = registerSubnet(c, "//Alice", "//Alice/sn");
    expectAdminOk(adminCall(c, "root", "sudo_set_admin_freeze_window", { window: 10 }));
    st.LastEpochBlock.set(c.state, netuid, c.number);
    expectAdminError(
      adminCall(c, "//Alice", "sudo_set_rho", { netuid, rho: 5 }),
      "AdminActionProhibitedDuringWeightsWindow",
    );
  });

  it("test_owner_hyperparam_update_rate_limit_enforced (tempo 1: 2 blocks between changes)", async () => {
    const { c, netuid } = await ownedSubnet(1);
    expectAdminOk(
      adminCall(c, "//Alice", "sudo_set_commit_reveal_weights_interval", { netuid, interval: 11 }),
    );
    expectAdminError(
      adminCall(c, "//Alice", "sudo_set_commit_reveal_weights_interval", { netuid, interval: 12 }),
      "TxRateLimitExceeded",
    );
    expectAdminOk(
      adminCall(c, "//Alice", "sudo_set_commit_reveal_weights_interval", { netuid, interval: 14 }),
    );
    assert.equal(st.RevealPeriodEpochs.get(c.state, netuid), 14);
    // root is not rate-limited
    expectAdminOk(adminCall(c, "root", "sudo_set_commit_reveal_weights_interval", { netuid, interval: 15 }));
    expectAdminOk(adminCall(c, "root", "sudo_set_commit_reveal_weights_interval", { netuid, interval: 16 }));
  });

  it("test_owner_hyperparam_rate_limit_independent_per_param", async () => {
    const { c, netuid } = await ownedSubnet(2);
    // limit = 2 tempos = 4 blocks; each call is one block
    expectAdminOk(
      adminCall(c, "//Alice", "sudo_set_commit_reveal_weights_interval", { netuid, interval: 10 }),
    );
    expectAdminError(
      adminCall(c, "//Alice", "sudo_set_commit_reveal_weights_interval", { netuid, interval: 11 }),
      "TxRateLimitExceeded",
    );
    expectAdminOk(adminCall(c, "//Alice", "sudo_set_rho", { netuid, rho: 5 }));
    expectAdminError(
      adminCall(c, "//Alice", "sudo_set_commit_reveal_weights_interval", { netuid, interval: 12 }),
      "TxRateLimitExceeded",
    );
    expectAdminError(adminCall(c, "//Alice", "sudo_set_rho", { netuid, rho: 6 }), "TxRateLimitExceeded");
    c.advance(3);
    expectAdminOk(
      adminCall(c, "//Alice", "sudo_set_commit_reveal_weights_interval", { netuid, interval: 13 }),
    );
    expectAdminOk(adminCall(c, "//Alice", "sudo_set_rho", { netuid, rho: 7 }));
    assert.equal(st.Rho.get(c.state, netuid), 7);
  });

  it("the weights version key: owner once per 5 tempos", async () => {
    const { c, netuid } = await ownedSubnet(2);
    expectAdminOk(
      adminCall(c, "//Alice", "sudo_set_weights_version_key", { netuid, weights_version_key: 1 }),
    );
    c.advance(8);
    expectAdminError(
      adminCall(c, "//Alice", "sudo_set_weights_version_key", { netuid, weights_version_key: 2 }),
      "TxRateLimitExceeded",
    );
    expectAdminOk(
      adminCall(c, "//Alice", "sudo_set_weights_version_key", { netuid, weights_version_key: 3 }),
    );
    assert.equal(st.WeightsVersionKey.get(c.state, netuid), 3n);
  });

  it("the owner hotkey: once per 50 400 blocks per subnet, for root too", async () => {
    const { c, netuid } = await ownedSubnet();
    const o = expectAdminOk(
      adminCall(c, "//Alice", "sudo_set_sn_owner_hotkey", { netuid, hotkey: c.addr("//Alice/new") }),
    );
    assert.equal(st.SubnetOwnerHotkey.get(c.state, netuid), c.addr("//Alice/new"));
    assert.equal(
      o.events.some((e) => e.name === "SubnetOwnerHotkeySet"),
      true,
    );
    expectAdminError(
      adminCall(c, "root", "sudo_set_sn_owner_hotkey", { netuid, hotkey: c.addr("//Alice/other") }),
      "TxRateLimitExceeded",
    );
    expectAdminError(
      adminCall(c, "//Bob", "sudo_set_sn_owner_hotkey", { netuid, hotkey: c.addr("//Bob") }),
      "BadOrigin",
    );
  });

  it("test_sudo_set_start_call_delay_permissions_and_zero_delay", async () => {
    const c = await TestChain.create();
    assert.equal(st.StartCallDelay.get(c.state), 0);
    expectAdminError(adminCall(c, "//Bob", "sudo_set_start_call_delay", { delay: 0 }), "BadOrigin");
    const netuid = registerSubnet(c, "//Alice", "//Alice/sn");
    c.expectOk(c.block(c.tx("//Alice", "subtensor", "start_call", { netuid })));
    assert.equal(st.FirstEmissionBlockNumber.get(c.state, netuid), c.number + 1);
    const o = expectAdminOk(adminCall(c, "root", "sudo_set_start_call_delay", { delay: 0 }));
    assert.deepEqual(o.events.find((e) => e.name === "StartCallDelaySet")?.data, { value: 0 });
    c.expectError(
      c.block(c.tx("//Alice", "subtensor", "start_call", { netuid })),
      "FirstEmissionBlockNumberAlreadySet",
    );
  });
});

type Read = (s: State, netuid: number) => unknown;

/** [call, value argument, value, who, read-back]: each setter's permissions and effect. */
const SETTERS: ReadonlyArray<readonly [string, string, unknown, "owner" | "root", Read, unknown?]> = [
  ["sudo_set_serving_rate_limit", "serving_rate_limit", 77, "owner", (s, n) => st.ServingRateLimit.get(s, n)],
  ["sudo_set_min_difficulty", "min_difficulty", 11, "root", (s, n) => own.MinDifficulty.get(s, n), 11n],
  ["sudo_set_max_difficulty", "max_difficulty", 12, "owner", (s, n) => own.MaxDifficulty.get(s, n), 12n],
  ["sudo_set_difficulty", "difficulty", 13, "root", (s, n) => own.Difficulty.get(s, n), 13n],
  [
    "sudo_set_weights_version_key",
    "weights_version_key",
    9,
    "owner",
    (s, n) => st.WeightsVersionKey.get(s, n),
    9n,
  ],
  [
    "sudo_set_weights_set_rate_limit",
    "weights_set_rate_limit",
    3,
    "root",
    (s, n) => st.WeightsSetRateLimit.get(s, n),
  ],
  [
    "sudo_set_adjustment_interval",
    "adjustment_interval",
    17,
    "root",
    (s, n) => own.AdjustmentInterval.get(s, n),
  ],
  [
    "sudo_set_adjustment_alpha",
    "adjustment_alpha",
    "18",
    "owner",
    (s, n) => own.AdjustmentAlpha.get(s, n),
    18n,
  ],
  ["sudo_set_immunity_period", "immunity_period", 19, "owner", (s, n) => st.ImmunityPeriod.get(s, n)],
  [
    "sudo_set_min_allowed_weights",
    "min_allowed_weights",
    20,
    "owner",
    (s, n) => st.MinAllowedWeights.get(s, n),
  ],
  ["sudo_set_max_allowed_uids", "max_allowed_uids", 200, "owner", (s, n) => st.MaxAllowedUids.get(s, n)],
  ["sudo_set_kappa", "kappa", 21, "root", (s, n) => st.Kappa.get(s, n)],
  ["sudo_set_rho", "rho", 22, "owner", (s, n) => st.Rho.get(s, n)],
  ["sudo_set_activity_cutoff", "activity_cutoff", 400, "owner", (s, n) => st.ActivityCutoff.get(s, n)],
  [
    "sudo_set_network_registration_allowed",
    "registration_allowed",
    false,
    "root",
    (s, n) => st.NetworkRegistrationAllowed.get(s, n),
  ],
  [
    "sudo_set_target_registrations_per_interval",
    "target_registrations_per_interval",
    23,
    "root",
    (s, n) => st.TargetRegistrationsPerInterval.get(s, n),
  ],
  ["sudo_set_min_burn", "min_burn", 600_000, "owner", (s, n) => st.MinBurn.get(s, n), 600_000n],
  [
    "sudo_set_max_burn",
    "max_burn",
    "200000000000",
    "owner",
    (s, n) => st.MaxBurn.get(s, n),
    200_000_000_000n,
  ],
  ["sudo_set_burn_half_life", "burn_half_life", 720, "owner", (s, n) => st.BurnHalfLife.get(s, n)],
  [
    "sudo_set_burn_increase_mult",
    "burn_increase_mult",
    (2n << 64n).toString(),
    "owner",
    (s, n) => st.BurnIncreaseMult.get(s, n),
    2n << 64n,
  ],
  [
    "sudo_set_max_allowed_validators",
    "max_allowed_validators",
    24,
    "root",
    (s, n) => st.MaxAllowedValidators.get(s, n),
  ],
  [
    "sudo_set_bonds_moving_average",
    "bonds_moving_average",
    975_000,
    "owner",
    (s, n) => st.BondsMovingAverage.get(s, n),
  ],
  ["sudo_set_bonds_penalty", "bonds_penalty", 25, "owner", (s, n) => st.BondsPenalty.get(s, n)],
  ["sudo_set_bonds_reset_enabled", "enabled", true, "owner", (s, n) => st.BondsResetOn.get(s, n)],
  [
    "sudo_set_max_registrations_per_block",
    "max_registrations_per_block",
    26,
    "root",
    (s, n) => st.MaxRegistrationsPerBlock.get(s, n),
  ],
  [
    "sudo_set_commit_reveal_weights_enabled",
    "enabled",
    true,
    "owner",
    (s, n) => st.CommitRevealWeightsEnabled.get(s, n),
  ],
  [
    "sudo_set_commit_reveal_weights_interval",
    "interval",
    27,
    "owner",
    (s, n) => st.RevealPeriodEpochs.get(s, n),
  ],
  ["sudo_set_liquid_alpha_enabled", "enabled", true, "owner", (s, n) => st.LiquidAlphaOn.get(s, n)],
  [
    "sudo_set_alpha_sigmoid_steepness",
    "steepness",
    28,
    "owner",
    (s, n) => st.AlphaSigmoidSteepness.get(s, n),
  ],
  ["sudo_set_yuma3_enabled", "enabled", false, "owner", (s, n) => st.Yuma3On.get(s, n)],
  ["sudo_set_toggle_transfer", "toggle", false, "owner", (s, n) => st.TransferToggle.get(s, n)],
  ["sudo_set_recycle_or_burn", "recycle_or_burn", "Recycle", "owner", (s, n) => st.RecycleOrBurn.get(s, n)],
  [
    "sudo_set_owner_immune_neuron_limit",
    "immune_neurons",
    3,
    "owner",
    (s, n) => st.ImmuneOwnerUidsLimit.get(s, n),
  ],
  [
    "sudo_set_min_childkey_take_per_subnet",
    "take",
    1_000,
    "owner",
    (s, n) => own.MinChildkeyTakePerSubnet.get(s, n),
  ],
  ["sudo_set_owner_cut_enabled", "enabled", false, "owner", (s, n) => st.OwnerCutEnabled.get(s, n)],
  [
    "sudo_set_owner_cut_auto_lock_enabled",
    "enabled",
    true,
    "owner",
    (s, n) => own.OwnerCutAutoLockEnabled.get(s, n),
  ],
  ["sudo_set_subtoken_enabled", "subtoken_enabled", true, "root", (s, n) => st.SubtokenEnabled.get(s, n)],
  ["sudo_set_subnet_emission_enabled", "enabled", true, "root", (s, n) => st.SubnetEmissionEnabled.get(s, n)],
  ["sudo_set_min_non_immune_uids", "min", 29, "root", (s, n) => st.MinNonImmuneUids.get(s, n)],
  [
    "sudo_set_rao_recycled",
    "rao_recycled",
    30,
    "root",
    (s, n) => st.RAORecycledForRegistration.get(s, n),
    30n,
  ],
  [
    "sudo_set_activity_cutoff_factor",
    "factor_milli",
    20_000,
    "owner",
    (s, n) => st.ActivityCutoffFactorMilli.get(s, n),
  ],
];

describe("adminUtils: setters", () => {
  before(cryptoReady);

  it("every setter: others get BadOrigin, the allowed origin sets the value and emits an event", async () => {
    const { c, netuid } = await ownedSubnet();
    for (const [method, arg, value, who, read, expected] of SETTERS) {
      expectAdminError(adminCall(c, "//Bob", method, { netuid, [arg]: value }), "BadOrigin");
      if (who === "root")
        expectAdminError(adminCall(c, "//Alice", method, { netuid, [arg]: value }), "BadOrigin");
      const o = adminCall(c, who === "root" ? "root" : "//Alice", method, { netuid, [arg]: value });
      assert.ok(o.ok, `${method}: ${o.code}`);
      assert.deepEqual(read(c.state, netuid), expected ?? value, method);
      assert.ok(o.events.length > 0, `${method} emits an event`);
    }
  });

  it("setters of a missing subnet fail with SubnetDoesNotExist", async () => {
    const c = await TestChain.create();
    for (const [method, arg] of [
      ["sudo_set_kappa", "kappa"],
      ["sudo_set_rho", "rho"],
      ["sudo_set_immunity_period", "immunity_period"],
      ["sudo_set_max_burn", "max_burn"],
      ["sudo_set_max_allowed_validators", "max_allowed_validators"],
    ] as const) {
      expectAdminError(adminCall(c, "root", method, { netuid: 7, [arg]: 1 }), "SubnetDoesNotExist");
    }
    assert.ok(Object.keys(adminUtilsPallet.calls).length > 60);
  });

  it("burn bounds: min < 1 TAO and < max; max > 0.1 TAO and > min", async () => {
    const { c, netuid } = await ownedSubnet();
    expectAdminError(
      adminCall(c, "root", "sudo_set_min_burn", { netuid, min_burn: 1_000_000_000 }),
      "ValueNotInBounds",
    );
    st.MaxBurn.set(c.state, netuid, 500_000_000n);
    expectAdminError(
      adminCall(c, "root", "sudo_set_min_burn", { netuid, min_burn: 600_000_000 }),
      "ValueNotInBounds",
    );
    expectAdminError(
      adminCall(c, "root", "sudo_set_max_burn", { netuid, max_burn: 100_000_000 }),
      "ValueNotInBounds",
    );
    st.MinBurn.set(c.state, netuid, 300_000_000n);
    expectAdminError(
      adminCall(c, "root", "sudo_set_max_burn", { netuid, max_burn: 300_000_000 }),
      "ValueNotInBounds",
    );
    expectAdminOk(adminCall(c, "root", "sudo_set_max_burn", { netuid, max_burn: 300_000_001 }));
  });

  it("bonds moving average: owners at most 975 000, root unbounded", async () => {
    const { c, netuid } = await ownedSubnet();
    expectAdminError(
      adminCall(c, "//Alice", "sudo_set_bonds_moving_average", { netuid, bonds_moving_average: 975_001 }),
      "BondsMovingAverageMaxReached",
    );
    expectAdminOk(
      adminCall(c, "root", "sudo_set_bonds_moving_average", { netuid, bonds_moving_average: 999_999 }),
    );
    assert.equal(st.BondsMovingAverage.get(c.state, netuid), 999_999);
  });

  it("UID bounds: max UIDs ≥ min UIDs, ≥ current, ≤ 256 (× mechanisms); validators ≤ max UIDs", async () => {
    const { c, netuid } = await ownedSubnet();
    expectAdminError(
      adminCall(c, "root", "sudo_set_max_allowed_uids", { netuid, max_allowed_uids: 63 }),
      "MaxAllowedUidsLessThanMinAllowedUids",
    );
    expectAdminError(
      adminCall(c, "root", "sudo_set_max_allowed_uids", { netuid, max_allowed_uids: 257 }),
      "MaxAllowedUidsGreaterThanDefaultMaxAllowedUids",
    );
    st.SubnetworkN.set(c.state, netuid, 100);
    expectAdminError(
      adminCall(c, "root", "sudo_set_max_allowed_uids", { netuid, max_allowed_uids: 99 }),
      "MaxAllowedUIdsLessThanCurrentUIds",
    );
    st.MechanismCountCurrent.set(c.state, netuid, 2);
    expectAdminError(
      adminCall(c, "root", "sudo_set_max_allowed_uids", { netuid, max_allowed_uids: 129 }),
      "TooManyUIDsPerMechanism",
    );
    expectAdminOk(adminCall(c, "root", "sudo_set_max_allowed_uids", { netuid, max_allowed_uids: 128 }));
    expectAdminError(
      adminCall(c, "root", "sudo_set_max_allowed_validators", { netuid, max_allowed_validators: 129 }),
      "MaxValidatorsLargerThanMaxUIds",
    );
    expectAdminError(
      adminCall(c, "root", "sudo_set_min_allowed_uids", { netuid, min_allowed_uids: 128 }),
      "MinAllowedUidsGreaterThanMaxAllowedUids",
    );
    expectAdminError(
      adminCall(c, "root", "sudo_set_min_allowed_uids", { netuid, min_allowed_uids: 100 }),
      "MinAllowedUidsGreaterThanCurrentUids",
    );
    expectAdminOk(adminCall(c, "root", "sudo_set_min_allowed_uids", { netuid, min_allowed_uids: 99 }));
  });

  it("liquid alpha values: enabled first, high ≥ 1 638, 1 638 ≤ low ≤ high", async () => {
    const { c, netuid } = await ownedSubnet();
    const set = (alpha_low: number, alpha_high: number) =>
      adminCall(c, "root", "sudo_set_alpha_values", { netuid, alpha_low, alpha_high });
    expectAdminError(set(2_000, 60_000), "LiquidAlphaDisabled");
    expectAdminOk(adminCall(c, "root", "sudo_set_liquid_alpha_enabled", { netuid, enabled: true }));
    expectAdminError(set(1_000, 1_637), "AlphaHighTooLow");
    expectAdminError(set(1_637, 60_000), "AlphaLowOutOfRange");
    expectAdminError(set(60_001, 60_000), "AlphaLowOutOfRange");
    expectAdminOk(set(1_638, 60_000));
    assert.deepEqual(st.AlphaValues.get(c.state, netuid), [1_638, 60_000]);
  });

  it("other bounds: reveal period, burn half-life and multiplier, steepness, immune UIDs, cutoffs", async () => {
    const { c, netuid } = await ownedSubnet();
    const root = (m: string, a: Record<string, unknown>) => adminCall(c, "root", m, { netuid, ...a });
    expectAdminError(
      root("sudo_set_commit_reveal_weights_interval", { interval: 0 }),
      "RevealPeriodTooSmall",
    );
    expectAdminError(
      root("sudo_set_commit_reveal_weights_interval", { interval: 101 }),
      "RevealPeriodTooLarge",
    );
    expectAdminError(root("sudo_set_burn_half_life", { burn_half_life: 0 }), "InvalidValue");
    expectAdminError(root("sudo_set_burn_half_life", { burn_half_life: 36_101 }), "InvalidValue");
    expectAdminError(
      adminCall(c, "root", "sudo_set_burn_half_life", { netuid: 0, burn_half_life: 10 }),
      "NotPermittedOnRootSubnet",
    );
    expectAdminError(
      root("sudo_set_burn_increase_mult", { burn_increase_mult: (1n << 63n).toString() }),
      "InvalidValue",
    );
    expectAdminError(
      root("sudo_set_burn_increase_mult", { burn_increase_mult: ((3n << 64n) + 1n).toString() }),
      "InvalidValue",
    );
    expectAdminError(
      adminCall(c, "//Alice", "sudo_set_alpha_sigmoid_steepness", { netuid, steepness: -1 }),
      "NegativeSigmoidSteepness",
    );
    expectAdminOk(root("sudo_set_alpha_sigmoid_steepness", { steepness: -1 }));
    expectAdminError(root("sudo_set_owner_immune_neuron_limit", { immune_neurons: 0 }), "InvalidValue");
    expectAdminError(root("sudo_set_owner_immune_neuron_limit", { immune_neurons: 11 }), "InvalidValue");
    expectAdminError(root("sudo_set_activity_cutoff", { activity_cutoff: 359 }), "ActivityCutoffTooLow");
    expectAdminError(
      root("sudo_set_activity_cutoff_factor", { factor_milli: 999 }),
      "ActivityCutoffFactorMilliOutOfBounds",
    );
    expectAdminError(
      root("sudo_set_activity_cutoff_factor", { factor_milli: 50_001 }),
      "ActivityCutoffFactorMilliOutOfBounds",
    );
    expectAdminError(root("sudo_set_min_childkey_take_per_subnet", { take: 11_797 }), "InvalidValue");
    expectAdminError(
      adminCall(c, "root", "sudo_set_subnet_emission_enabled", { netuid: 0, enabled: true }),
      "NotPermittedOnRootSubnet",
    );
    expectAdminError(
      root("sudo_set_network_pow_registration_allowed", { registration_allowed: true }),
      "POWRegistrationDisabled",
    );
    expectAdminError(adminCall(c, "root", "sudo_set_total_issuance", { total_issuance: 1 }), "Deprecated");
    // root's registration switch ignores the freeze window of root's own epoch schedule
    expectAdminOk(adminCall(c, "root", "sudo_set_admin_freeze_window", { window: 3 }));
    st.LastEpochBlock.set(c.state, 0, c.number + 1 + 2 - st.Tempo.get(c.state, 0));
    expectAdminOk(
      adminCall(c, "root", "sudo_set_network_registration_allowed", {
        netuid: 0,
        registration_allowed: false,
      }),
    );
    assert.equal(st.NetworkRegistrationAllowed.get(c.state, 0), false);
  });

  it("mechanisms: count 1..MaxMechanismCount within the UID ceiling; split of count parts summing to 65535", async () => {
    const { c, netuid } = await ownedSubnet();
    const root = (m: string, a: Record<string, unknown>) => adminCall(c, "root", m, { netuid, ...a });
    expectAdminError(root("sudo_set_mechanism_count", { mechanism_count: 3 }), "InvalidValue");
    expectAdminError(root("sudo_set_mechanism_count", { mechanism_count: 2 }), "TooManyUIDsPerMechanism");
    expectAdminOk(root("sudo_set_max_allowed_uids", { max_allowed_uids: 128 }));
    expectAdminOk(root("sudo_set_mechanism_count", { mechanism_count: 2 }));
    assert.equal(st.MechanismCountCurrent.get(c.state, netuid), 2);
    expectAdminError(root("sudo_set_mechanism_emission_split", { maybe_split: [65_535] }), "InvalidValue");
    expectAdminError(root("sudo_set_mechanism_emission_split", { maybe_split: [1, 2] }), "InvalidValue");
    expectAdminOk(root("sudo_set_mechanism_emission_split", { maybe_split: [30_000, 35_535] }));
    assert.deepEqual(st.MechanismEmissionSplit.get(c.state, netuid), [30_000, 35_535]);
    expectAdminOk(root("sudo_set_mechanism_count", { mechanism_count: 1 }));
    assert.equal(st.MechanismEmissionSplit.get(c.state, netuid), null);
  });

  it("global knobs are root-only and reach their storage", async () => {
    const c = await TestChain.create();
    const cases: ReadonlyArray<readonly [string, Record<string, unknown>, () => unknown, unknown]> = [
      ["sudo_set_network_rate_limit", { rate_limit: 5 }, () => st.NetworkRateLimit.get(c.state), 5],
      [
        "sudo_set_network_immunity_period",
        { immunity_period: 6 },
        () => st.NetworkImmunityPeriod.get(c.state),
        6,
      ],
      ["sudo_set_network_min_lock_cost", { lock_cost: 7 }, () => st.NetworkMinLockCost.get(c.state), 7n],
      ["sudo_set_subnet_limit", { max_subnets: 8 }, () => st.SubnetLimit.get(c.state), 8],
      [
        "sudo_set_lock_reduction_interval",
        { interval: 9 },
        () => st.NetworkLockReductionInterval.get(c.state),
        9,
      ],
      ["sudo_set_subnet_owner_cut", { subnet_owner_cut: 10 }, () => st.SubnetOwnerCut.get(c.state), 10],
      ["sudo_set_stake_threshold", { min_stake: 11 }, () => st.StakeThreshold.get(c.state), 11n],
      ["sudo_set_tx_rate_limit", { tx_rate_limit: 12 }, () => own.TxRateLimit.get(c.state), 12],
      ["sudo_set_default_take", { default_take: 13 }, () => own.MaxDelegateTake.get(c.state), 13],
      ["sudo_set_min_delegate_take", { take: 14 }, () => own.MinDelegateTake.get(c.state), 14],
      ["sudo_set_subnet_moving_alpha", { alpha: 15 }, () => st.SubnetMovingAlpha.get(c.state), 15n],
      [
        "sudo_set_max_epochs_per_block",
        { max_epochs_per_block: 16 },
        () => st.MaxEpochsPerBlock.get(c.state),
        16,
      ],
      [
        "sudo_set_commit_reveal_version",
        { version: 17 },
        () => st.CommitRevealWeightsVersion.get(c.state),
        17,
      ],
      ["sudo_set_ck_burn", { burn: 18 }, () => own.CKBurn.get(c.state), 18n],
      [
        "sudo_set_max_mechanism_count",
        { max_mechanism_count: 3 },
        () => own.MaxMechanismCount.get(c.state),
        3,
      ],
    ];
    for (const [method, args, read, expected] of cases) {
      expectAdminError(adminCall(c, "//Bob", method, args), "BadOrigin");
      expectAdminOk(adminCall(c, "root", method, args));
      assert.deepEqual(read(), expected, method);
    }
    expectAdminError(
      adminCall(c, "root", "sudo_set_max_epochs_per_block", { max_epochs_per_block: 0 }),
      "ValueNotInBounds",
    );
  });
});
