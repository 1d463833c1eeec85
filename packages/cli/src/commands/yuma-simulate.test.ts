import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { builtinScenarios, parseScenario } from "@taonet/yuma";

const TAO = fileURLToPath(new URL("../../bin/tao.js", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "tao-simulate-"));
after(() => rmSync(work, { recursive: true, force: true }));

function tao(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [TAO, "yuma", "simulate", ...args], { cwd: work, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dirs = 0;
const freshDir = () => join(work, `out${dirs++}`);

function writeJson(name: string, value: unknown): string {
  const path = join(work, name);
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
  return path;
}

describe("tao yuma simulate", () => {
  it("--list names every built-in scenario with a description", () => {
    const r = tao("--list");
    assert.equal(r.code, 0, r.stderr);
    for (const s of builtinScenarios()) {
      assert.ok(r.stdout.includes(s.name), s.name);
      assert.ok(r.stdout.includes(s.description ?? "?"), s.name);
    }
  });

  it("runs a scenario by name: CSV, SVG and the dividends table", () => {
    const out = freshDir();
    const r = tao("kappa moves first", "--out", out);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Case 1 - kappa moves first \(yuma3, 40 epochs\)/);
    assert.match(r.stdout, /Big vali\. \(0\.8\)\s+0\.8000\s+\d+\.\d{4}/);
    assert.deepEqual(readdirSync(out).sort(), [
      "case-01-kappa-moves-first.csv",
      "case-01-kappa-moves-first.svg",
    ]);
    const csv = readFileSync(join(out, "case-01-kappa-moves-first.csv"), "utf8").trimEnd().split("\n");
    assert.equal(csv.length, 1 + 40 * 5);
    const svg = readFileSync(join(out, "case-01-kappa-moves-first.svg"), "utf8");
    assert.equal((svg.match(/<polyline /g) ?? []).length, 5);
  });

  it("--all runs the 24 built-ins quickly, --json prints the summaries", () => {
    const out = freshDir();
    const started = Date.now();
    const r = tao("--all", "--json", "--out", out);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Date.now() - started < 15_000);
    assert.equal(readdirSync(out).length, 48);
    const summaries = JSON.parse(r.stdout) as Array<{
      name: string;
      mode: string;
      validators: Array<{ totalDividends: number }>;
    }>;
    assert.equal(summaries.length, 24);
    for (const s of summaries) {
      assert.equal(s.mode, "yuma3");
      const totalDividends = s.validators.reduce((a, v) => a + v.totalDividends, 0);
      assert.ok(totalDividends > 0 && totalDividends <= 40 + 1e-6, s.name);
    }
  });

  it("applies --mode, --kappa, --bonds-penalty, --epochs and the other overrides", () => {
    const r = tao(
      "Case 2",
      "--mode",
      "yuma3-liquid",
      "--kappa",
      "0.5",
      "--bonds-penalty",
      "0",
      "--bonds-moving-average",
      "0.975",
      "--alpha-low",
      "0.1",
      "--alpha-high",
      "0.3",
      "--steepness",
      "1000",
      "--epochs",
      "6",
      "--json",
      "--out",
      freshDir(),
    );
    assert.equal(r.code, 0, r.stderr);
    const [s] = JSON.parse(r.stdout) as Array<{
      mode: string;
      epochs: number;
      hyperparameters: Record<string, unknown>;
      validators: Array<{ totalDividends: number }>;
    }>;
    assert.equal(s?.mode, "yuma3-liquid");
    assert.equal(s?.epochs, 6);
    assert.deepEqual(
      [s?.hyperparameters.kappa, s?.hyperparameters.bondsPenalty, s?.hyperparameters.bondsMovingAverage],
      [32767, 0, 975000],
    );
    assert.deepEqual([s?.hyperparameters.alphaLow, s?.hyperparameters.alphaHigh], [6553, 19660]);
    // The chain's test_yuma_3_kappa_moves_second: the eager validator's dividends over epochs 0-5.
    const eager = 0.1 + 0.0498 + 0.3132 + 0.209 + 0.1706 + 0.1508;
    assert.ok(Math.abs((s?.validators[1]?.totalDividends ?? 0) - eager) < 3e-3);
  });

  it("runs a scenario file, and --print-scenario writes one", () => {
    const printed = tao("--print-scenario", "clipping");
    assert.equal(printed.code, 0, printed.stderr);
    const scenario = parseScenario(JSON.parse(printed.stdout));
    assert.equal(scenario.name, "Case 11 - clipping demo");
    const file = writeJson("mine.json", {
      ...scenario,
      name: "My clipping",
      id: undefined,
      reference: undefined,
    });
    const out = freshDir();
    const r = tao("--file", file, "--mode", "yuma2", "--epochs", "3", "--out", out);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /My clipping \(yuma2, 3 epochs\)/);
    assert.deepEqual(readdirSync(out).sort(), ["my-clipping.csv", "my-clipping.svg"]);
    assert.equal(readFileSync(join(out, "my-clipping.csv"), "utf8").trimEnd().split("\n").length, 1 + 3 * 5);

    // Several scenarios print as an array, which --file reads back.
    const two = tao("--print-scenario", "1", "2");
    const arrayFile = writeJson("two.json", two.stdout);
    const again = tao("--file", arrayFile, "--out", freshDir(), "--json");
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(
      (JSON.parse(again.stdout) as Array<{ id: string }>).map((s) => s.id),
      ["kappa-moves-first", "kappa-moves-second"],
    );
    const badSecond = writeJson("bad-array.json", [scenario, { ...scenario, epochs: -1 }]);
    const r2 = tao("--file", badSecond, "--out", freshDir());
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /\[1\]\.epochs/);
  });

  it("exits 2 listing the names for an unknown or ambiguous scenario", () => {
    const unknown = tao("kappa moves sideways", "--out", freshDir());
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown scenario "kappa moves sideways"/);
    assert.match(unknown.stderr, /kappa-moves-first\s+Case 1 - kappa moves first/);
    const ambiguous = tao("big vali moves late");
    assert.equal(ambiguous.code, 2);
    assert.match(
      ambiguous.stderr,
      /matches 2: big-vali-moves-late-then-all-but-one, big-vali-moves-late-then-late/,
    );
  });

  it("exits 2 naming the field of a bad scenario file", () => {
    const base = {
      name: "bad",
      epochs: 3,
      validators: [{ name: "v", stake: 1 }],
      miners: ["m1", "m2"],
      phases: [{ from: 0, weights: [[1, 0]] }],
    };
    const cases: Array<[unknown, RegExp]> = [
      [{ ...base, phases: [{ from: 0, weights: [[1]] }] }, /phases\[0\]\.weights\[0\]: expected 2 numbers/],
      [{ ...base, validators: [{ name: "v" }] }, /validators\[0\]\.stake: missing/],
      [{ ...base, hyperparameters: { kappa: 1.5 } }, /hyperparameters\.kappa: expected a fraction/],
      [{ ...base, epoch: 3 }, /unknown field "epoch"/],
      [
        { ...base, events: [{ epoch: 1, type: "resetBonds", miner: "nope" }] },
        /events\[0\]\.miner: no miner "nope"/,
      ],
      ["{ not json", /is not valid JSON/],
    ];
    cases.forEach(([content, message], k) => {
      const r = tao("--file", writeJson(`bad${k}.json`, content), "--out", freshDir());
      assert.equal(r.code, 2, `case ${k}: ${r.stderr}`);
      assert.match(r.stderr, message);
    });
    const missing = tao("--file", join(work, "no-such-file.json"));
    assert.equal(missing.code, 2);
  });

  it("exits 2 on bad options or nothing to do", () => {
    assert.equal(tao("1", "--kappa", "2").code, 2);
    assert.equal(tao("1", "--mode", "yuma4").code, 2);
    assert.equal(tao("1", "--epochs", "0").code, 2);
    const nothing = tao();
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /nothing to simulate/);
  });
});
