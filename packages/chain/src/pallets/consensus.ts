/**
 * Consensus validator set changes, for chains run under a BFT engine (CometBFT): the root call
 * `consensus.set_validator { pub_key, power }` (through `sudo.sudo`) emits `Consensus.ValidatorUpdated`;
 * the engine turns the block's events into its validator updates (power 0 removes a validator). The
 * embedded single-authority engine ignores them. No state is kept here: the engine owns the set.
 */
import { z } from "zod";
import type { Pallet } from "../types.js";

/** CometBFT's bound on a validator's voting power keeps the total far below 2^63 / 8. */
export const MAX_VALIDATOR_POWER = 1_000_000_000_000n;

export const consensusPallet: Pallet = {
  name: "consensus",
  calls: {
    set_validator: {
      args: z.object({
        /** The validator's Ed25519 consensus public key, 0x + 64 hex digits. */
        pub_key: z
          .string()
          .regex(/^0x[0-9a-fA-F]{64}$/, "expected an Ed25519 public key: 0x + 64 hex digits"),
        power: z
          .union([z.string().regex(/^\d+$/), z.number().int().min(0), z.bigint()])
          .transform((v) => BigInt(v))
          .refine((v) => v >= 0n && v <= MAX_VALIDATOR_POWER, `power is at most ${MAX_VALIDATOR_POWER}`),
      }),
      origin: "root",
      pays: false,
      weight: 10_000_000n,
      apply: (ctx, a: { pub_key: string; power: bigint }) => {
        ctx.emit({
          pallet: "Consensus",
          name: "ValidatorUpdated",
          data: { pubKey: a.pub_key.toLowerCase(), power: a.power },
        });
      },
    },
  },
};
