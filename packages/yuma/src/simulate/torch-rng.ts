/**
 * A re-implementation of PyTorch's CPU random generator, as far as the reference simulator's noisy
 * scenarios (cases 19-24) need it: `torch.Generator().manual_seed(s)` followed by
 * `torch.normal(mean, std, (k,), generator=g)` for k < 16, which PyTorch evaluates serially with a
 * double-precision Box-Muller transform over a 32-bit Mersenne Twister (two draws per 53-bit uniform)
 * and caches the second sample of each pair. Results are float32, like the tensors they fill.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** MT19937 with the standard 32-bit seeding (PyTorch's `at::mt19937`). */
export class Mt19937 {
  private readonly state = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    const s = this.state;
    s[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = s[i - 1] ?? 0;
      const x = (prev ^ (prev >>> 30)) >>> 0;
      // 1812433253 * x + i, modulo 2^32, without losing bits in double arithmetic.
      s[i] = (Math.imul(1812433253, x) + i) >>> 0;
    }
  }

  private twist(): void {
    const s = this.state;
    for (let i = 0; i < N; i++) {
      const y = ((s[i] ?? 0) & UPPER_MASK) | ((s[(i + 1) % N] ?? 0) & LOWER_MASK);
      let v = (s[(i + M) % N] ?? 0) ^ (y >>> 1);
      if (y & 1) v ^= MATRIX_A;
      s[i] = v >>> 0;
    }
    this.index = 0;
  }

  /** The next tempered 32-bit output. */
  nextU32(): number {
    if (this.index >= N) this.twist();
    let y = this.state[this.index++] ?? 0;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_53 = 2 ** -53;

/** A `torch.Generator` seeded with `manual_seed(seed)`. */
export class TorchGenerator {
  private readonly engine: Mt19937;
  private cachedNormal: number | null = null;

  constructor(seed: number) {
    this.engine = new Mt19937(seed);
  }

  /** `uniform_real_distribution<double>(0, 1)`: the low 53 bits of (first << 32 | second), scaled. */
  uniform(): number {
    const hi = this.engine.nextU32();
    const lo = this.engine.nextU32();
    // (hi << 32 | lo) & (2^53 - 1) = (hi & 0x1fffff) * 2^32 + lo, exact in a double.
    return ((hi & 0x1fffff) * TWO_POW_32 + lo) * TWO_POW_MINUS_53;
  }

  /** One `normal_distribution<double>(mean, std)` sample (Box-Muller, second value cached). */
  normal(mean: number, std: number): number {
    if (this.cachedNormal !== null) {
      const z = this.cachedNormal;
      this.cachedNormal = null;
      return z * std + mean;
    }
    const u1 = this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log1p(-u2));
    const theta = 2 * Math.PI * u1;
    this.cachedNormal = r * Math.sin(theta);
    return r * Math.cos(theta) * std + mean;
  }
}

/** `torch.normal(mean, std, (count,), generator=g)` for count < 16: float32 values. */
export function torchNormal(gen: TorchGenerator, mean: number, std: number, count: number): number[] {
  return Array.from({ length: count }, () => Math.fround(gen.normal(mean, std)));
}
