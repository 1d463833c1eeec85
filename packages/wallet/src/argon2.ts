/** libsodium's `crypto_pwhash_argon2i` SENSITIVE limits and btwallet's fixed salt. */
export const ARGON2I_PARAMS = {
  iterations: 8,
  memoryKiB: 524_288,
  parallelism: 1,
  hashLength: 32,
  salt: Uint8Array.from(Buffer.from("137183dff15a09bc9c90b5518739e9b1", "hex")),
} as const;

/**
 * Argon2i v1.3 with btwallet's parameters, on the calling thread (hash-wasm, WebAssembly; loaded on first
 * use so that importing the wallet stays cheap for a CLI's start-up).
 */
export async function argon2iKey(password: string): Promise<Uint8Array> {
  const { argon2i } = await import("hash-wasm");
  return argon2i({
    password,
    salt: ARGON2I_PARAMS.salt,
    iterations: ARGON2I_PARAMS.iterations,
    memorySize: ARGON2I_PARAMS.memoryKiB,
    parallelism: ARGON2I_PARAMS.parallelism,
    hashLength: ARGON2I_PARAMS.hashLength,
    outputType: "binary",
  });
}
