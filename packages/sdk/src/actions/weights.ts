/**
 * Weights: set, commit/reveal (hash commit), and the timelocked commit. When setting weights fails, the
 * error says why with the numbers: blocks until the rate limit allows it, whether commit-reveal is on,
 * whether the hotkey has a validator permit, its stake against the threshold.
 */
import { commitHash, encryptWeightsCommit } from "@taonet/chain";
import type { Client } from "../client.js";
import { DispatchError, TaonetError } from "../errors.js";
import { getMetagraph } from "./metagraph.js";
import { getBeaconInfo, getHead, getHyperparameters } from "./public.js";
import {
  requireArg,
  type SendOptions,
  type SignerLike,
  sendTransaction,
  type TransactionReceipt,
  toSigner,
} from "./send.js";

const U16_MAX = 65_535;
const MAX_SUBNETS = 4_096;

export interface WeightsInput {
  readonly netuid: number;
  /** Mechanism id (default 0). */
  readonly mecid?: number;
  readonly uids: readonly number[];
  /**
   * One weight per uid: u16 integers (0..65535), or any non-negative numbers (floats are scaled so the
   * largest becomes 65535; the chain max-upscales u16 weights the same way).
   */
  readonly weights: readonly number[];
  /** The subnet's weights version key (default 0n). */
  readonly versionKey?: bigint;
}

/** Weights as u16 (max-upscaled), checked: same length, non-negative, finite. */
export function normalizeWeights(uids: readonly number[], weights: readonly number[]): number[] {
  requireArg(
    uids.length === weights.length,
    `${uids.length} uids but ${weights.length} weights`,
    "give one weight per uid",
  );
  requireArg(
    uids.every((u) => Number.isInteger(u) && u >= 0 && u <= U16_MAX),
    "uids must be integers in 0..65535",
  );
  requireArg(new Set(uids).size === uids.length, "a uid appears twice", "each uid may appear once");
  requireArg(
    weights.every((w) => Number.isFinite(w) && w >= 0),
    "weights must be finite and non-negative",
  );
  if (weights.every((w) => Number.isInteger(w) && w <= U16_MAX)) return [...weights];
  const max = Math.max(...weights);
  if (max === 0) return weights.map(() => 0);
  return weights.map((w) => Math.round((w / max) * U16_MAX));
}

const netuidIndex = (netuid: number, mecid: number) => netuid + mecid * MAX_SUBNETS;

/**
 * Looks up why setting weights failed: rate limit remaining, commit-reveal state, validator permit,
 * stake. Returns the hint and details the error should carry.
 */
export async function explainWeightsFailure(
  client: Client,
  params: { hotkey: string; netuid: number; mecid?: number; code: string },
): Promise<{ hint?: string; details: Record<string, unknown> }> {
  const [hp, mg, head] = await Promise.all([
    getHyperparameters(client, { netuid: params.netuid }),
    getMetagraph(client, params.netuid, { lite: false, mecid: params.mecid ?? 0 }),
    getHead(client),
  ]);
  const uid = mg.hotkeys.indexOf(params.hotkey);
  const rateLimit = Number(hp.weights_rate_limit ?? 0);
  const commitReveal = hp.commit_reveal_weights_enabled === true;
  const details: Record<string, unknown> = {
    netuid: params.netuid,
    hotkey: params.hotkey,
    uid: uid >= 0 ? uid : null,
    commitRevealEnabled: commitReveal,
    commitRevealPeriodEpochs: hp.commit_reveal_period,
    weightsRateLimit: rateLimit,
    tempo: hp.tempo,
    head: head.number,
  };
  if (uid < 0) return { hint: `hotkey is not registered on subnet ${params.netuid}`, details };
  const last = mg.lastUpdate[uid] ?? 0;
  // the next block is the earliest the transaction can land in
  const blocksRemaining = last === 0 ? 0 : Math.max(0, last + rateLimit - (head.number + 1));
  Object.assign(details, {
    lastUpdate: last,
    blocksRemaining,
    validatorPermit: mg.validatorPermit[uid] ?? false,
    stake: mg.totalStake[uid] ?? 0n,
  });
  let hint: string | undefined;
  switch (params.code) {
    case "SettingWeightsTooFast":
    case "CommittingWeightsTooFast":
      hint = `weights were last set at block ${last}; the rate limit is ${rateLimit} blocks: ${blocksRemaining} block(s) to wait`;
      break;
    case "CommitRevealEnabled":
      hint = `subnet ${params.netuid} has commit-reveal on (reveal after ${String(hp.commit_reveal_period)} epoch(s)): use commitWeights + revealWeights, or commitTimelockedWeights`;
      break;
    case "CommitRevealDisabled":
      hint = `subnet ${params.netuid} has commit-reveal off: use setWeights`;
      break;
    case "NeuronNoValidatorPermit":
      hint = `uid ${uid} has no validator permit (stake ${String(mg.totalStake[uid] ?? 0n)} rao); permits go to the top ${String(hp.max_validators)} by stake at each epoch: stake more and wait for the next epoch, or weight only yourself`;
      break;
    case "NotEnoughStakeToSetWeights":
      hint = `uid ${uid} has a stake weight of ${String(mg.totalStake[uid] ?? 0n)} rao, below the chain's StakeThreshold: add stake to the hotkey`;
      break;
  }
  return hint === undefined ? { details } : { hint, details };
}

