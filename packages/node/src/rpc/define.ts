/**
 * JSON-RPC methods are declared once — name, summary, parameter schema (zod), result description,
 * whether it is dev-only or a subscription — and the server, the parameter validation and docs/rpc.md
 * are all derived from the declarations.
 *
 * Parameters are a zod object: a request may pass them by name (an object) or by position (an array, in
 * the order of the object's keys).
 */
import type { z } from "zod";
import type { TaoNode } from "../node.js";

/** Per-connection state for subscriptions (WebSocket only). */
export interface Session {
  subscribe(kind: SubscriptionKind, filter: unknown): string;
  unsubscribe(id: string): boolean;
}

export type SubscriptionKind = "newHeads" | "events" | "metagraph";

export interface RpcContext {
  readonly node: TaoNode;
  /** Present on WebSocket connections. */
  readonly session?: Session;
}

export interface MethodDef<P extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly group: string;
  readonly summary: string;
  readonly params: P;
  /** The result's shape (TypeScript notation; bigints are decimal strings on the wire). */
  readonly result: string;
  /** Only in the dev preset. */
  readonly dev?: boolean;
  /** Needs a WebSocket connection. */
  readonly subscription?: boolean;
  handler(ctx: RpcContext, params: z.output<P>): unknown;
}

export function method<P extends z.ZodObject>(def: MethodDef<P>): MethodDef<P> {
  return def;
}
