/**
 * Timelocked commit-reveal with the local beacon: the beacon's cryptography (quicknet's scheme), pulses,
 * the commit checks of the reference's `commit_timelocked_weights` and the reveal step of
 * `reveal_commits.rs` (decrypt at the reveal epoch, keep while the pulse is missing, drop what is
 * malformed), driven by real transactions on a TestChain.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { devGenesis } from "../genesis.js";
import {
  CommitRevealWeightsVersion,
  LastUpdate,
  SubnetEpochIndex,
  Uids,
  ValidatorPermit,
  Weights,
} from "../storage.js";
import { TestChain } from "../testing/chain.js";
import { setupSubnetForTest } from "../testing/subnet.js";
import type { ChainEvent } from "../types.js";
import { shouldRunEpoch } from "./coinbase/schedule.js";
import {
  BeaconPublicKey,
  beaconPublicKeyOf,
  decodeWeightsPayload,
  devBeaconSecret,
  encodeWeightsPayload,
  encryptWeightsCommit,
  LastStoredRound,
  MAX_COMMIT_SIZE_BYTES,
  OldestStoredRound,
  PULSES_KEPT,
  Pulses,
  signPulse,
  TimelockedWeightCommits,
  timelockDecrypt,
  timelockEncrypt,
  timelockGenesis,
  verifyPulse,
} from "./timelock.js";
import { maxUpscaleU16 } from "./weights.js";

const NET = 2;
const ALICE = "//Alice";
const hot = (i: number) => `//Alice/v${i}`;
const SECRET = devBeaconSecret();
const OTHER_SECRET = `0x${"11".repeat(32)}`;
const TEMPO = 5;

/** A dev chain with the beacon, and a commit-reveal subnet of `n` validators //Alice/v0.. (tempo 5). */
async function chain(n = 3): Promise<TestChain> {
  const c = await TestChain.create();
  if (BeaconPublicKey.get(c.state) === null) timelockGenesis(c.state, c.spec, devGenesis());
  setupSubnetForTest(c.state, NET, {
    burn: 1_000n,
    minBurn: 0n,
    weightsSetRateLimit: 0,
    tempo: TEMPO,
    commitRevealEnabled: true,
    revealPeriodEpochs: 1,
  });
  c.expectOk(
    c.block(
      ...Array.from({ length: n }, (_, i) =>
        c.tx(ALICE, "subtensor", "burned_register", { netuid: NET, hotkey: c.addr(hot(i)) }),
      ),
    ),
  );
  return c;
}

const permitAll = (c: TestChain, n = 3) =>
  ValidatorPermit.set(
    c.state,
    NET,
    Array.from({ length: n }, () => true),
  );

/** Advances until the next block is one where the subnet's epoch is due (the reveal block). */
function untilRevealBlock(c: TestChain): void {
  for (let i = 0; i < 100 && !shouldRunEpoch(c.state, NET, c.number + 1); i++) c.block();
  assert.ok(shouldRunEpoch(c.state, NET, c.number + 1));
}

/** Advances past the next due block, so that commits land in a fresh epoch. */
function intoFreshEpoch(c: TestChain): void {
  untilRevealBlock(c);
  c.block();
}

const commitTx = (c: TestChain, uri: string, commit: string, round: bigint, version?: number) =>
  c.tx(uri, "subtensor", "commit_timelocked_weights", {
    netuid: NET,
    commit,
    reveal_round: round,
    commit_reveal_version: version ?? CommitRevealWeightsVersion.get(c.state),
  });

const pulseTx = (c: TestChain, round: bigint, signature = signPulse(SECRET, round)) =>
  c.tx("//Bob", "subtensor", "write_pulse", { round, signature });

const named = (events: readonly ChainEvent[], name: string) => events.filter((e) => e.name === name);

