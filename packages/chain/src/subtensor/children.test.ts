/**
 * Childkeys (chain.md §6.4, §6.5): ports of the reference's `tests/children.rs` (set_children checks,
 * revocation, cooldown, inherited stake figures, childkey take and its rate limit, dividends to parents)
 * through real transactions where the reference uses extrinsics, plus the auto-stake destination and
 * the auto parent delegation of new subnets, and fast-check properties of the split and inheritance.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { cryptoReady } from "../crypto.js";
import { increaseStake } from "../stake.js";
import { State } from "../state/state.js";
import {
  NetworksAdded,
  Owner,
  StakeThreshold,
  SubnetAlphaOut,
  SubnetOwnerHotkey,
  SubtokenEnabled,
  TaoWeight,
  TotalHotkeyAlpha,
} from "../storage.js";
import { TAO, TestChain } from "../testing/chain.js";
import {
  AutoParentDelegationEnabled,
  AutoStakeDestination,
  AutoStakeDestinationColdkeys,
  applyChildren,
  ChildKeys,
  ChildkeyTake,
  childkeyTake,
  inheritedAlpha,
  inheritedTao,
  ParentKeys,
  PendingChildKeyCooldown,
  PendingChildKeys,
  parentChildDividends,
  SET_CHILDREN_RATE_LIMIT,
  stakeWeightI64F64,
  TxChildkeyTakeRateLimit,
} from "./children.js";
import { minBig, U64_MAX } from "./coinbase/fixed.js";
import { SubnetTaoFlow } from "./coinbase/taoflow.js";
import { CKBurn, MaxChildkeyTake, MinChildkeyTakePerSubnet } from "./subnets/storage.js";
import { registerSubnet } from "./subnets/testkit.js";

const near = (actual: bigint, expected: bigint, eps: bigint, what = "") =>
  assert.ok(
    actual - expected <= eps && expected - actual <= eps,
    `${what}: ${actual} not within ${eps} of ${expected}`,
  );

/** A dev chain with a subnet of //Alice (not started: set_children applies at once) and Bob's hotkey. */
async function chain(): Promise<{ c: TestChain; net: number; hot: string }> {
  const c = await TestChain.create();
  const net = registerSubnet(c, "//Alice", "//Alice/sn");
  c.expectOk(
    c.block(c.tx("//Bob", "subtensor", "burned_register", { netuid: net, hotkey: c.addr("//Bob/h") })),
  );
  return { c, net, hot: c.addr("//Bob/h") };
}

const setChildren = (
  c: TestChain,
  who: string,
  hotkey: string,
  netuid: number,
  children: [bigint, string][],
) =>
  c.block(
    c.tx(who, "subtensor", "set_children", {
      hotkey,
      netuid,
      children: children.map(([p, h]) => [p.toString(), h]),
    }),
  );

