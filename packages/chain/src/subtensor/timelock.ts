/**
 * Timelocked commit-reveal (chain.md §9.3) with a local beacon in place of drand.
 *
 * The beacon has drand quicknet's cryptography ("bls-unchained-g1-rfc9380"): a BLS12-381 key pair with
 * the public key on G2 and signatures on G1; the message of round r is SHA-256 of r as 8 bytes big-endian,
 * hashed to G1 with the DST "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_". The pulse of round r is the
 * beacon's signature on that message: anyone can check it against `BeaconPublicKey`, and it is the
 * identity-based decryption key of round r.
 *
 * A validator encrypts its weights to a future round (`encryptWeightsCommit`) and commits the ciphertext
 * (`commit_timelocked_weights`); pulses are stored by `write_pulse`; at the start of epoch
 * commit_epoch + RevealPeriodEpochs the chain decrypts the commits whose pulse is stored and applies them
 * as set_weights would (`revealTimelockedCommits`, block step 4).
 *
 * Ciphertext (taonet's own layout, the IBE of drand's tlock): U ‖ V ‖ W, where U = r·G2 (96 bytes,
 * compressed), V = σ ⊕ H2(e(r·Q_id, P)) (32 bytes), W = payload ⊕ H4(σ) (the payload's length); σ is a
 * random 32-byte seed, r = H3(σ, payload) mod the group order, Q_id = the round's message on G1 and P the
 * beacon's public key (Boneh–Franklin FullIdent with the Fujisaki–Okamoto check: decryption recomputes r
 * and rejects unless U = r·G2, so any altered byte is detected). H2, H3, H4 are SHA-256 with the domain
 * tags "IBE-H2", "IBE-H3", "IBE-H4". Not byte-compatible with drand's tlock (age envelope) nor with the
 * reference's `tle` format.
 *
 * Payload: the SCALE encoding of the reference's `WeightsTlockPayload` {hotkey: Vec<u8> (the 32-byte
 * public key), uids: Vec<u16>, values: Vec<u16>, version_key: u64}.
 */
import { bls12_381 as bls } from "@noble/curves/bls12-381";
import { sha256 } from "@noble/hashes/sha2";
import { randomBytes } from "@noble/hashes/utils";
import { z } from "zod";
import { signer } from "../args.js";
import { type AccountId, addressOf, blake2b256, publicKeyOf } from "../crypto.js";
import { ensure, fail } from "../errors.js";
import { StorageDoubleMap, StorageMap, StorageValue } from "../state/items.js";
import type { State } from "../state/state.js";
import {
  CommitRevealWeightsEnabled,
  CommitRevealWeightsVersion,
  LastUpdate,
  MechanismCountCurrent,
  NetworksAdded,
  RevealPeriodEpochs,
  Uids,
  WeightsSetRateLimit,
} from "../storage.js";
import type { BlockContext, CallContext, CallDef, ChainSpec, GenesisConfig } from "../types.js";
import { epochsDeferredThisBlock, shouldRunEpoch } from "./coinbase/schedule.js";
import { allSubnets } from "./coinbase/shares.js";
import { mechanismIndex, setLastUpdate, U64_MAX } from "./neurons.js";
import { currentEpochIndex, MAX_UNREVEALED_COMMITS, setWeightsInternal } from "./weights.js";

// ---------------------------------------------------------------------------------------------
// Storage (the reference's pallet_drand and SubtensorModule names)

/** One timelocked commit: (who, commit_block, ciphertext, reveal_round) as in the reference. */
export interface TimelockedCommit {
  readonly who: AccountId;
  readonly commitBlock: number;
  /** The ciphertext as 0x-hex. */
  readonly commit: string;
  readonly revealRound: bigint;
}

