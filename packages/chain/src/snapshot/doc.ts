/**
 * docs/state-format.md, generated from the schema table (a test keeps the file equal to this output).
 * Regenerate: `npx tsc -b && node -e 'import("./packages/chain/dist/snapshot/doc.js").then((m) =>
 * process.stdout.write(m.stateFormatDoc()))' > docs/state-format.md`
 */
import { registeredItems } from "../state/items.js";
import { STATE_SCHEMA } from "./schema.js";
import { STATE_FORMAT } from "./state-json.js";

const INTRO = `# State snapshot format

A taonet state as JSON, with the reference chain's storage names (\`opentensor/subtensor\`
\`pallets/subtensor/src/lib.rs\`; chain.md §2). \`dumpState(state, {netuid?})\` writes one,
\`loadState(json)\` reads one (both exported by \`@taonet/chain\`, pure: the caller reads and writes files),
\`canonicalJson(snapshot)\` gives its canonical text. \`tao chain t8n\` (docs/t8n.md) reads and writes this
format.

\`\`\`json
{
  "format": "${STATE_FORMAT}",
  "items": {
    "TotalIssuance": "1000000000000",
    "SubnetTAO": { "0": "50000000000", "1": "1000000000000" },
    "SubnetMovingPrice": { "1": { "bits": "4294967296", "type": "I96F32" } },
    "Weights": { "1": { "0": [[0, 65535], [2, 1]] } }
  }
}
\`\`\`

## Shape

- A **value** item maps to its value; a **map** to \`{key: value}\`; a **double map** to
  \`{key1: {key2: value}}\`. Keys are JSON object keys (strings): decimal integers for netuids, uids and
  indices, SS58 addresses (prefix 42) for accounts, and the composite strings the table names.
- Only stored entries are written. An absent entry reads as the item's default (the table's last column
  but one). Entries equal to their default may appear (the chain stores some empty lists); they load as
  they are, so the state root is preserved.
- \`"netuid": N\` at the top level marks a snapshot restricted to one subnet (\`dumpState(s, {netuid: N})\`):
  entries of items keyed by a netuid (or by a mechanism index, netuid + mecid × 4096) belong to subnet N
  only; items not keyed by a subnet are whole. Such a snapshot is for reading, not for restarting a chain.

## Values

- **Integers** the chain keeps as JavaScript numbers (blocks, u8/u16/u32 and u64 counters that stay below
  2^53) are written as JSON numbers; integers it keeps as bigints (balances and alpha in rao, u64/u128,
  i64 flows) as **decimal strings**. The reader accepts either form for any integer, and checks its range.
- **Fixed-point** values are their raw bits with the type: \`{"type": "I96F32", "bits": "4294967296"}\`
  is 1.0 (value = bits / 2^32; U64F64 and I64F64: bits / 2^64). Types: I96F32, U96F32, U64F64, I64F64.
- u16 proportions (takes, consensus, weights) are integers / 65535; "proportion of u64::MAX" items are
  u64 / (2^64 − 1); \`SwapBalancer\` is parts of 10^18.
- \`null\` is an absent optional value. Structs are objects with exactly the fields listed; vectors are
  arrays; pairs are two-element arrays.

## Canonical text and round trip

\`canonicalJson\` sorts object keys (integer keys numerically, then the others by UTF-16 code units),
indents by two spaces, writes arrays that contain no objects on one line and ends with a newline.
\`dumpState\` → \`loadState\` → \`dumpState\` gives byte-identical text, and the loaded state has the same
state root. Loading validates every item, key and value; an error names the item and key, e.g.
\`SubnetTAO["1"]: -5 is out of range for u64; expected u64\`. Unknown items are errors.

## From a running node, and back

- \`tao state dump [--rpc URL] [--at BLOCK] [--netuid N] [--out FILE]\` writes the state of a running node
  at a block (number or hash; default: the head; default URL http://127.0.0.1:9944) through the RPC
  method \`state_dump\`, in canonical text. Bad arguments and an unknown block exit with 2; an unreachable
  node, a pruned state (run the node with --archive) or another node error with 1.
- \`tao node start --from-state FILE [--preset dev|mainnet]\` starts a **new chain** whose genesis state is
  the snapshot (validated first: errors exit with 2 and name the item and key; one-subnet snapshots are
  refused). Parameters come from the preset. The snapshot's \`Number\` (the block it was taken at, N) is
  kept: the new chain's first block is **block N** (parent hash zero, no transactions, state root = the
  snapshot's, which equals the source block's), so its next block is N + 1 and rate limits, "blocks
  since" and epoch schedules carry on as on the source chain. No block before N exists on the new chain
  (queries at them: UnknownBlock). Dumping the new chain at block N gives the same text as the snapshot.
- Its genesis hash (which transactions are signed for) is blake2b-256 of the text
  \`<preset genesis hash>:<0x state root>\`, so it differs from the preset's chain and from a chain started
  from any other state; a data directory of another chain is refused (GenesisMismatch). The default data
  directory is \`~/.taonet/<name>-<first 8 hex digits of that hash>\`.
- Restarting with the same data directory resumes the chain at its head; the \`--from-state\` file is
  then only checked to match (same genesis hash) and is not loaded again.

## Items

Every storage item the chain declares (a test fails when an item has no entry in
\`packages/chain/src/snapshot/schema.ts\`, and when this file is out of date).

| Item | Keys | Value | Default | Note |
|---|---|---|---|---|
`;

const cell = (s: string) => s.replaceAll("|", "\\|");

/** The markdown of docs/state-format.md. */
export function stateFormatDoc(): string {
  const rows: string[] = [];
  for (const name of Object.keys(STATE_SCHEMA).sort()) {
    const schema = STATE_SCHEMA[name];
    const item = registeredItems().get(name);
    if (!schema || !item) continue;
    const keyText = schema.keys.length === 0 ? "—" : schema.keys.map((k) => k.doc).join(" → ");
    const def = JSON.stringify(schema.value.toJson(item.defaultValue));
    rows.push(
      `| \`${name}\` | ${cell(keyText)} | ${cell(schema.value.doc)} | \`${cell(def)}\` | ${cell(schema.note ?? "")} |`,
    );
  }
  return `${INTRO}${rows.join("\n")}\n`;
}
