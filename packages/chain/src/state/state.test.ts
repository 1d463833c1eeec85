import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { StorageDoubleMap, StorageMap, StorageValue } from "./items.js";
import { State } from "./state.js";

const Total = new StorageValue<bigint>("Total", 0n);
const Balance = new StorageMap<string, bigint>("Balance", 0n);
const Grid = new StorageDoubleMap<number, number, readonly number[]>("Grid", []);

describe("State", () => {
  it("reads defaults, writes, deletes by writing the default", () => {
    const s = State.empty();
    assert.equal(Total.get(s), 0n);
    Total.set(s, 5n);
    assert.equal(Total.get(s), 5n);
    Total.set(s, 0n);
    assert.equal(s.dump().size, 0);
  });

  it("a fork leaves its parent unchanged, and the parent refuses writes", () => {
    const parent = State.empty();
    Balance.set(parent, "a", 10n);
    const child = parent.fork();
    Balance.set(child, "a", 20n);
    Balance.set(child, "b", 1n);
    assert.equal(Balance.get(parent, "a"), 10n);
    assert.equal(Balance.get(parent, "b"), 0n);
    assert.equal(Balance.get(child, "a"), 20n);
    assert.throws(() => Balance.set(parent, "a", 1n), /read-only/);
  });

  it("rolls back a failed transaction and commits a successful one", () => {
    const s = State.empty();
    Balance.set(s, "a", 1n);
    assert.throws(() =>
      s.transaction(() => {
        Balance.set(s, "a", 2n);
        throw new Error("boom");
      }),
    );
    assert.equal(Balance.get(s, "a"), 1n);
    s.transaction(() => Balance.set(s, "a", 3n));
    assert.equal(Balance.get(s, "a"), 3n);
    assert.throws(() => s.commit(), /without begin/);
  });

  it("iterates double-map prefixes across layers", () => {
    const s = State.empty();
    Grid.set(s, 1, 0, [1]);
    Grid.set(s, 1, 1, [2]);
    const c = s.fork();
    Grid.remove(c, 1, 0);
    Grid.set(c, 1, 2, [3]);
    assert.deepEqual([...Grid.prefix(c, 1).keys()].sort(), ["1", "2"]);
    assert.deepEqual([...Grid.prefix(s, 1).keys()].sort(), ["0", "1"]);
  });

  it("the root depends on content only: not on write order, layering or compaction", () => {
    const entries = fc.array(fc.tuple(fc.string({ maxLength: 4 }), fc.bigInt({ min: 0n, max: 1000n })), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(entries, fc.integer({ min: 0, max: 30 }), (list, cut) => {
        const final = new Map<string, bigint>();
        for (const [k, v] of list) final.set(k, v);
        // one state written in order, across a fork at `cut`
        let a = State.empty();
        list.forEach(([k, v], i) => {
          if (i === cut) a = a.fork();
          Balance.set(a, k, v);
        });
        // another written from the final map in reverse key order, compacted
        const b = State.empty();
        for (const k of [...final.keys()].reverse()) Balance.set(b, k, final.get(k) ?? 0n);
        const before = b.root();
        b.compact();
        assert.equal(b.root(), before);
        assert.equal(a.root(), b.root());
      }),
      { numRuns: 200 },
    );
  });

  it("different content gives a different root", () => {
    const a = State.empty();
    const b = State.empty();
    Balance.set(a, "x", 1n);
    Balance.set(b, "x", 2n);
    assert.notEqual(a.root(), b.root());
    Balance.set(b, "x", 1n);
    assert.equal(a.root(), b.root());
  });

  it("changes() lists the writes since the last compact, deletions as undefined", () => {
    const s = State.empty();
    Balance.set(s, "a", 1n);
    Balance.set(s, "b", 2n);
    s.compact();
    assert.deepEqual(s.changes(), []);
    const child = s.fork();
    Balance.set(child, "a", 5n);
    Balance.remove(child, "b");
    child.begin();
    Balance.set(child, "c", 7n);
    Balance.set(child, "a", 6n);
    const byKey = new Map(child.changes().map((c) => [`${c.item}/${c.k1}/${c.k2}`, c.value]));
    assert.deepEqual(
      byKey,
      new Map<string, unknown>([
        ["Balance/a/", 6n],
        ["Balance/b/", undefined],
        ["Balance/c/", 7n],
      ]),
    );
    child.commit();
    child.compact();
    assert.deepEqual(child.changes(), []);
  });
});