/** The beacon's public key (96-byte compressed G2 point, 0x-hex); null: no pulse can be accepted. */
export const BeaconPublicKey = new StorageValue<string | null>("BeaconPublicKey", null);
/** Pulses by round: the beacon's signature (48-byte compressed G1 point, 0x-hex). */
export const Pulses = new StorageMap<bigint, string | null>("Pulses", null);
/** The highest round stored. */
export const LastStoredRound = new StorageValue<bigint>("LastStoredRound", 0n);
/** No stored pulse is older than this round (the pruning cursor). */
export const OldestStoredRound = new StorageValue<bigint>("OldestStoredRound", 0n);
/** Commits by (mechanism storage index, commit epoch), in commit order. */
export const TimelockedWeightCommits = new StorageDoubleMap<number, number, readonly TimelockedCommit[]>(
  "TimelockedWeightCommits",
  [],
);

/** Pulses kept: rounds below LastStoredRound − PULSES_KEPT + 1 are pruned. */
export const PULSES_KEPT = 10_000n;
/** The reference's MAX_CRV3_COMMIT_SIZE_BYTES. */
export const MAX_COMMIT_SIZE_BYTES = 5_000;

// ---------------------------------------------------------------------------------------------
// Beacon cryptography

const G1_DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";
const ORDER = bls.fields.Fr.ORDER;
const G2_BYTES = 96;
const SEED_BYTES = 32;
const tagBytes = (tag: string) => new TextEncoder().encode(tag);
const H2_TAG = tagBytes("IBE-H2");
const H3_TAG = tagBytes("IBE-H3");
const H4_TAG = tagBytes("IBE-H4");

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const toHex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}`;

function fromHex(hex: string): Uint8Array {
  const body = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (body.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(body)) throw new Error("expected hex");
  return new Uint8Array(Buffer.from(body, "hex"));
}

/** The message of a round: SHA-256 of the round as 8 bytes big-endian (drand's unchained scheme). */
export function roundMessage(round: bigint | number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(round));
  return sha256(b);
}

const roundPoint = (round: bigint | number) => bls.shortSignatures.hash(roundMessage(round), G1_DST);

function secretScalar(secret: string | Uint8Array): Uint8Array {
  return typeof secret === "string" ? fromHex(secret) : secret;
}

/**
 * The development beacon's secret: SHA-256 of a fixed phrase, reduced into the scalar field. It is PUBLIC
 * BY DESIGN (anyone can decrypt every dev commit at once): use it only on development chains.
 */
export function devBeaconSecret(): string {
  const h = sha256(tagBytes("taonet dev beacon: insecure, public by design"));
  const v = BigInt(toHex(h)) % ORDER;
  return `0x${v.toString(16).padStart(64, "0")}`;
}

/** The beacon public key of a secret: compressed G2 point as 0x-hex (96 bytes). */
export function beaconPublicKeyOf(secret: string | Uint8Array): string {
  return toHex(bls.shortSignatures.getPublicKey(secretScalar(secret)).toBytes(true));
}

/** The pulse of `round`: the beacon's G1 signature on the round's message, compressed, 0x-hex (48 bytes). */
export function signPulse(secret: string | Uint8Array, round: bigint | number): string {
  const sig = bls.shortSignatures.sign(roundPoint(round), secretScalar(secret));
  return toHex(sig.toBytes(true));
}

/** Whether `signature` is the pulse of `round` for the beacon `publicKey` (false on any malformed input). */
export function verifyPulse(publicKey: string, round: bigint | number, signature: string): boolean {
  try {
    const pk = bls.G2.Point.fromHex(fromHex(publicKey));
    const sig = bls.G1.Point.fromHex(fromHex(signature));
    return bls.shortSignatures.verify(sig, roundPoint(round), pk);
  } catch {
    return false;
  }
}

/** H3(σ, m): 64 bytes of SHA-256 output reduced to a non-zero scalar. */
function h3(seed: Uint8Array, message: Uint8Array): bigint {
  const a = sha256(concat(H3_TAG, Uint8Array.of(0), seed, message));
  const b = sha256(concat(H3_TAG, Uint8Array.of(1), seed, message));
  return (BigInt(toHex(concat(a, b))) % (ORDER - 1n)) + 1n;
}

/** H4(σ) stretched to `length` bytes (SHA-256 in counter mode). */
function h4(seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let block = 0; block * 32 < length; block++) {
    const counter = new Uint8Array(4);
    new DataView(counter.buffer).setUint32(0, block);
    const chunk = sha256(concat(H4_TAG, counter, seed));
    out.set(chunk.subarray(0, Math.min(32, length - block * 32)), block * 32);
  }
  return out;
}

type Fp12 = ReturnType<typeof bls.pairing>;
const h2 = (gt: Fp12) => sha256(concat(H2_TAG, bls.fields.Fp12.toBytes(gt)));

const xor = (a: Uint8Array, b: Uint8Array) => a.map((v, i) => v ^ (b[i] ?? 0));

/** Encrypts `message` to `round` of the beacon `publicKey`; the ciphertext as bytes. */
export function timelockEncrypt(message: Uint8Array, round: bigint | number, publicKey: string): Uint8Array {
  const pk = bls.G2.Point.fromHex(fromHex(publicKey));
  const seed = randomBytes(SEED_BYTES);
  const r = h3(seed, message);
  const u = bls.G2.Point.BASE.multiply(r);
  const gid = bls.pairing(roundPoint(round).multiply(r), pk);
  const v = xor(seed, h2(gid));
  const w = xor(message, h4(seed, message.length));
  return concat(u.toBytes(true), v, w);
}

/** Decrypts with the pulse of the ciphertext's round; throws on a malformed or altered ciphertext. */
export function timelockDecrypt(ciphertext: Uint8Array, pulse: string): Uint8Array {
  if (ciphertext.length < G2_BYTES + SEED_BYTES) throw new Error("ciphertext too short");
  const u = bls.G2.Point.fromHex(ciphertext.subarray(0, G2_BYTES));
  const sig = bls.G1.Point.fromHex(fromHex(pulse));
  const seed = xor(ciphertext.subarray(G2_BYTES, G2_BYTES + SEED_BYTES), h2(bls.pairing(sig, u)));
  const w = ciphertext.subarray(G2_BYTES + SEED_BYTES);
  const message = xor(w, h4(seed, w.length));
  if (!bls.G2.Point.BASE.multiply(h3(seed, message)).equals(u))
    throw new Error("ciphertext does not decrypt with this pulse");
  return message;
}

// ---------------------------------------------------------------------------------------------
// Payload: SCALE encoding of WeightsTlockPayload {hotkey: Vec<u8>, uids: Vec<u16>, values: Vec<u16>, version_key: u64}

export interface WeightsPayload {
  readonly hotkey: AccountId;
  readonly uids: readonly number[];
  readonly values: readonly number[];
  readonly versionKey: bigint;
}

function compact(n: number): Uint8Array {
  if (n < 1 << 6) return Uint8Array.of(n << 2);
  if (n < 1 << 14) return Uint8Array.of(((n << 2) | 1) & 0xff, n >> 6);
  if (n < 1 << 30) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, ((n << 2) | 2) >>> 0, true);
    return b;
  }
  throw new RangeError("length too large");
}

function u16Vec(v: readonly number[]): Uint8Array {
  const b = new Uint8Array(v.length * 2);
  const view = new DataView(b.buffer);
  v.forEach((x, i) => {
    view.setUint16(i * 2, x, true);
  });
  return concat(compact(v.length), b);
}

export function encodeWeightsPayload(p: WeightsPayload): Uint8Array {
  const key = publicKeyOf(p.hotkey);
  const version = new Uint8Array(8);
  new DataView(version.buffer).setBigUint64(0, p.versionKey, true);
  return concat(compact(key.length), key, u16Vec(p.uids), u16Vec(p.values), version);
}

class Reader {
  at = 0;
  constructor(readonly b: Uint8Array) {}
  private take(n: number): Uint8Array {
    if (this.at + n > this.b.length) throw new Error("payload truncated");
    const out = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  compact(): number {
    const first = this.take(1)[0] as number;
    const mode = first & 3;
    if (mode === 0) return first >> 2;
    if (mode === 1) return (first | ((this.take(1)[0] as number) << 8)) >> 2;
    if (mode === 2) {
      const rest = this.take(3);
      return (
        ((first | ((rest[0] as number) << 8) | ((rest[1] as number) << 16) | ((rest[2] as number) << 24)) >>>
          0) >>>
        2
      );
    }
    throw new Error("compact length too large");
  }
  bytes(n: number): Uint8Array {
    return this.take(n);
  }
  u16Vec(): number[] {
    const n = this.compact();
    const b = this.take(n * 2);
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return Array.from({ length: n }, (_, i) => view.getUint16(i * 2, true));
  }
  u64(): bigint {
    const b = this.take(8);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
  }
}

/** Decodes a payload; throws unless it is exactly one well-formed WeightsTlockPayload. */
export function decodeWeightsPayload(bytes: Uint8Array): WeightsPayload {
  const r = new Reader(bytes);
  const key = r.bytes(r.compact());
  if (key.length !== 32) throw new Error("the hotkey is not a 32-byte account id");
  const uids = r.u16Vec();
  const values = r.u16Vec();
  const versionKey = r.u64();
  if (r.at !== bytes.length) throw new Error("trailing bytes after the payload");
  return { hotkey: addressOf(key), uids, values, versionKey };
}

/** The client side: the ciphertext (0x-hex) to send as `commit` for reveal at `round`. */
export function encryptWeightsCommit(
  payload: { hotkey: AccountId; uids: readonly number[]; values: readonly number[]; versionKey: bigint },
  round: bigint | number,
  beaconPublicKey: string,
): string {
  return toHex(timelockEncrypt(encodeWeightsPayload(payload), round, beaconPublicKey));
}

// ---------------------------------------------------------------------------------------------
// Genesis

/**
 * Sets BeaconPublicKey from `config.extra.beaconPublicKey` (0x-hex G2 point); a dev chain without one
 * uses the public key of `devBeaconSecret()`. A mainnet genesis without a key accepts no pulse.
 */
export function timelockGenesis(state: State, _spec: ChainSpec, config: GenesisConfig): void {
  const given = config.extra?.beaconPublicKey;
  if (typeof given === "string") {
    try {
      bls.G2.Point.fromHex(fromHex(given));
    } catch {
      fail(
        "InvalidGenesis",
        "extra.beaconPublicKey: expected a compressed BLS12-381 G2 point as hex",
        "System",
      );
    }
    BeaconPublicKey.set(state, toHex(fromHex(given)));
  } else if (given !== undefined) {
    fail("InvalidGenesis", "extra.beaconPublicKey: expected a hex string", "System");
  } else if (config.params.dev) {
    BeaconPublicKey.set(state, beaconPublicKeyOf(devBeaconSecret()));
  }
}

// ---------------------------------------------------------------------------------------------
// write_pulse

function writePulse(ctx: CallContext, round: bigint, signature: string): void {
  const s = ctx.state;
  const pk = BeaconPublicKey.get(s);
  ensure(pk !== null, "NoneValue", "this chain has no beacon public key: it accepts no pulse", "Drand");
  const last = LastStoredRound.get(s);
  const floor = last >= PULSES_KEPT ? last - PULSES_KEPT + 1n : 0n;
  ensure(
    round > 0n && round >= floor && Pulses.get(s, round) === null,
    "InvalidRoundNumber",
    Pulses.get(s, round) !== null
      ? `the pulse of round ${round} is already stored`
      : `round ${round} is outside the kept window (from round ${floor})`,
    "Drand",
  );
  ensure(
    verifyPulse(pk, round, signature),
    "PulseVerificationError",
    `the signature is not the beacon's pulse of round ${round}`,
    "Drand",
  );
  Pulses.set(s, round, signature);
  if (round < OldestStoredRound.get(s) || OldestStoredRound.get(s) === 0n) OldestStoredRound.set(s, round);
  if (round > last) {
    LastStoredRound.set(s, round);
    prunePulses(s, round);
  }
  ctx.emit({ pallet: "Drand", name: "NewPulse", data: { rounds: [round] } });
}