describe("set_children (tests/children.rs)", () => {
  before(cryptoReady);

  it("test_do_set_child_singular_success / new_children_assignment: both directions, SetChildren", async () => {
    const { c, net, hot } = await chain();
    const child = c.addr("//Child1");
    const r = c.expectOk(setChildren(c, "//Bob", hot, net, [[1000n, child]]));
    assert.deepEqual(ChildKeys.get(c.state, hot, net), [[1000n, child]]);
    assert.deepEqual(ParentKeys.get(c.state, child, net), [[1000n, hot]]);
    const ev = r.events.find((e) => e.name === "SetChildren");
    assert.ok(ev);
    assert.equal(ev.data.hotkey, hot);
  });

  it("errors: SubnetNotExists, InvalidChild, NonAssociatedColdKey, RegistrationNotPermittedOnRootSubnet", async () => {
    const { c, net, hot } = await chain();
    const child = c.addr("//Child1");
    c.expectError(setChildren(c, "//Bob", hot, 99, [[1000n, child]]), "SubnetNotExists");
    c.expectError(setChildren(c, "//Bob", hot, 99, []), "SubnetNotExists");
    c.expectError(setChildren(c, "//Bob", hot, net, [[1000n, hot]]), "InvalidChild");
    c.expectError(setChildren(c, "//Charlie", hot, net, [[1000n, child]]), "NonAssociatedColdKey");
    c.expectError(setChildren(c, "//Charlie", hot, net, []), "NonAssociatedColdKey");
    // test_do_revoke_child_singular_child_not_associated: an unknown hotkey has no owner
    c.expectError(
      setChildren(c, "//Bob", c.addr("//Nobody"), net, [[U64_MAX, child]]),
      "NonAssociatedColdKey",
    );
    c.expectError(setChildren(c, "//Bob", hot, 0, [[1000n, child]]), "RegistrationNotPermittedOnRootSubnet");
  });

  it("errors: DuplicateChild, TooManyChildren, ProportionOverflow, ChildParentInconsistency", async () => {
    const { c, net, hot } = await chain();
    const kids = [1, 2, 3, 4, 5, 6].map((i) => c.addr(`//Child${i}`));
    const [k1, k2] = kids as [string, string];
    c.expectError(
      setChildren(c, "//Bob", hot, net, [
        [1n, k1],
        [2n, k1],
      ]),
      "DuplicateChild",
    );
    c.expectError(
      setChildren(
        c,
        "//Bob",
        hot,
        net,
        kids.map((k) => [1n, k]),
      ),
      "TooManyChildren",
    );
    c.expectError(
      setChildren(c, "//Bob", hot, net, [
        [U64_MAX, k1],
        [1n, k2],
      ]),
      "ProportionOverflow",
    );
    // Bob/h → Bob/h2; Bob/h2 cannot take Bob/h as its child (it is its parent).
    const h2 = c.addr("//Bob/h2");
    c.expectOk(c.block(c.tx("//Bob", "subtensor", "burned_register", { netuid: net, hotkey: h2 })));
    c.expectOk(setChildren(c, "//Bob", hot, net, [[U64_MAX / 2n, h2]]));
    c.expectError(setChildren(c, "//Bob", h2, net, [[1n, hot]]), "ChildParentInconsistency");
  });

  it("test_set_children_rate_limit_fail_then_succeed: 150 blocks per (hotkey, subnet)", async () => {
    const { c, net, hot } = await chain();
    const [child, child2] = [c.addr("//Child1"), c.addr("//Child2")];
    c.expectOk(setChildren(c, "//Bob", hot, net, [[100n, child]]));
    const at = c.number;
    c.expectError(setChildren(c, "//Bob", hot, net, [[100n, child2]]), "TxRateLimitExceeded");
    assert.deepEqual(ChildKeys.get(c.state, hot, net), [[100n, child]]);
    c.advance(at + SET_CHILDREN_RATE_LIMIT - 1 - c.number);
    c.expectOk(setChildren(c, "//Bob", hot, net, [[100n, child2]]));
    assert.equal(c.number, at + SET_CHILDREN_RATE_LIMIT);
    assert.deepEqual(ChildKeys.get(c.state, hot, net), [[100n, child2]]);
    assert.deepEqual(ParentKeys.get(c.state, child, net), []);
    assert.deepEqual(ParentKeys.get(c.state, child2, net), [[100n, hot]]);
  });

  it("old children cleanup, overwrite, partial and full revocation (tests 6, 21, 23, 28, 31, 34)", async () => {
    const { c, net, hot } = await chain();
    const [a, b, d] = [c.addr("//Child1"), c.addr("//Child2"), c.addr("//Child3")];
    const wait = () => c.advance(SET_CHILDREN_RATE_LIMIT);
    c.expectOk(
      setChildren(c, "//Bob", hot, net, [
        [1000n, a],
        [2000n, b],
        [3000n, d],
      ]),
    );
    assert.equal(ChildKeys.get(c.state, hot, net).length, 3);
    wait();
    c.expectOk(
      setChildren(c, "//Bob", hot, net, [
        [1000n, a],
        [3000n, d],
      ]),
    );
    assert.deepEqual(ParentKeys.get(c.state, b, net), []);
    assert.deepEqual(ParentKeys.get(c.state, d, net), [[3000n, hot]]);
    wait();
    c.expectOk(
      setChildren(c, "//Bob", hot, net, [
        [2000n, b],
        [6000n, d],
      ]),
    );
    assert.deepEqual(ParentKeys.get(c.state, a, net), []);
    assert.deepEqual(ParentKeys.get(c.state, b, net), [[2000n, hot]]);
    assert.deepEqual(ParentKeys.get(c.state, d, net), [[6000n, hot]]);
    wait();
    c.expectOk(setChildren(c, "//Bob", hot, net, []));
    assert.equal(ChildKeys.has(c.state, hot, net), false, "an empty list is no entry");
    for (const k of [a, b, d]) assert.equal(ParentKeys.has(c.state, k, net), false);
  });

  it("children are stored in account order; proportion edge cases 0 and u64::MAX (tests 8, 22)", async () => {
    const { c, net, hot } = await chain();
    const [a, b] = [c.addr("//Child1"), c.addr("//Child2")];
    c.expectOk(
      setChildren(c, "//Bob", hot, net, [
        [U64_MAX, b],
        [0n, a],
      ]),
    );
    const stored = ChildKeys.get(c.state, hot, net);
    assert.equal(stored.length, 2);
    // the reference's BTreeMap order: by public key bytes
    const { publicKeyOf } = await import("../crypto.js");
    const pk = stored.map(([, h]) => Buffer.from(publicKeyOf(h)).toString("hex"));
    assert.ok((pk[0] as string) < (pk[1] as string), "children not in account order");
    assert.deepEqual(new Map(stored.map(([p, h]) => [h, p])).get(a), 0n);
    assert.deepEqual(new Map(stored.map(([p, h]) => [h, p])).get(b), U64_MAX);
  });

  it("test_do_set_child_below_min_stake / revoke and subnet owner exempt (NotEnoughStakeToSetChildkeys)", async () => {
    const { c, net, hot } = await chain();
    const child = c.addr("//Child1");
    c.expectOk(c.block(c.sudo("adminUtils", "sudo_set_stake_threshold", { min_stake: "1000000000000" })));
    assert.equal(StakeThreshold.get(c.state), 1_000_000_000_000n);
    c.expectError(setChildren(c, "//Bob", hot, net, [[1000n, child]]), "NotEnoughStakeToSetChildkeys");
    // revoking (empty list) needs no stake
    c.expectOk(setChildren(c, "//Bob", hot, net, []));
    // test_do_set_child_as_sn_owner_not_enough_stake: the owner hotkey may, another Alice hotkey may not
    const owner = c.addr("//Alice/sn");
    assert.equal(SubnetOwnerHotkey.get(c.state, net), owner);
    c.expectOk(setChildren(c, "//Alice", owner, net, [[1000n, child]]));
    const other = c.addr("//Alice/other");
    c.expectOk(c.block(c.tx("//Alice", "subtensor", "burned_register", { netuid: net, hotkey: other })));
    c.expectError(setChildren(c, "//Alice", other, net, [[1000n, child]]), "NotEnoughStakeToSetChildkeys");
    // enough total stake (valued at the pool price) passes
    increaseStake(c.state, other, c.addr("//Alice"), 0, 1_000_000_000_000n);
    c.expectOk(setChildren(c, "//Alice", other, net, [[1000n, child]]));
  });
});

