/**
 * `tao state dump`: the state of a running node at a block, as a state snapshot in canonical JSON
 * (docs/state-format.md), through the node's `state_dump` RPC method. `tao node start --from-state FILE`
 * starts a new chain from such a file. Bad input exits with 2, an unreachable node or a failing call with 1.
 */
import { canonicalJson } from "@taonet/chain";
import { type Command, InvalidArgumentError } from "commander";
import { CliError } from "../errors.js";
import { writeOutput } from "../io.js";

interface DumpFlags {
  rpc: string;
  at?: number | string;
  netuid?: number;
  out?: string;
}

export const DEFAULT_RPC_URL = "http://127.0.0.1:9944";

/** RPC error codes that mean the request was wrong (invalid params, unknown block): exit 2. */
const BAD_INPUT_CODES = new Set([-32602, -32012]);

const blockRef = (v: string): number | string => {
  if (/^0x[0-9a-fA-F]{64}$/.test(v)) return v;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError("expected a block number or a 0x-hex block hash (32 bytes)");
  }
  return n;
};

const netuidArg = (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65_535) throw new InvalidArgumentError("expected a subnet id (0..65535)");
  return n;
};

const rpcUrl = (v: string): string => {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new InvalidArgumentError("expected an http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InvalidArgumentError("expected an http(s) URL");
  }
  return v;
};

interface RpcReply {
  result?: unknown;
  error?: { code: number; message: string; data?: { name?: string } };
}

async function rpcCall(url: string, method: string, params: Record<string, unknown>): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(
      `cannot reach the node at ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
      1,
    );
  }
  let body: RpcReply;
  try {
    body = (await res.json()) as RpcReply;
  } catch {
    throw new CliError(`the node at ${url} answered HTTP ${res.status} without a JSON-RPC reply`, 1);
  }
  if (body.error) {
    const name = body.error.data?.name ? `${body.error.data.name}: ` : "";
    throw new CliError(
      `${method}: ${name}${body.error.message}`,
      BAD_INPUT_CODES.has(body.error.code) ? 2 : 1,
    );
  }
  return body.result;
}

export function registerState(program: Command): void {
  const state = program.command("state").description("State snapshots of a running node");
  state
    .command("dump")
    .description(
      "Write the state at a block (default: the head) as a snapshot in canonical JSON (docs/state-format.md)",
    )
    .option("--rpc <url>", "the node's JSON-RPC URL", rpcUrl, DEFAULT_RPC_URL)
    .option("--at <block>", "block number or 0x-hash (default: the head)", blockRef)
    .option("--netuid <netuid>", "keep only this subnet's entries of items keyed by subnet", netuidArg)
    .option("-o, --out <file>", "where to write the snapshot (default: stdout)")
    .action(async (flags: DumpFlags) => {
      const params: Record<string, unknown> = {};
      if (flags.at !== undefined) params.at = flags.at;
      if (flags.netuid !== undefined) params.netuid = flags.netuid;
      const snapshot = await rpcCall(flags.rpc, "state_dump", params);
      try {
        await writeOutput(flags.out, canonicalJson(snapshot));
      } catch (err) {
        throw new CliError(`cannot write ${flags.out}: ${(err as NodeJS.ErrnoException).code ?? err}`, 1);
      }
    });
}