/** Removes the pulses below newest − PULSES_KEPT + 1; the work is bounded by the number kept. */
function prunePulses(s: State, newest: bigint): void {
  if (newest < PULSES_KEPT) return;
  const cutoff = newest - PULSES_KEPT + 1n;
  const oldest = OldestStoredRound.get(s);
  if (oldest >= cutoff) return;
  if (cutoff - oldest <= 4n * PULSES_KEPT) {
    for (let r = oldest; r < cutoff; r++) Pulses.remove(s, r);
  } else {
    for (const key of Pulses.keys(s)) if (BigInt(key) < cutoff) Pulses.remove(s, BigInt(key));
  }
  OldestStoredRound.set(s, cutoff);
}

// ---------------------------------------------------------------------------------------------
// commit_timelocked_weights (chain.md §9.3)

interface TimelockedCommitRequest {
  readonly netuid: number;
  readonly mecid: number;
  readonly commit: Uint8Array;
  readonly revealRound: bigint;
  readonly version: number;
}

function commitTimelocked(ctx: CallContext, r: TimelockedCommitRequest): void {
  const s = ctx.state;
  const who = signer(ctx);
  const now = ctx.header.number;
  const { netuid, mecid } = r;
  const expected = CommitRevealWeightsVersion.get(s);
  ensure(
    r.version === expected,
    "IncorrectCommitRevealVersion",
    `commit_reveal_version ${r.version} is not the chain's CommitRevealWeightsVersion ${expected}; update your client`,
  );
  ensure(
    CommitRevealWeightsEnabled.get(s, netuid),
    "CommitRevealDisabled",
    `subnet ${netuid} does not use commit-reveal: send set_weights`,
  );
  ensure(
    NetworksAdded.get(s, netuid) && mecid < MechanismCountCurrent.get(s, netuid),
    "MechanismDoesNotExist",
    `subnet ${netuid} has no mechanism ${mecid}`,
  );
  const uid = Uids.get(s, netuid, who);
  ensure(
    uid !== null,
    "HotKeyNotRegisteredInSubNet",
    `hotkey ${who} is not registered on subnet ${netuid}; register it first`,
  );
  const index = mechanismIndex(netuid, mecid);
  const last = LastUpdate.get(s, index)[uid] ?? 0;
  const limit = WeightsSetRateLimit.get(s, netuid);
  ensure(
    last === 0 || now - last >= limit,
    "CommittingWeightsTooFast",
    `the last commit was at block ${last}; wait ${limit} blocks`,
  );
  const epoch = currentEpochIndex(s, netuid, now);
  const queue = TimelockedWeightCommits.get(s, index, epoch);
  const mine = queue.filter((c) => c.who === who).length;
  ensure(
    mine < MAX_UNREVEALED_COMMITS,
    "TooManyUnrevealedCommits",
    `hotkey ${who} already has ${mine} timelocked commits in epoch ${epoch}; wait for the next epoch`,
  );
  const commit = toHex(r.commit);
  TimelockedWeightCommits.set(s, index, epoch, [
    ...queue,
    { who, commitBlock: now, commit, revealRound: r.revealRound },
  ]);
  ctx.emit({
    pallet: "SubtensorModule",
    name: "TimelockedWeightsCommitted",
    data: { hotkey: who, netuidIndex: index, hash: toHex(blake2b256(r.commit)), revealRound: r.revealRound },
  });
  setLastUpdate(s, index, uid, now);
}