describe("timelock: the beacon (quicknet's scheme)", () => {
  it("a pulse verifies for its round only, and not under another key", () => {
    const pk = beaconPublicKeyOf(SECRET);
    assert.equal(pk.length, 2 + 96 * 2);
    const sig = signPulse(SECRET, 42n);
    assert.equal(sig.length, 2 + 48 * 2);
    assert.ok(verifyPulse(pk, 42n, sig));
    assert.ok(!verifyPulse(pk, 43n, sig));
    assert.ok(!verifyPulse(beaconPublicKeyOf(OTHER_SECRET), 42n, sig));
    assert.ok(!verifyPulse(pk, 42n, "0x1234"));
    assert.equal(signPulse(SECRET, 42n), sig, "BLS signatures are deterministic");
  });

  it("verifies a real drand quicknet pulse (round 1000): the same scheme as quicknet", () => {
    const quicknet =
      "0x83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a";
    const round1000 =
      "0xb44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39";
    assert.ok(verifyPulse(quicknet, 1000n, round1000));
    assert.ok(!verifyPulse(quicknet, 1001n, round1000));
  });

  it("encrypt to a round, decrypt with its pulse only; any altered byte is rejected", () => {
    const pk = beaconPublicKeyOf(SECRET);
    const msg = new Uint8Array(Array.from({ length: 77 }, (_, i) => i));
    const ct = timelockEncrypt(msg, 7n, pk);
    assert.deepEqual(timelockDecrypt(ct, signPulse(SECRET, 7n)), msg);
    assert.throws(() => timelockDecrypt(ct, signPulse(SECRET, 8n)));
    assert.throws(() => timelockDecrypt(ct, signPulse(OTHER_SECRET, 7n)));
    for (const at of [100, 130, ct.length - 1]) {
      const bad = ct.slice();
      bad[at] = (bad[at] as number) ^ 1;
      assert.throws(() => timelockDecrypt(bad, signPulse(SECRET, 7n)), `byte ${at}`);
    }
    assert.notDeepEqual(timelockEncrypt(msg, 7n, pk), ct, "encryption is randomised");
  });

  it("the payload is the SCALE encoding of WeightsTlockPayload", async () => {
    const c = await TestChain.create();
    const hotkey = c.addr(hot(0));
    const bytes = encodeWeightsPayload({ hotkey, uids: [0, 1], values: [10, 65_535], versionKey: 3n });
    // compact(32) ‖ 32-byte key ‖ compact(2) ‖ 0,0 1,0 ‖ compact(2) ‖ 10,0 255,255 ‖ u64 LE 3
    assert.equal(bytes.length, 1 + 32 + 1 + 4 + 1 + 4 + 8);
    assert.equal(bytes[0], 32 << 2);
    assert.deepEqual([...bytes.subarray(33, 38)], [2 << 2, 0, 0, 1, 0]);
    assert.deepEqual([...bytes.subarray(38, 43)], [2 << 2, 10, 0, 255, 255]);
    assert.deepEqual([...bytes.subarray(43)], [3, 0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(decodeWeightsPayload(bytes), {
      hotkey,
      uids: [0, 1],
      values: [10, 65_535],
      versionKey: 3n,
    });
    assert.throws(() => decodeWeightsPayload(bytes.subarray(0, bytes.length - 1)));
    assert.throws(() => decodeWeightsPayload(Uint8Array.of(...bytes, 0)));
    const long = Array.from({ length: 300 }, (_, i) => i);
    const round = decodeWeightsPayload(
      encodeWeightsPayload({ hotkey, uids: long, values: long, versionKey: 0n }),
    );
    assert.deepEqual(round.uids, long);
  });

  it("genesis: extra.beaconPublicKey, else the dev key on a dev chain; a bad key is refused", async () => {
    const c = await TestChain.create();
    const s = c.state.fork();
    BeaconPublicKey.set(s, null);
    timelockGenesis(s, c.spec, devGenesis({ beaconPublicKey: beaconPublicKeyOf(OTHER_SECRET) }));
    assert.equal(BeaconPublicKey.get(s), beaconPublicKeyOf(OTHER_SECRET));
    timelockGenesis(s, c.spec, devGenesis());
    assert.equal(BeaconPublicKey.get(s), beaconPublicKeyOf(SECRET));
    assert.throws(
      () => timelockGenesis(s, c.spec, devGenesis({ beaconPublicKey: "0x1234" })),
      /InvalidGenesis|G2/,
    );
  });
});

describe("timelock: write_pulse", () => {
  it("stores a valid pulse (free, any signer); a forged or repeated one is refused", async () => {
    const c = await chain(1);
    c.expectError(c.block(pulseTx(c, 5n, signPulse(OTHER_SECRET, 5n))), "PulseVerificationError");
    c.expectError(c.block(pulseTx(c, 5n, signPulse(SECRET, 6n))), "PulseVerificationError");
    assert.equal(Pulses.get(c.state, 5n), null);
    const r = c.expectOk(c.block(pulseTx(c, 5n)));
    assert.equal(r.receipts[0]?.fee, 0n);
    assert.deepEqual(named(r.events, "NewPulse")[0]?.data, { rounds: [5n] });
    assert.equal(Pulses.get(c.state, 5n), signPulse(SECRET, 5n));
    assert.equal(LastStoredRound.get(c.state), 5n);
    c.expectError(c.block(pulseTx(c, 5n)), "InvalidRoundNumber");
    c.expectOk(c.block(pulseTx(c, 3n))); // a missed earlier round may be filled in
    assert.equal(LastStoredRound.get(c.state), 5n);
  });

  it(`keeps the last ${PULSES_KEPT} rounds`, async () => {
    const c = await chain(1);
    c.expectOk(c.block(pulseTx(c, 1n), pulseTx(c, 2n)));
    const far = PULSES_KEPT + 1n;
    c.expectOk(c.block(pulseTx(c, far)));
    assert.equal(Pulses.get(c.state, 1n), null);
    assert.notEqual(Pulses.get(c.state, 2n), null);
    assert.equal(OldestStoredRound.get(c.state), 2n);
    c.expectError(c.block(pulseTx(c, 1n)), "InvalidRoundNumber");
  });
});

describe("timelock: commit_timelocked_weights (the reference's checks)", () => {
  it("stores under (netuid index, commit epoch) with TimelockedWeightsCommitted; LastUpdate = commit block", async () => {
    const c = await chain();
    const ct = encryptWeightsCommit(
      { hotkey: c.addr(hot(0)), uids: [1], values: [1], versionKey: 0n },
      9n,
      beaconPublicKeyOf(SECRET),
    );
    const r = c.expectOk(c.block(commitTx(c, hot(0), ct, 9n)));
    assert.equal(r.receipts[0]?.fee, 0n);
    const epoch = SubnetEpochIndex.get(c.state, NET);
    const [stored] = TimelockedWeightCommits.get(c.state, NET, epoch);
    assert.deepEqual(stored, { who: c.addr(hot(0)), commitBlock: c.number, commit: ct, revealRound: 9n });
    const ev = named(r.events, "TimelockedWeightsCommitted")[0];
    assert.equal(ev?.data.revealRound, 9n);
    assert.equal(ev?.data.netuidIndex, NET);
    const uid = Uids.get(c.state, NET, c.addr(hot(0))) as number;
    assert.equal(LastUpdate.get(c.state, NET)[uid], c.number);
  });

  it("IncorrectCommitRevealVersion, CommitRevealDisabled, HotKeyNotRegisteredInSubNet, MechanismDoesNotExist", async () => {
    const c = await chain();
    c.expectError(c.block(commitTx(c, hot(0), "0x00", 9n, 3)), "IncorrectCommitRevealVersion");
    c.expectError(c.block(commitTx(c, "//Nobody", "0x00", 9n)), "HotKeyNotRegisteredInSubNet");
    c.expectError(
      c.block(
        c.tx(hot(0), "subtensor", "commit_timelocked_mechanism_weights", {
          netuid: NET,
          mecid: 1,
          commit: "0x00",
          reveal_round: 9n,
          commit_reveal_version: 4,
        }),
      ),
      "MechanismDoesNotExist",
    );
    c.expectOk(
      c.block(
        c.sudo("adminUtils", "sudo_set_commit_reveal_weights_enabled", { netuid: NET, enabled: false }),
      ),
    );
    c.expectError(c.block(commitTx(c, hot(0), "0x00", 9n)), "CommitRevealDisabled");
  });

  it(`a commit of more than ${MAX_COMMIT_SIZE_BYTES} bytes cannot be decoded (InvalidArguments)`, async () => {
    const c = await chain();
    c.expectOk(c.block(commitTx(c, hot(0), `0x${"ab".repeat(MAX_COMMIT_SIZE_BYTES)}`, 9n)));
    c.expectError(
      c.block(commitTx(c, hot(0), `0x${"ab".repeat(MAX_COMMIT_SIZE_BYTES + 1)}`, 9n)),
      "InvalidArguments",
    );
  });

  it("the 11th commit of a hotkey in an epoch: TooManyUnrevealedCommits (others unaffected)", async () => {
    const c = await chain();
    c.expectOk(c.block(...Array.from({ length: 10 }, () => commitTx(c, hot(0), "0x01", 9n))));
    assert.ok(!shouldRunEpoch(c.state, NET, c.number + 1), "still the same epoch");
    c.expectError(c.block(commitTx(c, hot(0), "0x01", 9n)), "TooManyUnrevealedCommits");
    c.expectOk(c.block(commitTx(c, hot(1), "0x01", 9n)));
  });

  it("commit_crv3_mechanism_weights takes the chain's version", async () => {
    const c = await chain();
    c.expectOk(
      c.block(
        c.tx(hot(0), "subtensor", "commit_crv3_mechanism_weights", {
          netuid: NET,
          mecid: 0,
          commit: "0x01",
          reveal_round: 9n,
        }),
      ),
    );
  });
});

describe("timelock: the reveal step (reveal_commits.rs)", () => {
  it("hidden until the pulse; revealed at the reveal epoch exactly as set_weights stores them", async () => {
    const c = await chain();
    intoFreshEpoch(c);
    const R = 1_000n;
    const values = [100, 40_000, 7];
    const ct = encryptWeightsCommit(
      { hotkey: c.addr(hot(0)), uids: [0, 1, 2], values, versionKey: 0n },
      R,
      BeaconPublicKey.get(c.state) as string,
    );
    c.expectOk(c.block(commitTx(c, hot(0), ct, R)));
    const commitEpoch = SubnetEpochIndex.get(c.state, NET);
    c.expectError(c.block(pulseTx(c, R, signPulse(OTHER_SECRET, R))), "PulseVerificationError");
    c.expectOk(c.block(pulseTx(c, R)));
    assert.deepEqual(Weights.get(c.state, NET, 0), [], "nothing before the reveal epoch");
    untilRevealBlock(c);
    permitAll(c);
    const r = c.block();
    assert.equal(SubnetEpochIndex.get(c.state, NET), commitEpoch + 1);
    const upscaled = maxUpscaleU16(values);
    assert.deepEqual(
      Weights.get(c.state, NET, 0),
      [0, 1, 2].map((u, i) => [u, upscaled[i]]),
    );
    assert.equal(LastUpdate.get(c.state, NET)[0], c.number);
    assert.deepEqual(named(r.events, "TimelockedWeightsRevealed")[0]?.data, {
      netuidIndex: NET,
      hotkey: c.addr(hot(0)),
    });
    assert.equal(named(r.events, "WeightsSet").length, 1);
    assert.deepEqual(TimelockedWeightCommits.get(c.state, NET, commitEpoch), []);
  });

  it("a missing pulse keeps the commit through its reveal epoch; it expires (dropped) after", async () => {
    const c = await chain();
    intoFreshEpoch(c);
    const R = 2_000n;
    const ct = encryptWeightsCommit(
      { hotkey: c.addr(hot(0)), uids: [1], values: [5], versionKey: 0n },
      R,
      BeaconPublicKey.get(c.state) as string,
    );
    c.expectOk(c.block(commitTx(c, hot(0), ct, R)));
    const commitEpoch = SubnetEpochIndex.get(c.state, NET);
    untilRevealBlock(c);
    permitAll(c);
    const r = c.block();
    assert.equal(named(r.events, "TimelockedWeightsRevealed").length, 0);
    assert.equal(TimelockedWeightCommits.get(c.state, NET, commitEpoch).length, 1, "kept for a retry");
    assert.deepEqual(Weights.get(c.state, NET, 0), []);
    c.expectOk(c.block(pulseTx(c, R)));
    untilRevealBlock(c);
    const later = c.block();
    assert.equal(TimelockedWeightCommits.get(c.state, NET, commitEpoch).length, 0);
    assert.match(String(named(later.events, "TimelockedWeightsDropped")[0]?.data.reason), /expired/);
    assert.deepEqual(Weights.get(c.state, NET, 0), [], "an expired commit is never applied");
  });

  it("malformed ciphertexts, a wrong hotkey in the payload and failing weights are dropped with an event", async () => {
    const c = await chain();
    intoFreshEpoch(c);
    const R = 3_000n;
    const pk = BeaconPublicKey.get(c.state) as string;
    const good = encryptWeightsCommit(
      { hotkey: c.addr(hot(2)), uids: [0, 1], values: [1, 2], versionKey: 0n },
      R,
      pk,
    );
    const tampered = `${good.slice(0, -2)}${good.endsWith("00") ? "01" : "00"}`;
    const otherHotkey = encryptWeightsCommit(
      { hotkey: c.addr(hot(0)), uids: [1], values: [1], versionKey: 0n },
      R,
      pk,
    );
    const duplicate = encryptWeightsCommit(
      { hotkey: c.addr(hot(1)), uids: [1, 1], values: [1, 1], versionKey: 0n },
      R,
      pk,
    );
    c.expectOk(
      c.block(
        commitTx(c, hot(0), "0xdeadbeef", R),
        commitTx(c, hot(0), tampered, R),
        commitTx(c, hot(1), otherHotkey, R),
        commitTx(c, hot(1), duplicate, R),
        commitTx(c, hot(2), good, R),
        pulseTx(c, R),
      ),
    );
    const commitEpoch = SubnetEpochIndex.get(c.state, NET);
    untilRevealBlock(c);
    permitAll(c);
    const r = c.block();
    const reasons = named(r.events, "TimelockedWeightsDropped").map((e) => String(e.data.reason));
    assert.equal(reasons.length, 4, reasons.join("; "));
    assert.match(reasons[0] as string, /decryption failed/);
    assert.match(reasons[1] as string, /decryption failed/);
    assert.match(reasons[2] as string, /hotkey/);
    assert.match(reasons[3] as string, /set_weights failed: a uid appears twice/);
    assert.equal(named(r.events, "TimelockedWeightsRevealed").length, 1);
    assert.equal(Weights.get(c.state, NET, 2).length, 2);
    assert.deepEqual(Weights.get(c.state, NET, 1), []);
    assert.deepEqual(TimelockedWeightCommits.get(c.state, NET, commitEpoch), []);
  });
});