describe("pending childkeys and the cooldown", () => {
  before(cryptoReady);

  it("test_do_set_pending_children_runs_in_epoch: scheduled, then applied at the first epoch after the cooldown", async () => {
    const { c, net, hot } = await chain();
    assert.equal(PendingChildKeyCooldown.get(c.state), 7_200, "the reference's DefaultPendingCooldown");
    c.expectOk(c.block(c.tx("//Alice", "subtensor", "start_call", { netuid: net })));
    c.expectOk(c.block(c.sudo("subtensor", "set_pending_childkey_cooldown", { cooldown: 15 })));
    const child = c.addr("//Child1");
    const r = c.expectOk(setChildren(c, "//Bob", hot, net, [[1000n, child]]));
    const at = c.number;
    const scheduled = r.events.find((e) => e.name === "SetChildrenScheduled");
    assert.ok(scheduled);
    assert.equal(scheduled.data.cooldownBlock, at + 15);
    assert.deepEqual(PendingChildKeys.get(c.state, net, hot), {
      children: [[1000n, child]],
      cooldownBlock: at + 15,
    });
    assert.deepEqual(ChildKeys.get(c.state, hot, net), [], "not applied before the cooldown");
    // Advance until applied: it must be an epoch block (LastEpochBlock = now) after at + 15.
    const { LastEpochBlock } = await import("../storage.js");
    let appliedAt = 0;
    for (let i = 0; i < 60 && appliedAt === 0; i++) {
      const b = c.block();
      if (b.events.some((e) => e.name === "SetChildren")) appliedAt = c.number;
      else assert.deepEqual(ChildKeys.get(c.state, hot, net), []);
    }
    assert.ok(appliedAt > at + 15, `applied at ${appliedAt}, cooldown block ${at + 15}`);
    assert.equal(LastEpochBlock.get(c.state, net), appliedAt, "applied in an epoch block");
    assert.deepEqual(ChildKeys.get(c.state, hot, net), [[1000n, child]]);
    assert.equal(PendingChildKeys.get(c.state, net, hot), null);
  });

  it("test_revoke_child_no_min_stake_check: a revocation is scheduled and applied like a list", async () => {
    const { c, net, hot } = await chain();
    const child = c.addr("//Child1");
    c.expectOk(setChildren(c, "//Bob", hot, net, [[1000n, child]]));
    c.expectOk(c.block(c.tx("//Alice", "subtensor", "start_call", { netuid: net })));
    c.expectOk(c.block(c.sudo("subtensor", "set_pending_childkey_cooldown", { cooldown: 0 })));
    c.expectOk(c.block(c.sudo("adminUtils", "sudo_set_stake_threshold", { min_stake: "1000000000000" })));
    c.advance(SET_CHILDREN_RATE_LIMIT);
    c.expectOk(setChildren(c, "//Bob", hot, net, []));
    assert.deepEqual(ChildKeys.get(c.state, hot, net), [[1000n, child]]);
    c.advance(25);
    assert.deepEqual(ChildKeys.get(c.state, hot, net), []);
    assert.deepEqual(ParentKeys.get(c.state, child, net), []);
  });

  it("set_pending_childkey_cooldown needs root", async () => {
    const { c } = await chain();
    const r = c.block(c.tx("//Bob", "subtensor", "set_pending_childkey_cooldown", { cooldown: 1 }));
    assert.equal(r.receipts[0]?.success ?? false, false);
    assert.equal(PendingChildKeyCooldown.get(c.state), 7_200);
  });
});

