/**
 * Conformance cases (packages/chain/conformance/*.json): a pre-state, a t8n input and the expected results,
 * transcribed from the reference's own tests. `expected` lists partial results: each field given must
 * match (objects recursively; other fields are not checked). `{"$approx": "N", "$tol": "T"}` matches an
 * integer within T of N (the reference's assert_abs_diff_eq).
 */
import type { Json } from "./codec.js";
import type { T8nResult } from "./t8n.js";

export interface ConformanceCase {
  readonly comment: string;
  /** The reference test(s) the case transcribes: file and test names. */
  readonly reference: string;
  readonly state: unknown;
  readonly input: unknown;
  readonly expected: ReadonlyArray<{ readonly index: number } & Readonly<Record<string, unknown>>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function match(actual: unknown, expected: unknown, path: string, out: string[]): void {
  if (isRecord(expected) && "$approx" in expected) {
    const want = BigInt(String(expected.$approx));
    const tol = BigInt(String(expected.$tol ?? 0));
    const ok = (typeof actual === "string" || typeof actual === "number") && /^-?\d+$/.test(String(actual));
    const diff = ok ? BigInt(String(actual)) - want : null;
    if (diff === null || diff > tol || -diff > tol) {
      out.push(`${path}: ${JSON.stringify(actual)} is not within ${tol} of ${want}`);
    }
    return;
  }
  if (isRecord(expected)) {
    if (!isRecord(actual)) {
      out.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
      return;
    }
    for (const [k, v] of Object.entries(expected)) match(actual[k], v, `${path}.${k}`, out);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      return;
    }
    expected.forEach((v, i) => {
      match(actual[i], v, `${path}[${i}]`, out);
    });
    return;
  }
  if (actual !== expected)
    out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** The mismatches between the results and a case's expectations (empty: the case passes). */
export function checkResults(
  results: readonly T8nResult[] | readonly Json[],
  expected: ConformanceCase["expected"],
): string[] {
  const out: string[] = [];
  for (const e of expected) {
    const actual = results[e.index];
    if (actual === undefined) {
      out.push(`result ${e.index}: missing`);
      continue;
    }
    const { index, ...fields } = e;
    match(actual, fields, `result ${index}`, out);
  }
  return out;
}
