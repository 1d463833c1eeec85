/**
 * JSON-RPC 2.0 processing, independent of the transport: parse, validate the envelope, look the method
 * up, validate its parameters, run it, and map every failure to an error with a stable code and name.
 */
import { ChainError } from "@taonet/chain";
import { z } from "zod";
import { NodeError, RpcCode } from "../errors.js";
import { jsonValue, toJson } from "../json.js";
import type { MethodDef, RpcContext } from "./define.js";
import { methods } from "./methods.js";

export interface RpcError {
  readonly code: number;
  readonly message: string;
  readonly data?: { readonly name: string } & Readonly<Record<string, unknown>>;
}

export interface DispatchLimits {
  /** Requests per batch at most. */
  readonly maxBatch: number;
}

type Id = string | number | null;

const envelope = z.object({
  jsonrpc: z.literal("2.0"),
  method: z.string().max(128),
  params: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
  id: z.union([z.string().max(256), z.number(), z.null()]).optional(),
});

export const errorResponse = (id: Id, error: RpcError) => ({ jsonrpc: "2.0" as const, id, error });

export function rpcError(
  code: number,
  name: string,
  message: string,
  extra: Record<string, unknown> = {},
): RpcError {
  return { code, message, data: { name, ...extra } };
}

export function toRpcError(err: unknown): RpcError {
  if (err instanceof NodeError)
    return rpcError(err.rpcCode, err.code, err.message, jsonValue(err.details) as Record<string, unknown>);
  if (err instanceof z.ZodError) {
    const issues = err.issues
      .slice(0, 10)
      .map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    const first = issues[0];
    return rpcError(
      RpcCode.InvalidParams,
      "InvalidParams",
      first ? `${first.path || "params"}: ${first.message}` : "invalid parameters",
      { issues },
    );
  }
  if (err instanceof ChainError)
    return rpcError(RpcCode.InvalidParams, err.code, err.message, { pallet: err.pallet });
  return rpcError(RpcCode.InternalError, "InternalError", "internal error");
}

export class Dispatcher {
  private readonly byName = new Map<string, { def: MethodDef; schema: z.ZodType; keys: string[] }>();
  readonly limits: DispatchLimits;
  /** Called for each call with (method, seconds, error code or undefined). */
  onCall: ((method: string, seconds: number, error?: RpcError) => void) | undefined;
  /** Called with unexpected (internal) errors. */
  onInternalError: ((err: unknown, method: string) => void) | undefined;

  constructor(dev: boolean, limits: DispatchLimits) {
    // schemas are built once: zod compiles each schema object on its first use
    for (const m of methods as readonly MethodDef[]) {
      if (!m.dev || dev)
        this.byName.set(m.name, { def: m, schema: m.params.strict(), keys: Object.keys(m.params.shape) });
    }
    this.limits = limits;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Handles one request object; undefined for a notification (no id). */
  async call(ctx: RpcContext, request: unknown): Promise<object | undefined> {
    const env = envelope.safeParse(request);
    if (!env.success) {
      const id =
        typeof request === "object" && request !== null && "id" in request
          ? (request as { id: unknown }).id
          : null;
      return errorResponse(
        typeof id === "string" || typeof id === "number" ? id : null,
        rpcError(RpcCode.InvalidRequest, "InvalidRequest", "not a JSON-RPC 2.0 request"),
      );
    }
    const { method: name, params, id } = env.data;
    const isNotification = id === undefined;
    const t0 = performance.now();
    let result: unknown;
    let error: RpcError | undefined;
    const entry = this.byName.get(name);
    const def = entry?.def;
    try {
      if (!entry || !def) throw new NodeError(RpcCode.MethodNotFound, "MethodNotFound", `no method ${name}`);
      if (def.subscription && !ctx.session) {
        throw new NodeError(RpcCode.MethodNotFound, "NeedsWebSocket", `${name} needs a WebSocket connection`);
      }
      let named: Record<string, unknown>;
      if (Array.isArray(params)) {
        const keys = entry.keys;
        if (params.length > keys.length) {
          throw new NodeError(
            RpcCode.InvalidParams,
            "InvalidParams",
            `${name} takes at most ${keys.length} parameters`,
          );
        }
        named = {};
        params.forEach((v, i) => {
          named[keys[i] as string] = v;
        });
      } else named = params ?? {};
      const parsed = entry.schema.parse(named) as Record<string, unknown>;
      result = jsonValue(await def.handler(ctx, parsed));
    } catch (err) {
      error = toRpcError(err);
      if (error.code === RpcCode.InternalError) this.onInternalError?.(err, name);
    }
    this.onCall?.(def ? name : "(unknown)", (performance.now() - t0) / 1000, error);
    if (isNotification) return undefined;
    return error ? errorResponse(id, error) : { jsonrpc: "2.0", id, result: result ?? null };
  }

  /** Handles a message (one request or a batch); returns the text to send back, or undefined. */
  async handle(ctx: RpcContext, text: string): Promise<string | undefined> {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return toJson(errorResponse(null, rpcError(RpcCode.ParseError, "ParseError", "malformed JSON")));
    }
    if (Array.isArray(body)) {
      if (body.length === 0)
        return toJson(errorResponse(null, rpcError(RpcCode.InvalidRequest, "InvalidRequest", "empty batch")));
      if (body.length > this.limits.maxBatch) {
        return toJson(
          errorResponse(
            null,
            rpcError(RpcCode.TooLarge, "BatchTooLarge", `at most ${this.limits.maxBatch} requests per batch`),
          ),
        );
      }
      const out = (await Promise.all(body.map((r) => this.call(ctx, r)))).filter((r) => r !== undefined);
      return out.length > 0 ? toJson(out) : undefined;
    }
    const r = await this.call(ctx, body);
    return r === undefined ? undefined : toJson(r);
  }
}