// ---------------------------------------------------------------------------------------------
// The reveal step (block step 4)

function dropped(ctx: BlockContext, index: number, c: TimelockedCommit, reason: string): void {
  ctx.emit({
    pallet: "SubtensorModule",
    name: "TimelockedWeightsDropped",
    data: { hotkey: c.who, netuidIndex: index, revealRound: c.revealRound, reason },
  });
}

/** The weights a commit carries, or the reason it cannot be applied. */
function openCommit(c: TimelockedCommit, pulse: string): WeightsPayload | string {
  let plain: Uint8Array;
  try {
    plain = timelockDecrypt(fromHex(c.commit), pulse);
  } catch (e) {
    return `decryption failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  let payload: WeightsPayload;
  try {
    payload = decodeWeightsPayload(plain);
  } catch (e) {
    return `malformed payload: ${e instanceof Error ? e.message : String(e)}`;
  }
  return payload.hotkey === c.who ? payload : "the payload's hotkey is not the committer";
}

/** `reveal_crv3_commits_for_subnet`: reveals the commits of epoch current − RevealPeriodEpochs. */
function revealSubnet(ctx: BlockContext, netuid: number): void {
  const s = ctx.state;
  const now = ctx.header.number;
  const period = RevealPeriodEpochs.get(s, netuid);
  const current = currentEpochIndex(s, netuid, now);
  const revealEpoch = Math.max(current - period, 0);
  const mechanisms = MechanismCountCurrent.get(s, netuid);
  for (let mecid = 0; mecid < mechanisms; mecid++) {
    const index = mechanismIndex(netuid, mecid);
    for (const [key, expired] of TimelockedWeightCommits.prefix(s, index)) {
      if (Number(key) >= revealEpoch) continue;
      for (const c of expired) dropped(ctx, index, c, "expired: its reveal epoch has passed");
      TimelockedWeightCommits.remove(s, index, Number(key));
    }
    if (current < period) return;
    const entries = TimelockedWeightCommits.get(s, index, revealEpoch);
    if (entries.length === 0) continue;
    const waiting: TimelockedCommit[] = [];
    for (const c of entries) {
      const pulse = Pulses.get(s, c.revealRound);
      if (pulse === null) {
        waiting.push(c);
        continue;
      }
      const payload = openCommit(c, pulse);
      if (typeof payload === "string") {
        dropped(ctx, index, c, payload);
        continue;
      }
      const callCtx: CallContext = {
        state: s,
        spec: ctx.spec,
        header: ctx.header,
        origin: { kind: "signed", who: c.who },
        emit: (e) => ctx.emit(e),
      };
      s.begin();
      try {
        setWeightsInternal(callCtx, {
          hotkey: c.who,
          netuid,
          mecid,
          uids: payload.uids,
          values: payload.values,
          versionKey: payload.versionKey,
        });
        s.commit();
      } catch (e) {
        s.rollback();
        dropped(ctx, index, c, `set_weights failed: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      ctx.emit({
        pallet: "SubtensorModule",
        name: "TimelockedWeightsRevealed",
        data: { netuidIndex: index, hotkey: c.who },
      });
    }
    if (waiting.length > 0) TimelockedWeightCommits.set(s, index, revealEpoch, waiting);
    else TimelockedWeightCommits.remove(s, index, revealEpoch);
  }
}