describe("childkey take (tests/children.rs 24-26)", () => {
  before(cryptoReady);

  it("test_childkey_take_functionality: default = min, set, InvalidChildkeyTake, NonAssociatedColdKey", async () => {
    const { c, net, hot } = await chain();
    assert.equal(childkeyTake(c.state, hot, net), 0);
    const max = MaxChildkeyTake.get(c.state);
    assert.equal(max, 11_796);
    const half = Math.floor(max / 2);
    const r = c.expectOk(
      c.block(c.tx("//Bob", "subtensor", "set_childkey_take", { hotkey: hot, netuid: net, take: half })),
    );
    assert.equal(childkeyTake(c.state, hot, net), half);
    assert.ok(r.events.some((e) => e.name === "ChildKeyTakeSet"));
    c.expectError(
      c.block(c.tx("//Bob", "subtensor", "set_childkey_take", { hotkey: hot, netuid: net, take: max + 1 })),
      "InvalidChildkeyTake",
    );
    c.expectError(
      c.block(c.tx("//Charlie", "subtensor", "set_childkey_take", { hotkey: hot, netuid: net, take: half })),
      "NonAssociatedColdKey",
    );
  });

  it("test_childkey_take_rate_limiting: increases once per TxChildkeyTakeRateLimit, decreases freely", async () => {
    const { c, net, hot } = await chain();
    assert.equal(TxChildkeyTakeRateLimit.get(c.state), 216_000);
    c.expectOk(c.block(c.sudo("subtensor", "sudo_set_tx_childkey_take_rate_limit", { tx_rate_limit: 100 })));
    const take = (t: number) =>
      c.block(c.tx("//Bob", "subtensor", "set_childkey_take", { hotkey: hot, netuid: net, take: t }));
    c.expectOk(take(500));
    const first = c.number;
    c.expectError(take(600), "TxChildkeyTakeRateLimitExceeded");
    c.expectOk(take(400)); // a decrease passes (and records the block)
    const last = c.number;
    assert.equal(childkeyTake(c.state, hot, net), 400);
    c.advance(last + 100 - 2 - c.number);
    c.expectError(take(650), "TxChildkeyTakeRateLimitExceeded");
    c.expectOk(take(700));
    assert.equal(c.number, last + 100);
    assert.ok(c.number > first);
    assert.equal(ChildkeyTake.get(c.state, hot, net), 700);
  });

  it("MinChildkeyTakePerSubnet raises the effective minimum (get_childkey_take)", async () => {
    const { c, net, hot } = await chain();
    MinChildkeyTakePerSubnet.set(c.state, net, 655);
    assert.equal(childkeyTake(c.state, hot, net), 655);
    c.expectError(
      c.block(c.tx("//Bob", "subtensor", "set_childkey_take", { hotkey: hot, netuid: net, take: 600 })),
      "InvalidChildkeyTake",
    );
    c.expectOk(c.block(c.sudo("subtensor", "sudo_set_min_childkey_take", { take: 1_000 })));
    assert.equal(childkeyTake(c.state, hot, net), 1_000);
    c.expectOk(c.block(c.sudo("subtensor", "sudo_set_max_childkey_take", { take: 13_107 })));
    assert.equal(MaxChildkeyTake.get(c.state), 13_107);
  });
});

/** A state with subnet 1 and hotkeys owned by distinct coldkeys (mock_set_children_no_epochs). */
function relationState(): State {
  const s = State.empty();
  NetworksAdded.set(s, 1, true);
  SubtokenEnabled.set(s, 1, true);
  return s;
}

