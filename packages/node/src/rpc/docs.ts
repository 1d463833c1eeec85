/** docs/rpc.md, generated from the method declarations (`npm run docs:rpc`; a test checks it is current). */
import { z } from "zod";
import { RpcCode } from "../errors.js";
import type { MethodDef } from "./define.js";
import { methods } from "./methods.js";

const CODE_NOTES: Record<keyof typeof RpcCode, string> = {
  ParseError: "the body is not valid JSON",
  InvalidRequest: "not a JSON-RPC 2.0 request object, an empty batch, or a non-POST HTTP request",
  MethodNotFound: "no such method (dev methods exist only in the dev preset; subscriptions need a WebSocket)",
  InvalidParams: "parameters do not match the method's schema (`data.issues` lists path and message)",
  InternalError: "a bug in the node; it is logged and the node keeps serving",
  TransactionRejected:
    "not admitted to the pool; `data.name` is the reason: BadProof, Stale, Future, Payment, Call, ExhaustsResources, AlreadyImported, TooLowPriority, PoolFull",
  TransactionDropped:
    "admitted, then dropped before inclusion (`data.name`: the block's rejection reason, Stale, Replaced, Evicted, Expired, Reverted, ShuttingDown)",
  NotFound: "no such block, transaction or subnet (UnknownBlock, UnknownTransaction, SubnetNotExists)",
  StateUnavailable: "the state at that block was pruned (StatePruned); run the node with --archive",
  Timeout: "waiting for inclusion timed out; the transaction may still be included",
  TooLarge:
    "body, WebSocket message, batch or block range over the limit (TooLarge, BatchTooLarge, RangeTooLarge)",
  TooManyConnections: "connection or subscription limit reached (TooManyConnections, TooManySubscriptions)",
  ShuttingDown: "the node is stopping",
  DevError: "a dev method failed (UnknownSnapshot, NoEpoch, NoSudo)",
};

function paramRows(def: MethodDef): string[] {
  const rows: string[] = [];
  for (const [name, schema] of Object.entries(def.params.shape)) {
    const json = z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }) as Record<
      string,
      unknown
    >;
    delete json.$schema;
    const optional = (schema as z.ZodType).safeParse(undefined).success;
    rows.push(
      `| \`${name}\` | ${optional ? "no" : "yes"} | \`${JSON.stringify(json).replaceAll("|", "\\|")}\` |`,
    );
  }
  return rows;
}

export function renderRpcDocs(): string {
  const out: string[] = [
    "# taonet node JSON-RPC",
    "",
    "<!-- Generated from packages/node/src/rpc/methods.ts by `npm run docs:rpc`. Do not edit. -->",
    "",
    "One port serves JSON-RPC 2.0 over HTTP (`POST /`) and WebSocket (same URL, `ws://`), plus `GET /health`",
    "and `GET /metrics` (Prometheus). Start a node with `tao node start [--preset dev|mainnet] [--genesis FILE]",
    "[--data-dir DIR] [--rpc-port N] [--block-time MS] [--sealing auto|manual] [--archive]`.",
    "",
    "## Conventions",
    "",
    "- **Parameters** by name (an object) or by position (an array in the order listed below).",
    "- **Amounts** (rao, alpha) and other 64-bit-or-larger integers are **decimal strings** in results; prices",
    "  are I96F32 raw bits (divide by 2^32) as decimal strings. Byte arrays are 0x-hex.",
    "- **`at`**: most state queries take an optional block number or hash; the node keeps the state of the last",
    "  `--state-history` blocks (256 by default; `--archive` keeps all).",
    "- **Batches**: an array of requests (at most 1,000); notifications (no `id`) get no response.",
    "- **Transactions** are `{ signer, nonce, tip?, call: { module, method, args }, signature }`, signed over the",
    "  canonical encoding of `{ chain: genesisHash, signer, nonce, tip, call }` (`signTransaction` in",
    "  @taonet/chain). Call arguments are signed exactly as sent: give amounts as decimal strings.",
    "- **Finality**: blocks are produced by a single authority and final once committed; waiting for",
    "  `finality` is the same as waiting for `inclusion`.",
    "- **Dev beacon** (dev preset): the node stores the pulse of round r in block r · period (period 1 by",
    "  default, `--beacon-period`), so a timelocked weights commit to round r is revealable from that block.",
    "- **Subscriptions** (WebSocket): `subscribe_*` returns an id; notifications are",
    '  `{ "jsonrpc": "2.0", "method": "subscription", "params": { "subscription": id, "result": ... } }`.',
    "",
    "## Errors",
    "",
    "Every error is `{ code, message, data: { name, ... } }`: `code` is stable per kind of failure and",
    "`data.name` is the precise reason (for transactions, the reference's error name).",
    "",
    "| code | kind | when |",
    "| --- | --- | --- |",
  ];
  for (const [kind, code] of Object.entries(RpcCode)) {
    out.push(`| ${code} | ${kind} | ${CODE_NOTES[kind as keyof typeof RpcCode]} |`);
  }
  out.push("", "## Methods", "");
  const groups = [...new Set(methods.map((m) => m.group))];
  for (const g of groups) {
    out.push(
      `- ${g}: ${methods
        .filter((m) => m.group === g)
        .map((m) => `[\`${m.name}\`](#${m.name.toLowerCase()})`)
        .join(", ")}`,
    );
  }
  for (const g of groups) {
    out.push("", `### ${g}`);
    for (const m of methods.filter((x) => x.group === g) as readonly MethodDef[]) {
      const tags = [m.dev ? "dev preset only" : "", m.subscription ? "WebSocket only" : ""].filter(Boolean);
      out.push("", `#### ${m.name}`, "", `${m.summary}${tags.length ? ` (${tags.join(", ")})` : ""}`, "");
      const rows = paramRows(m);
      if (rows.length > 0) out.push("| param | required | JSON schema |", "| --- | --- | --- |", ...rows, "");
      else out.push("No parameters.", "");
      out.push(`Result: \`${m.result}\``);
    }
  }
  return `${out.join("\n")}\n`;
}
