/** End to end: the real `tao` process on files and stdin. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/tao.js", import.meta.url));
const vectors = fileURLToPath(new URL("../../../yuma/vectors/epoch_legacy_and_masks.json", import.meta.url));

function tao(args: string[], stdin?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { input: stdin ?? "", encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const camel = (o: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), v]),
  );

interface Step {
  input: Record<string, unknown> | string;
  expected: Record<string, unknown>;
}
const golden = JSON.parse(readFileSync(vectors, "utf8")) as { cases: { id: string; steps: Step[] }[] };
const steps = golden.cases.flatMap((c) => c.steps).filter((s) => typeof s.input !== "string");

describe("tao yuma epoch", () => {
  it("runs one epoch from a file and writes the output file", () => {
    const dir = mkdtempSync(join(tmpdir(), "tao-epoch-"));
    const step = steps[2] as Step;
    writeFileSync(join(dir, "in.json"), JSON.stringify(camel(step.input as Record<string, unknown>)));
    const r = tao(["yuma", "epoch", "--input", join(dir, "in.json"), "--output", join(dir, "out.json")]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(readFileSync(join(dir, "out.json"), "utf8"));
    assert.deepEqual(out.emission, (step.expected.emission as number[]).map(String));
    assert.deepEqual(out.dividendsU16, step.expected.dividends_u16);
  });

  it("runs an array of epochs from stdin and answers an array in the same order", () => {
    const batch = steps.slice(0, 5);
    const r = tao(
      ["yuma", "epoch"],
      JSON.stringify(batch.map((s) => camel(s.input as Record<string, unknown>))),
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.equal(out.length, batch.length);
    out.forEach((o, k) => {
      assert.deepEqual(o.incentive, batch[k]?.expected.incentive);
    });
  });

  it("exits 2 and names the field on malformed input, writing nothing to stdout", () => {
    const input = camel(steps[0]?.input as Record<string, unknown>);
    const r = tao(["yuma", "epoch"], JSON.stringify([input, { ...input, stake: [-5] }]));
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /\[1\]\.stake\[0\]/);
  });

  it("exits 2 on invalid JSON and on a missing file", () => {
    assert.equal(tao(["yuma", "epoch"], "{nope").code, 2);
    const r = tao(["yuma", "epoch", "--input", "/nonexistent/in.json"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read/);
  });

  it("runs sub-subnet mechanisms when the input has `mechanisms`", () => {
    const base = camel(steps[2]?.input as Record<string, unknown>);
    const m = { weights: base.weights, bonds: base.bonds, lastUpdate: base.lastUpdate };
    const request = {
      ...base,
      weights: undefined,
      mechanisms: [m, m],
      mechanismEmissionSplit: [16383, 49152],
    };
    const r = tao(["yuma", "epoch"], JSON.stringify(request));
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.mechanisms.length, 2);
    const total = BigInt(base.raoEmission as number | string);
    assert.equal(BigInt(out.mechanismEmission[0]) + BigInt(out.mechanismEmission[1]), total);
    const bad = tao(["yuma", "epoch"], JSON.stringify({ ...request, mechanismEmissionSplit: [1, 2] }));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /mechanismEmissionSplit: the shares must add up to 65535/);
  });

  it("prints help", () => {
    const r = tao(["--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /yuma/);
  });
});