const WEIGHTS_ERRORS = new Set([
  "SettingWeightsTooFast",
  "CommittingWeightsTooFast",
  "CommitRevealEnabled",
  "CommitRevealDisabled",
  "NeuronNoValidatorPermit",
  "NotEnoughStakeToSetWeights",
]);

async function withWeightsContext<T>(
  client: Client,
  hotkey: string,
  netuid: number,
  mecid: number,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof DispatchError && WEIGHTS_ERRORS.has(err.code))) throw err;
    let ctx: { hint?: string; details: Record<string, unknown> };
    try {
      ctx = await explainWeightsFailure(client, { hotkey, netuid, mecid, code: err.code });
    } catch {
      throw err;
    }
    throw new DispatchError(
      { code: err.code, pallet: err.pallet, message: err.chainMessage },
      { txHash: err.txHash, blockNumber: err.blockNumber, call: err.call },
      { ...(ctx.hint === undefined ? {} : { hint: ctx.hint }), details: ctx.details },
    );
  }
}

export interface SetWeightsParameters extends WeightsInput, SendOptions {
  /** The validator's hotkey. */
  readonly signer: SignerLike;
}

/**
 * Sets weights (`set_weights`, or `set_mechanism_weights` for mecid > 0).
 *
 * @example
 * await setWeights(client, { signer: hotkey, netuid: 1, uids: [0, 1], weights: [0.3, 0.7] });
 */
export async function setWeights(client: Client, p: SetWeightsParameters): Promise<TransactionReceipt> {
  const signer = toSigner(p.signer);
  const mecid = p.mecid ?? 0;
  const weights = normalizeWeights(p.uids, p.weights);
  const args: Record<string, unknown> = {
    netuid: p.netuid,
    dests: [...p.uids],
    weights,
    version_key: p.versionKey ?? 0n,
  };
  if (mecid > 0) args.mecid = mecid;
  return withWeightsContext(client, signer.address, p.netuid, mecid, () =>
    sendTransaction(client, {
      ...p,
      signer,
      call: { module: "subtensor", method: mecid > 0 ? "set_mechanism_weights" : "set_weights", args },
    }),
  );
}

export interface CommitWeightsParameters extends SetWeightsParameters {
  /** Salt (u16 values); random 8 values by default. Keep it for the reveal. */
  readonly salt?: readonly number[];
}

export interface WeightsCommit {
  readonly receipt: TransactionReceipt;
  readonly hash: string;
  /** What `revealWeights` needs. */
  readonly reveal: {
    readonly netuid: number;
    readonly mecid: number;
    readonly uids: number[];
    readonly weights: number[];
    readonly salt: number[];
    readonly versionKey: bigint;
  };
}