/**
 * Block step 4 (chain.md §3): for every subnet whose epoch is due this block and not deferred, reveal its
 * timelocked commits whose pulse is stored. Call before the coinbase (which runs the epochs).
 */
export function revealTimelockedCommits(ctx: BlockContext): void {
  const now = ctx.header.number;
  const subnets = allSubnets(ctx.state).filter((n) => n !== 0);
  const deferred = epochsDeferredThisBlock(ctx, subnets, now);
  for (const netuid of subnets) {
    if (shouldRunEpoch(ctx.state, netuid, now) && !deferred.has(netuid)) revealSubnet(ctx, netuid);
  }
}

// ---------------------------------------------------------------------------------------------
// Calls

const netuidArg = z.number().int().min(0).max(65_535);
const mecidArg = z.number().int().min(0).max(255);
const u64Arg = z
  .union([z.bigint(), z.string().regex(/^\d+$/, "expected decimal digits"), z.number().int().min(0)])
  .transform((v) => BigInt(v))
  .refine((v) => v >= 0n && v <= U64_MAX, "expected a u64");
/** BoundedVec<u8, 5 000>: a longer commit cannot even be decoded by the reference. */
const commitArg = z
  .string()
  .regex(/^0x([0-9a-fA-F]{2})*$/, "expected the ciphertext as 0x-hex")
  .refine(
    (h) => (h.length - 2) / 2 <= MAX_COMMIT_SIZE_BYTES,
    `a commit holds at most ${MAX_COMMIT_SIZE_BYTES} bytes`,
  )
  .transform((h) => fromHex(h));
