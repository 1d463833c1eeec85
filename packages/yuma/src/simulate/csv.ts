/**
 * CSV of a simulation: one row per epoch and uid (validators first, then miners).
 *
 * Columns: epoch, block, uid, role, name, stake (alpha as set), stake_weight (normalized stake),
 * active, validator_permit (the one the epoch used), weights_set (validator submitted this epoch),
 * consensus, incentive, dividends, validator_trust, emission_rao, then per miner: `weight:<miner>`
 * (the validator's row-normalized weight after the epoch's masks), `bond:<miner>` (bond stored after
 * the epoch, u16 / 65535) and `bond_share:<miner>` (the validator's share of all bonds on that miner).
 * Per-miner columns are empty on miner rows. Fixed-point values are written with 10 decimals at most.
 */
import { fx } from "@taonet/math";
import { bondTable, type SimulationResult } from "./run.js";

/** Quotes a CSV field when needed (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A number with at most 10 decimals, without trailing zeros. */
export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const s = x.toFixed(10).replace(/0+$/, "").replace(/\.$/, "");
  return s === "-0" ? "0" : s;
}

const fxString = (raw: number | undefined) => formatNumber(fx.toNumber(raw ?? 0));

export function simulationToCsv(result: SimulationResult): string {
  const { participants, validatorCount, minerCount, records } = result;
  const miners = participants.filter((p) => p.role === "miner");
  const header = [
    "epoch",
    "block",
    "uid",
    "role",
    "name",
    "stake",
    "stake_weight",
    "active",
    "validator_permit",
    "weights_set",
    "consensus",
    "incentive",
    "dividends",
    "validator_trust",
    "emission_rao",
    ...miners.map((m) => `weight:${m.name}`),
    ...miners.map((m) => `bond:${m.name}`),
    ...miners.map((m) => `bond_share:${m.name}`),
  ];
  const lines = [header.map(csvField).join(",")];
  for (const r of records) {
    const o = r.output;
    const bonds = bondTable(o, validatorCount, minerCount);
    for (const p of participants) {
      const isValidator = p.role === "validator";
      const perMiner: string[] = [];
      if (isValidator) {
        const row = new Map(o.weightsNormalized.row(p.uid));
        perMiner.push(...miners.map((m) => fxString(row.get(m.uid) ?? 0)));
        perMiner.push(...(bonds.bond[p.uid] ?? []).map(formatNumber));
        perMiner.push(...(bonds.share[p.uid] ?? []).map(formatNumber));
      } else {
        perMiner.push(...new Array<string>(miners.length * 3).fill(""));
      }
      const fields = [
        String(r.epoch),
        String(r.block),
        String(p.uid),
        p.role,
        p.name,
        formatNumber(r.stakeAlpha[p.uid] ?? 0),
        fxString(o.stake[p.uid]),
        String(o.active[p.uid] ?? false),
        String(r.input.validatorPermit[p.uid] ?? false),
        isValidator ? String(r.submitted[p.uid] ?? false) : "",
        fxString(o.consensus[p.uid]),
        fxString(o.incentive[p.uid]),
        fxString(o.dividends[p.uid]),
        fxString(o.validatorTrust[p.uid]),
        (o.emission[p.uid] ?? 0n).toString(),
        ...perMiner,
      ];
      lines.push(fields.map(csvField).join(","));
    }
  }
  return `${lines.join("\n")}\n`;
}