/** Commits the hash of weights (commit-reveal subnets); reveal them with `revealWeights(client, {signer, ...commit.reveal})`. */
export async function commitWeights(client: Client, p: CommitWeightsParameters): Promise<WeightsCommit> {
  const signer = toSigner(p.signer);
  const mecid = p.mecid ?? 0;
  const weights = normalizeWeights(p.uids, p.weights);
  const salt = p.salt ? [...p.salt] : Array.from({ length: 8 }, () => Math.floor(Math.random() * U16_MAX));
  const versionKey = p.versionKey ?? 0n;
  const uids = [...p.uids];
  const hash = commitHash(signer.address, netuidIndex(p.netuid, mecid), uids, weights, salt, versionKey);
  const args: Record<string, unknown> = { netuid: p.netuid, commit_hash: hash };
  if (mecid > 0) args.mecid = mecid;
  const receipt = await withWeightsContext(client, signer.address, p.netuid, mecid, () =>
    sendTransaction(client, {
      ...p,
      signer,
      call: { module: "subtensor", method: mecid > 0 ? "commit_mechanism_weights" : "commit_weights", args },
    }),
  );
  return { receipt, hash, reveal: { netuid: p.netuid, mecid, uids, weights, salt, versionKey } };
}

export interface RevealWeightsParameters extends SendOptions {
  readonly signer: SignerLike;
  readonly netuid: number;
  readonly mecid?: number;
  readonly uids: readonly number[];
  readonly weights: readonly number[];
  readonly salt: readonly number[];
  readonly versionKey?: bigint;
}

export async function revealWeights(client: Client, p: RevealWeightsParameters): Promise<TransactionReceipt> {
  const signer = toSigner(p.signer);
  const mecid = p.mecid ?? 0;
  const args: Record<string, unknown> = {
    netuid: p.netuid,
    uids: [...p.uids],
    values: normalizeWeights(p.uids, p.weights),
    salt: [...p.salt],
    version_key: p.versionKey ?? 0n,
  };
  if (mecid > 0) args.mecid = mecid;
  return withWeightsContext(client, signer.address, p.netuid, mecid, () =>
    sendTransaction(client, {
      ...p,
      signer,
      call: { module: "subtensor", method: mecid > 0 ? "reveal_mechanism_weights" : "reveal_weights", args },
    }),
  );
}

export interface CommitTimelockedParameters extends SetWeightsParameters {
  /**
   * The beacon round whose pulse decrypts the commit. Default: the round published at the block of the
   * reveal epoch (`commit_reveal_period` epochs from now, from beacon_info's period).
   */
  readonly revealRound?: bigint;
  /** The chain's CommitRevealWeightsVersion (4). */
  readonly commitRevealVersion?: number;
}

/**
 * Commits weights encrypted to a future beacon round (commit-reveal v3/v4): the chain reveals them by
 * itself when the round's pulse is stored. No reveal transaction is needed.
 */
export async function commitTimelockedWeights(
  client: Client,
  p: CommitTimelockedParameters,
): Promise<{ receipt: TransactionReceipt; revealRound: bigint }> {
  const signer = toSigner(p.signer);
  const mecid = p.mecid ?? 0;
  const weights = normalizeWeights(p.uids, p.weights);
  const [beacon, hp, head] = await Promise.all([
    getBeaconInfo(client),
    getHyperparameters(client, { netuid: p.netuid }),
    getHead(client),
  ]);
  if (beacon.publicKey === null)
    throw new TaonetError("NoBeacon", "this chain has no timelock beacon public key", {
      hint: "use commitWeights (hash commit-reveal) instead",
    });
  let round = p.revealRound;
  if (round === undefined) {
    const tempo = Number(hp.tempo ?? 100);
    const period = Number(hp.commit_reveal_period ?? 1);
    const blocks = period * (tempo + 1);
    const per = Math.max(1, beacon.periodBlocks);
    round = BigInt(Math.ceil((head.number + blocks) / per));
    if (round <= beacon.lastStoredRound) round = beacon.lastStoredRound + 1n;
  }
  const commit = encryptWeightsCommit(
    { hotkey: signer.address, uids: [...p.uids], values: weights, versionKey: p.versionKey ?? 0n },
    round,
    beacon.publicKey,
  );
  const args: Record<string, unknown> = {
    netuid: p.netuid,
    commit,
    reveal_round: round,
    commit_reveal_version: p.commitRevealVersion ?? 4,
  };
  if (mecid > 0) args.mecid = mecid;
  const receipt = await withWeightsContext(client, signer.address, p.netuid, mecid, () =>
    sendTransaction(client, {
      ...p,
      signer,
      call: {
        module: "subtensor",
        method: mecid > 0 ? "commit_timelocked_mechanism_weights" : "commit_timelocked_weights",
        args,
      },
    }),
  );
  return { receipt, revealRound: round };
}