describe("inherited stake (tests/children.rs 11, 39, 47-54)", () => {
  it("test_children_stake_values: three children of 1/4 each, the reference's figures", () => {
    const s = relationState();
    increaseStake(s, "hot", "ck", 1, 100_000_000_000_000n);
    applyChildren(s, undefined, 1, "hot", [
      [U64_MAX / 4n, "c1"],
      [U64_MAX / 4n, "c2"],
      [U64_MAX / 4n, "c3"],
    ]);
    assert.equal(inheritedAlpha(s, "hot", 1), 25_000_000_069_849n);
    for (const k of ["c1", "c2", "c3"]) assert.equal(inheritedAlpha(s, k, 1), 24_999_999_976_716n);
    const sum = ["hot", "c1", "c2", "c3"].reduce((a, k) => a + inheritedAlpha(s, k, 1), 0n);
    assert.equal(sum, 99_999_999_999_997n);
  });

  it("test_get_stake_for_hotkey_on_subnet: 100 % to the child moves the parent's 2000 to it", () => {
    const s = relationState();
    for (const h of ["parent", "child"]) for (const ck of ["ck1", "ck2"]) increaseStake(s, h, ck, 1, 1000n);
    applyChildren(s, undefined, 1, "parent", [[U64_MAX, "child"]]);
    assert.equal(inheritedAlpha(s, "parent", 1), 0n);
    assert.equal(inheritedAlpha(s, "child", 1), 4000n);
  });

  it("single parent / multiple parents / multiple children / edge cases / hierarchy (tests 49-53)", () => {
    let s = relationState();
    increaseStake(s, "p", "ck", 1, 1_000_000_000n);
    applyChildren(s, undefined, 1, "p", [[U64_MAX, "c"]]);
    assert.equal(inheritedAlpha(s, "p", 1), 0n);
    assert.equal(inheritedAlpha(s, "c", 1), 1_000_000_000n);

    s = relationState();
    increaseStake(s, "p1", "ck", 1, 1000n);
    increaseStake(s, "p2", "ck", 1, 2000n);
    applyChildren(s, undefined, 1, "p1", [[U64_MAX / 2n, "c"]]);
    applyChildren(s, undefined, 1, "p2", [[U64_MAX / 2n, "c"]]);
    // figures of the reference within 10: 500, 1000, 1499
    near(inheritedAlpha(s, "p1", 1), 500n, 10n, "p1");
    near(inheritedAlpha(s, "p2", 1), 1000n, 10n, "p2");
    near(inheritedAlpha(s, "c", 1), 1499n, 10n, "c");
    assert.deepEqual(ParentKeys.get(s, "c", 1), [
      [U64_MAX / 2n, "p1"],
      [U64_MAX / 2n, "p2"],
    ]);

    s = relationState();
    increaseStake(s, "p", "ck", 1, 3000n);
    applyChildren(s, undefined, 1, "p", [
      [U64_MAX / 3n, "c1"],
      [U64_MAX / 3n, "c2"],
    ]);
    const [p, c1, c2] = ["p", "c1", "c2"].map((k) => inheritedAlpha(s, k, 1)) as [bigint, bigint, bigint];
    near(p + c1 + c2, 3000n, 10n, "total");
    for (const v of [p, c1, c2]) near(v, 1000n, 10n, "share");

    s = relationState();
    increaseStake(s, "p", "ck", 1, 500_000_000_000_000n);
    applyChildren(s, undefined, 1, "p", [
      [0n, "c1"],
      [U64_MAX, "c2"],
    ]);
    assert.equal(inheritedAlpha(s, "p", 1), 0n);
    assert.equal(inheritedAlpha(s, "c1", 1), 0n);
    assert.equal(inheritedAlpha(s, "c2", 1), 500_000_000_000_000n);

    s = relationState();
    increaseStake(s, "p", "ck", 1, 1000n);
    applyChildren(s, undefined, 1, "p", [
      [U64_MAX / 2n, "c1"],
      [U64_MAX / 2n, "c2"],
    ]);
    assert.equal(inheritedAlpha(s, "p", 1), 0n);
    near(inheritedAlpha(s, "c1", 1), 499n, 10n, "c1");
    applyChildren(s, undefined, 1, "c1", [[U64_MAX, "g"]]);
    // the grandchild inherits only c1's own stake (0), not what c1 inherits
    assert.equal(inheritedAlpha(s, "g", 1), 0n);
    near(inheritedAlpha(s, "c1", 1), 499n, 10n, "c1 keeps its inheritance");
    assert.deepEqual(ChildKeys.get(s, "c1", 1), [[U64_MAX, "g"]]);
  });

  it("root stake is inherited with the subnet's relations and enters the stake weight with TaoWeight", () => {
    const s = relationState();
    TaoWeight.set(s, U64_MAX / 10n);
    increaseStake(s, "p", "ck", 0, 1_000_000n);
    increaseStake(s, "p", "ck", 1, 2_000n);
    applyChildren(s, undefined, 1, "p", [[U64_MAX / 2n, "c"]]);
    near(inheritedTao(s, "c", 1), 500_000n, 1n, "tao");
    near(inheritedTao(s, "p", 1), 500_000n, 1n, "tao");
    assert.equal(inheritedTao(s, "c", 2), 0n, "relations are per subnet");
    const w = ((U64_MAX / 10n) << 32n) / U64_MAX;
    const c = stakeWeightI64F64(s, "c", 1);
    assert.equal(c, (inheritedAlpha(s, "c", 1) << 64n) + ((inheritedTao(s, "c", 1) * w) << 32n));
  });

  it("property: inherited stakes over a subnet sum to the total stake (less one rao per key)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(5), fc.nat(5), fc.bigInt({ min: 0n, max: U64_MAX })), { maxLength: 8 }),
        (stakes, edges) => {
          const s = relationState();
          const keys = stakes.map((_, i) => `h${i}`);
          stakes.forEach((v, i) => {
            if (v > 0n) increaseStake(s, keys[i] as string, "ck", 1, v);
          });
          for (const [a, b, p] of edges) {
            const parent = keys[a % keys.length] as string;
            const child = keys[b % keys.length] as string;
            if (parent === child) continue;
            // set_children's rules: no child that is a parent; Σ proportions ≤ u64::MAX
            if (ParentKeys.get(s, parent, 1).some(([, x]) => x === child)) continue;
            const current = ChildKeys.get(s, parent, 1).filter(([, x]) => x !== child);
            const room = U64_MAX - current.reduce((t, [q]) => t + q, 0n);
            applyChildren(s, undefined, 1, parent, [...current, [minBig(p, room), child]]);
          }
          const total = stakes.reduce((a, b) => a + b, 0n);
          const inherited = keys.reduce((a, k) => a + inheritedAlpha(s, k, 1), 0n);
          assert.ok(inherited <= total, `${inherited} > ${total}`);
          assert.ok(total - inherited <= BigInt(keys.length), `${total - inherited} rao lost`);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("dividends to parents (get_parent_child_dividends_distribution)", () => {
  /** A → B (½), B → C (½), stakes 300k / 100k / 50k, childkey take 1/9 for B and C (tests 45, 46). */
  function chainOfThree(): State {
    const s = relationState();
    TaoWeight.set(s, 0n);
    for (const [h, ck] of [
      ["A", "ckA"],
      ["B", "ckB"],
      ["C", "ckC"],
    ] as const)
      Owner.set(s, h, ck);
    increaseStake(s, "A", "ckA", 1, 300_000_000_000n);
    increaseStake(s, "B", "ckB", 1, 100_000_000_000n);
    increaseStake(s, "C", "ckC", 1, 50_000_000_000n);
    applyChildren(s, undefined, 1, "A", [[U64_MAX / 2n, "B"]]);
    applyChildren(s, undefined, 1, "B", [[U64_MAX / 2n, "C"]]);
    const take = Math.floor(65535 / 9);
    ChildkeyTake.set(s, "B", 1, take);
    ChildkeyTake.set(s, "C", 1, take);
    return s;
  }

  it("test_dividend_distribution_with_children: A keeps all, B and C share with their parent less the take", () => {
    const s = chainOfThree();
    const E = 1_000_000n;
    const a = parentChildDividends(s, "A", 1, E);
    assert.deepEqual(a, [["A", E]]);

    const take = 1 / 9;
    const [ra, rb, rc] = [300 / 450, 100 / 450, 50 / 450];
    const eps = E / 1000n;
    const b = parentChildDividends(s, "B", 1, E);
    assert.equal(b.length, 2);
    assert.equal(b[0]?.[0], "A");
    assert.equal(b[1]?.[0], "B");
    const totalB = rb / 2 + ra / 2;
    const expectedBB = BigInt(Math.floor((rb / 2 / totalB) * 1e6 + (ra / 2 / totalB) * 1e6 * take));
    near(b[1]?.[1] ?? 0n, expectedBB, eps, "B's own");
    near(b[0]?.[1] ?? 0n, E - expectedBB, eps, "A from B");

    const c = parentChildDividends(s, "C", 1, E);
    const totalC = rc + rb / 2;
    const expectedCC = BigInt(Math.floor((rc / totalC) * 1e6 + (rb / 2 / totalC) * 1e6 * take));
    assert.equal(c[0]?.[0], "B");
    near(c[1]?.[1] ?? 0n, expectedCC, eps, "C's own");
    near(c[0]?.[1] ?? 0n, E - expectedCC, eps, "B from C");
    for (const split of [b, c])
      near(
        split.reduce((t, [, v]) => t + v, 0n),
        E,
        2n,
        "sum",
      );
  });

  it("exact U96F32 figures: one parent at 100 %, take 10 %, CKBurn 10 % recycled", () => {
    const s = relationState();
    TaoWeight.set(s, 0n);
    Owner.set(s, "child", "ck");
    increaseStake(s, "parent", "pk", 1, 1_000_000_000n);
    applyChildren(s, undefined, 1, "parent", [[U64_MAX, "child"]]);
    ChildkeyTake.set(s, "child", 1, 6553);
    CKBurn.set(s, U64_MAX / 10n);
    SubnetAlphaOut.set(s, 1, 10_000_000_000n);
    const d = 1_000_000_000n;
    const split = parentChildDividends(s, "child", 1, d);
    // factor = contribution / contribution = 1; burn = d · floor(2^32/10)/2^32, take = d · floor(6553·2^32/65535)/2^32
    const burnQ = ((U64_MAX / 10n) << 32n) / U64_MAX;
    const takeQ = (6553n << 32n) / 65535n;
    const dq = d << 32n;
    const burn = (burnQ * dq) >> 32n;
    const take = (takeQ * dq) >> 32n;
    assert.deepEqual(split, [
      ["parent", (dq - burn - take) >> 32n],
      ["child", take >> 32n],
    ]);
    assert.equal(SubnetAlphaOut.get(s, 1), 10_000_000_000n - (burn >> 32n), "CKBurn recycled");
  });

  it("same owner coldkey: no childkey take (test_dividend_distribution_with_children_same_coldkey_owner)", () => {
    const s = relationState();
    TaoWeight.set(s, 0n);
    Owner.set(s, "A", "ck");
    Owner.set(s, "B", "ck");
    increaseStake(s, "A", "ck", 1, 300_000n);
    increaseStake(s, "B", "ck", 1, 100_000n);
    applyChildren(s, undefined, 1, "A", [[U64_MAX / 2n, "B"]]);
    ChildkeyTake.set(s, "B", 1, 11_796);
    const E = 1_000_000n;
    const [toA, toB] = parentChildDividends(s, "B", 1, E);
    // contributions: B 100 000, A 150 000 (less one rao of rounding): A gets 60 %, B 40 %
    near(toA?.[1] ?? 0n, 600_000n, 2n, "A");
    near(toB?.[1] ?? 0n, 400_000n, 2n, "B");
  });

  it("property: the split pays the dividend exactly up to flooring (no alpha created), burn included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 0n, max: U64_MAX })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 16n }),
        // take + CKBurn ≤ 100 % (beyond, the reference pays the take and the burn out of nothing)
        fc.integer({ min: 0, max: 32767 }),
        fc.bigInt({ min: 0n, max: U64_MAX / 2n }),
        fc.bigInt({ min: 0n, max: U64_MAX }),
        (parents, own, dividend, take, burn, w) => {
          const s = relationState();
          TaoWeight.set(s, w);
          CKBurn.set(s, burn);
          Owner.set(s, "child", "ck");
          increaseStake(s, "child", "ck", 1, own);
          increaseStake(s, "child", "ck", 0, own / 3n);
          ChildkeyTake.set(s, "child", 1, take);
          SubnetAlphaOut.set(s, 1, 10n ** 18n);
          parents.forEach(([stake, q], i) => {
            const p = `p${i}`;
            Owner.set(s, p, i % 2 === 0 ? "ck" : `pk${i}`);
            increaseStake(s, p, "x", 1, stake);
            increaseStake(s, p, "x", 0, stake / 2n);
            applyChildren(s, undefined, 1, p, [[q, "child"]]);
          });
          const split = parentChildDividends(s, "child", 1, dividend);
          const burned = 10n ** 18n - SubnetAlphaOut.get(s, 1);
          const paid = split.reduce((t, [, v]) => t + v, 0n);
          assert.ok(paid + burned <= dividend, `created ${paid + burned - dividend}`);
          assert.ok(dividend - paid - burned <= BigInt(2 * split.length), `lost ${dividend - paid - burned}`);
          assert.equal(split.at(-1)?.[0], "child");
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("auto-stake destination (chain.md §6.5)", () => {
  before(cryptoReady);

  it("set_coldkey_auto_stake_hotkey: SubnetNotExists, HotKeyNotRegisteredInSubNet, SameAutoStakeHotkeyAlreadySet, switching", async () => {
    const { c, net, hot } = await chain();
    const set = (netuid: number, hotkey: string) =>
      c.block(c.tx("//Bob", "subtensor", "set_coldkey_auto_stake_hotkey", { netuid, hotkey }));
    c.expectError(set(99, hot), "SubnetNotExists");
    c.expectError(set(net, c.addr("//Nobody")), "HotKeyNotRegisteredInSubNet");
    const r = c.expectOk(set(net, hot));
    assert.ok(r.events.some((e) => e.name === "AutoStakeDestinationSet"));
    const bob = c.addr("//Bob");
    assert.equal(AutoStakeDestination.get(c.state, bob, net), hot);
    assert.deepEqual(AutoStakeDestinationColdkeys.get(c.state, hot, net), [bob]);
    c.expectError(set(net, hot), "SameAutoStakeHotkeyAlreadySet");
    const owner = c.addr("//Alice/sn");
    c.expectOk(set(net, owner));
    assert.deepEqual(AutoStakeDestinationColdkeys.get(c.state, hot, net), []);
    assert.deepEqual(AutoStakeDestinationColdkeys.get(c.state, owner, net), [bob]);
  });
});

describe("auto parent delegation of new subnets (do_set_root_validators_for_subnet)", () => {
  before(cryptoReady);

  it("every root validator (unless opted out) becomes a 100 % parent of the new owner hotkey", async () => {
    const c = await TestChain.create();
    const [v1, v2] = [c.addr("//Bob/root"), c.addr("//Charlie/root")];
    c.expectOk(c.block(c.tx("//Bob", "subtensor", "root_register", { hotkey: v1 })));
    c.expectOk(c.block(c.tx("//Charlie", "subtensor", "root_register", { hotkey: v2 })));
    c.expectError(
      c.block(
        c.tx("//Charlie", "subtensor", "set_auto_parent_delegation_enabled", {
          hotkey: c.addr("//Charlie/other"),
          enabled: false,
        }),
      ),
      "NonAssociatedColdKey",
    );
    c.expectError(
      c.block(
        c.tx("//Bob", "subtensor", "set_auto_parent_delegation_enabled", { hotkey: v2, enabled: false }),
      ),
      "NonAssociatedColdKey",
    );
    c.expectOk(
      c.block(
        c.tx("//Charlie", "subtensor", "set_auto_parent_delegation_enabled", { hotkey: v2, enabled: false }),
      ),
    );
    assert.equal(AutoParentDelegationEnabled.get(c.state, v2), false);
    const net = registerSubnet(c, "//Dave", "//Dave/sn");
    const owner = c.addr("//Dave/sn");
    assert.deepEqual(ChildKeys.get(c.state, v1, net), [[U64_MAX, owner]]);
    assert.deepEqual(ChildKeys.get(c.state, v2, net), []);
    assert.deepEqual(ParentKeys.get(c.state, owner, net), [[U64_MAX, v1]]);
    // the owner hotkey inherits v1's root stake on the new subnet
    increaseStake(c.state, v1, c.addr("//Bob"), 0, 1_000n * TAO);
    assert.equal(inheritedTao(c.state, owner, net), 1_000n * TAO);
    assert.equal(inheritedTao(c.state, v1, net), 0n);
    assert.equal(TotalHotkeyAlpha.get(c.state, owner, 0), 0n);
  });
});

describe("childkeys at subnet dissolution", () => {
  before(cryptoReady);

  it("dissolving a subnet drops its relations, pending lists, childkey takes, auto-stake destinations and flows", async () => {
    const { c, net, hot } = await chain();
    const child = c.addr("//Alice/sn");
    c.expectOk(setChildren(c, "//Bob", hot, net, [[U64_MAX / 2n, child]]));
    assert.equal(ChildKeys.get(c.state, hot, net).length, 1);
    // entries of another subnet must survive
    ChildKeys.set(c.state, hot, 77, [[1n, child]]);
    ChildkeyTake.set(c.state, hot, net, 100);
    AutoStakeDestination.set(c.state, c.addr("//Bob"), net, hot);
    AutoStakeDestinationColdkeys.set(c.state, hot, net, [c.addr("//Bob")]);
    PendingChildKeys.set(c.state, net, hot, { children: [[1n, child]], cooldownBlock: 99 });
    SubnetTaoFlow.set(c.state, net, 5n);
    c.expectOk(c.block(c.sudo("subtensor", "root_dissolve_network", { netuid: net })));
    assert.deepEqual(ChildKeys.get(c.state, hot, net), []);
    assert.deepEqual(ParentKeys.get(c.state, child, net), []);
    assert.equal(ChildkeyTake.get(c.state, hot, net), 0);
    assert.equal(AutoStakeDestination.get(c.state, c.addr("//Bob"), net), null);
    assert.deepEqual(AutoStakeDestinationColdkeys.get(c.state, hot, net), []);
    assert.equal(PendingChildKeys.get(c.state, net, hot), null);
    assert.equal(SubnetTaoFlow.get(c.state, net), 0n);
    assert.equal(ChildKeys.get(c.state, hot, 77).length, 1);
  });
});
