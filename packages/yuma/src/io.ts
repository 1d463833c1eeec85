/**
 * The JSON face of the epoch: parsing and validating an epoch input, and writing an output.
 * Integers are accepted as JSON numbers (safe integers) or decimal strings; rao amounts become bigint
 * and are written back as decimal strings; I32F32 values are written as JSON numbers equal to the
 * exact fixed-point value.
 */
import { fx } from "@taonet/math";
import { z } from "zod";
import { runEpoch } from "./epoch.js";
import { type MechanismInput, type MechanismsOutput, runEpochWithMechanisms } from "./mechanisms.js";
import type { SparseMatrix } from "./sparse.js";
import type { EpochInput, EpochOutput } from "./types.js";

/** A malformed epoch input. `path` names the offending field, e.g. `weights[3][0]`. */
export class EpochInputError extends Error {
  readonly code = "InvalidEpochInput";
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = "EpochInputError";
    this.path = path;
  }
}

const U64_MAX = (1n << 64n) - 1n;
const decimal = z.string().regex(/^\d+$/, "expected a non-negative integer (decimal digits)");
const intLike = z.union([z.number(), decimal]);

/** An unsigned integer that must fit a JS number (blocks, counts, u16 values). */
const uint = intLike.transform((v, ctx) => {
  const n = typeof v === "string" ? Number(v) : v;
  if (!Number.isSafeInteger(n) || n < 0) {
    ctx.addIssue({ code: "custom", message: `expected a non-negative integer, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});
const u16 = uint.refine((v) => v <= 65535, "expected a u16 (0..65535)");
const i16 = z.number().int().min(-32768).max(32767);

/** Rao: a non-negative integer as a decimal string or a safe-integer number; never a float. */
const rao = intLike.transform((v, ctx) => {
  if (typeof v === "number" && (!Number.isSafeInteger(v) || v < 0)) {
    ctx.addIssue({
      code: "custom",
      message: `expected a non-negative integer amount of rao (use a decimal string above 2^53), got ${v}`,
    });
    return z.NEVER;
  }
  const b = BigInt(v);
  if (b > U64_MAX) {
    ctx.addIssue({ code: "custom", message: "amount exceeds u64" });
    return z.NEVER;
  }
  return b;
});

/** A commit block; anything at or above 2^53 (the reference uses u64::MAX) or null means "no commit". */
const commitBlock = z.union([z.null(), z.number(), decimal]).transform((v, ctx) => {
  if (v === null) return null;
  const n = Number(v);
  if (typeof v === "number" && (!Number.isInteger(v) || v < 0)) {
    ctx.addIssue({ code: "custom", message: `expected a block number or null, got ${v}` });
    return z.NEVER;
  }
  return n >= Number.MAX_SAFE_INTEGER ? null : n;
});

/**
 * Sparse rows of [uid, u16]: validated by hand rather than with a zod tuple per entry, because a large
 * subnet has a million entries (zod would take seconds). Integers may be numbers or decimal strings.
 */
const sparseRows = z.unknown().transform((value, ctx) => {
  const fail = (message: string, path: Array<string | number>) => {
    ctx.addIssue({ code: "custom", message, path, input: value });
    return z.NEVER;
  };
  if (!Array.isArray(value)) return fail("expected an array of rows", []);
  const rows: Array<Array<[number, number]>> = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const row: unknown = value[i];
    if (!Array.isArray(row)) return fail("expected a row: an array of [uid, value] pairs", [i]);
    const out: Array<[number, number]> = new Array(row.length);
    for (let k = 0; k < row.length; k++) {
      const e: unknown = row[k];
      if (!Array.isArray(e) || e.length !== 2) return fail("expected a [uid, value] pair", [i, k]);
      const j = typeof e[0] === "string" && /^\d+$/.test(e[0]) ? Number(e[0]) : e[0];
      const w = typeof e[1] === "string" && /^\d+$/.test(e[1]) ? Number(e[1]) : e[1];
      if (typeof j !== "number" || !Number.isSafeInteger(j) || j < 0) {
        return fail(`expected a non-negative integer, got ${JSON.stringify(e[0])}`, [i, k, 0]);
      }
      if (typeof w !== "number" || !Number.isInteger(w) || w < 0 || w > 65535) {
        return fail(`expected a u16 (0..65535), got ${JSON.stringify(e[1])}`, [i, k, 1]);
      }
      out[k] = [j, w];
    }
    rows[i] = out;
  }
  return rows;
});

const epochInputSchema = z.object({
  n: uint.refine((v) => v <= 65535, "n must be at most 65535 (uids are u16)"),
  currentBlock: uint,
  tempo: uint,
  activityCutoff: uint,
  lastUpdate: z.array(uint),
  blockAtRegistration: z.array(uint),
  stake: z.array(rao),
  stakeI64F64: z.array(decimal.or(z.number().int().nonnegative()).transform((v) => BigInt(v))).optional(),
  stakeThreshold: rao.default(0n),
  ownerUid: z.union([uint, z.null()]).default(null),
  validatorPermit: z.array(z.boolean()),
  maxAllowedValidators: uint,
  weights: sparseRows,
  bonds: sparseRows,
  kappa: u16.default(32767),
  bondsPenalty: u16.default(65535),
  bondsMovingAverage: uint.refine((v) => v <= 1_000_000, "bondsMovingAverage is per million (0..1000000)"),
  yuma3: z.boolean(),
  liquidAlpha: z.boolean().default(false),
  alphaLow: u16.default(45875),
  alphaHigh: u16.default(58982),
  alphaSigmoidSteepness: i16.default(1000),
  lastMechanismStepBlock: uint.default(0),
  commitBlocks: z.union([z.null(), z.array(commitBlock)]).default(null),
  raoEmission: rao,
});

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(input)";
}

function checkRows(
  name: string,
  rows: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
  n: number,
): void {
  if (rows.length !== n)
    throw new EpochInputError(name, `expected ${n} rows (one per uid), got ${rows.length}`);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? [];
    for (let k = 0; k < row.length; k++) {
      const j = row[k]?.[0] ?? 0;
      if (j >= n) throw new EpochInputError(`${name}[${i}][${k}]`, `uid ${j} out of range (n = ${n})`);
    }
  }
}

/**
 * Validates one epoch input (camelCase fields, see docs) and returns it typed.
 * Throws `EpochInputError` naming the first offending field.
 */
export function parseEpochInput(json: unknown, where = ""): EpochInput {
  const parsed = epochInputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue?.path ?? [];
    const path = where + pathOf(keys);
    let at: unknown = json;
    for (const k of keys)
      at = at !== null && typeof at === "object" ? (at as Record<PropertyKey, unknown>)[k] : undefined;
    throw new EpochInputError(
      path,
      at === undefined ? "missing (required field)" : (issue?.message ?? "invalid"),
    );
  }
  const v = parsed.data;
  const at = (f: string) => `${where}${f}`;
  const n = v.n;
  for (const f of ["lastUpdate", "blockAtRegistration", "stake", "validatorPermit"] as const) {
    if (v[f].length !== n)
      throw new EpochInputError(at(f), `expected ${n} entries (one per uid), got ${v[f].length}`);
  }
  if (v.stakeI64F64 !== undefined && v.stakeI64F64.length !== n) {
    throw new EpochInputError(
      at("stakeI64F64"),
      `expected ${n} entries (one per uid), got ${v.stakeI64F64.length}`,
    );
  }
  if (v.commitBlocks !== null && v.commitBlocks.length !== n) {
    throw new EpochInputError(
      at("commitBlocks"),
      `expected ${n} entries or null, got ${v.commitBlocks.length}`,
    );
  }
  if (v.ownerUid !== null && v.ownerUid >= n) {
    throw new EpochInputError(
      at("ownerUid"),
      `uid ${v.ownerUid} out of range (n = ${n}); use null when unregistered`,
    );
  }
  checkRows(at("weights"), v.weights, n);
  checkRows(at("bonds"), v.bonds, n);
  const { stakeI64F64, ...rest } = v;
  return stakeI64F64 === undefined ? rest : { ...rest, stakeI64F64 };
}

/**
 * One request of `tao yuma epoch`: a plain epoch, or (with `mechanisms`) a subnet whose emission is
 * split between sub-subnet mechanisms, each with its own weights, bonds and lastUpdate.
 */
export interface EpochRequest {
  readonly input: EpochInput;
  readonly mechanisms?: MechanismInput[];
  readonly mechanismEmissionSplit?: number[] | null;
}

const mechanismSchema = z.object({
  weights: sparseRows,
  bonds: sparseRows,
  lastUpdate: z.array(uint),
  commitBlocks: z.union([z.null(), z.array(commitBlock)]).optional(),
});
const mechanismsSchema = z.object({
  mechanisms: z.array(mechanismSchema).min(1, "at least one mechanism").max(16, "at most 16 mechanisms"),
  mechanismEmissionSplit: z.union([z.null(), z.array(u16)]).default(null),
});

/** Parses a request; with `mechanisms`, top-level weights/bonds/lastUpdate default to mechanism 0's. */
export function parseEpochRequest(json: unknown, where = ""): EpochRequest {
  if (json === null || typeof json !== "object" || !("mechanisms" in json)) {
    return { input: parseEpochInput(json, where) };
  }
  const raw = json as Record<string, unknown>;
  const parsed = mechanismsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EpochInputError(where + pathOf(issue?.path ?? []), issue?.message ?? "invalid");
  }
  const first = (raw.mechanisms as Array<Record<string, unknown>>)[0] ?? {};
  const input = parseEpochInput(
    {
      weights: first.weights,
      bonds: first.bonds,
      lastUpdate: first.lastUpdate,
      ...raw,
      mechanisms: undefined,
    },
    where,
  );
  const { mechanisms, mechanismEmissionSplit: split } = parsed.data;
  mechanisms.forEach((m, k) => {
    const at = `${where}mechanisms[${k}].`;
    if (m.lastUpdate.length !== input.n) {
      throw new EpochInputError(`${at}lastUpdate`, `expected ${input.n} entries, got ${m.lastUpdate.length}`);
    }
    checkRows(`${at}weights`, m.weights, input.n);
    checkRows(`${at}bonds`, m.bonds, input.n);
  });
  if (split !== null && split.reduce((a, b) => a + b, 0) !== 65535) {
    throw new EpochInputError(`${where}mechanismEmissionSplit`, "the shares must add up to 65535");
  }
  const mechs: MechanismInput[] = mechanisms.map((m) => ({
    weights: m.weights,
    bonds: m.bonds,
    lastUpdate: m.lastUpdate,
    ...(m.commitBlocks !== undefined ? { commitBlocks: m.commitBlocks } : {}),
  }));
  return { input, mechanisms: mechs, mechanismEmissionSplit: split };
}

/** Parses one request or an array of them (then each error path starts with its index). */
export function parseEpochRequests(json: unknown): { requests: EpochRequest[]; batch: boolean } {
  if (Array.isArray(json))
    return { requests: json.map((x, i) => parseEpochRequest(x, `[${i}].`)), batch: true };
  return { requests: [parseEpochRequest(json)], batch: false };
}

/** Parses one input or an array of inputs (then each error path starts with its index). */
export function parseEpochInputs(json: unknown): { inputs: EpochInput[]; batch: boolean } {
  if (Array.isArray(json)) return { inputs: json.map((x, i) => parseEpochInput(x, `[${i}].`)), batch: true };
  return { inputs: [parseEpochInput(json)], batch: false };
}

/** Runs a request and returns its JSON output. */
export function runEpochRequest(request: EpochRequest): Record<string, unknown> {
  if (!request.mechanisms) return epochOutputToJson(runEpoch(request.input));
  return mechanismsOutputToJson(
    runEpochWithMechanisms(request.input, request.mechanisms, request.mechanismEmissionSplit),
  );
}

/** The JSON form of a mechanisms run: the subnet-level aggregates and each mechanism's own output. */
export function mechanismsOutputToJson(out: MechanismsOutput): Record<string, unknown> {
  const raoVec = (x: readonly bigint[]) => x.map((r) => r.toString());
  return {
    active: out.active,
    newValidatorPermit: out.newValidatorPermit,
    serverEmission: raoVec(out.serverEmission),
    validatorEmission: raoVec(out.validatorEmission),
    emission: raoVec(out.emission),
    consensusU16: out.consensusU16,
    dividendsU16: out.dividendsU16,
    validatorTrustU16: out.validatorTrustU16,
    stakeWeightU16: out.stakeWeightU16,
    mechanismEmission: raoVec(out.mechanismEmission),
    mechanisms: out.mechanisms.map(epochOutputToJson),
  };
}

const value = (raw: number) => fx.toNumber(raw);
function sparseJson(m: SparseMatrix, f: (v: number) => number): Array<Array<[number, number]>> {
  const out: Array<Array<[number, number]>> = new Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    const start = m.ptr[i] ?? 0;
    const end = m.ptr[i + 1] ?? 0;
    const row: Array<[number, number]> = new Array(end - start);
    for (let p = start; p < end; p++) row[p - start] = [m.col[p] ?? 0, f(m.val[p] ?? 0)];
    out[i] = row;
  }
  return out;
}

/** The JSON form of an epoch output (field names as the input's; rao as decimal strings). */
export function epochOutputToJson(out: EpochOutput): Record<string, unknown> {
  const vec = (x: readonly number[]) => x.map(value);
  const raoVec = (x: readonly bigint[]) => x.map((r) => r.toString());
  return {
    active: out.active,
    stake: vec(out.stake),
    activeStake: vec(out.activeStake),
    newValidatorPermit: out.newValidatorPermit,
    weightsNormalized: sparseJson(out.weightsNormalized, value),
    consensus: vec(out.consensus),
    validatorTrust: vec(out.validatorTrust),
    rank: vec(out.rank),
    incentive: vec(out.incentive),
    dividends: vec(out.dividends),
    emaBonds: sparseJson(out.emaBonds, value),
    bondsAfter: sparseJson(out.bondsAfter, (u) => u),
    liquidAlphaUsed: out.liquidAlphaUsed,
    normalizedServerEmission: vec(out.normalizedServerEmission),
    normalizedValidatorEmission: vec(out.normalizedValidatorEmission),
    normalizedCombinedEmission: vec(out.normalizedCombinedEmission),
    serverEmission: raoVec(out.serverEmission),
    validatorEmission: raoVec(out.validatorEmission),
    emission: raoVec(out.emission),
    consensusU16: out.consensusU16,
    incentiveU16: out.incentiveU16,
    dividendsU16: out.dividendsU16,
    validatorTrustU16: out.validatorTrustU16,
    stakeWeightU16: out.stakeWeightU16,
  };
}