const versionArg = z.number().int().min(0).max(65_535);
const signatureArg = z.string().regex(/^0x[0-9a-fA-F]{96}$/, "expected a 48-byte G1 signature as 0x-hex");

const timelockedArgs = z.object({
  netuid: netuidArg,
  commit: commitArg,
  reveal_round: u64Arg,
  commit_reveal_version: versionArg,
});
type TimelockedArgs = z.infer<typeof timelockedArgs>;
const timelockedMechanismArgs = timelockedArgs.extend({ mecid: mecidArg });
type TimelockedMechanismArgs = z.infer<typeof timelockedMechanismArgs>;
const crv3Args = z.object({ netuid: netuidArg, mecid: mecidArg, commit: commitArg, reveal_round: u64Arg });
type Crv3Args = z.infer<typeof crv3Args>;
const writePulseArgs = z.object({
  round: u64Arg.refine((v) => v <= BigInt(Number.MAX_SAFE_INTEGER), "round too large"),
  signature: signatureArg,
});
type WritePulseArgs = z.infer<typeof writePulseArgs>;

const weightsWeight = 100_000_000n;

// biome-ignore lint/suspicious/noExplicitAny: each call has its own argument type
export const timelockCalls: Record<string, CallDef<any>> = {
  write_pulse: {
    args: writePulseArgs,
    origin: "signed",
    pays: false,
    weight: 10_000_000n,
    apply: (ctx, a: WritePulseArgs) => writePulse(ctx, a.round, a.signature.toLowerCase()),
  } satisfies CallDef<WritePulseArgs>,
  commit_timelocked_weights: {
    args: timelockedArgs,
    origin: "signed",
    pays: false,
    weight: weightsWeight,
    apply: (ctx, a: TimelockedArgs) =>
      commitTimelocked(ctx, {
        netuid: a.netuid,
        mecid: 0,
        commit: a.commit,
        revealRound: a.reveal_round,
        version: a.commit_reveal_version,
      }),
  } satisfies CallDef<TimelockedArgs>,
  commit_timelocked_mechanism_weights: {
    args: timelockedMechanismArgs,
    origin: "signed",
    pays: false,
    weight: weightsWeight,
    apply: (ctx, a: TimelockedMechanismArgs) =>
      commitTimelocked(ctx, {
        netuid: a.netuid,
        mecid: a.mecid,
        commit: a.commit,
        revealRound: a.reveal_round,
        version: a.commit_reveal_version,
      }),
  } satisfies CallDef<TimelockedMechanismArgs>,
  commit_crv3_mechanism_weights: {
    args: crv3Args,
    origin: "signed",
    pays: false,
    weight: weightsWeight,
    // the v3 call carries no version: it is always the chain's current one
    apply: (ctx, a: Crv3Args) =>
      commitTimelocked(ctx, {
        netuid: a.netuid,
        mecid: a.mecid,
        commit: a.commit,
        revealRound: a.reveal_round,
        version: CommitRevealWeightsVersion.get(ctx.state),
      }),
  } satisfies CallDef<Crv3Args>,
};
