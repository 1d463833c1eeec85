/**
 * WebSocket preferred, HTTP as the fallback: requests go over a shared WebSocket; if the server answers the
 * upgrade with a plain HTTP response (it is up but does not speak WebSocket, e.g. behind a proxy), the
 * transport switches to HTTP for good and sends the request again there. A node that is down is not a
 * reason to switch: the WebSocket keeps reconnecting.
 */
import { TransportError } from "../errors.js";
import { type HttpTransportOptions, httpTransport } from "./http.js";
import type { Transport } from "./types.js";
import { type WebSocketTransportOptions, webSocketTransport } from "./ws.js";

export function autoTransport(
  url: string,
  options: WebSocketTransportOptions & HttpTransportOptions = {},
): Transport {
  const ws = webSocketTransport(url, { ...options, failOnUpgradeRefused: true });
  let http: Transport | undefined;
  const current = () => http ?? ws;
  const refused = (err: unknown) => err instanceof TransportError && err.code === "UpgradeRefused";
  const fallback = async <T>(run: (t: Transport) => Promise<T>): Promise<T> => {
    if (http) return run(http);
    try {
      return await run(ws);
    } catch (err) {
      if (!refused(err)) throw err;
      http ??= httpTransport(url, options);
      void ws.close();
      return run(http);
    }
  };
  return {
    get kind() {
      return current().kind;
    },
    get url() {
      return current().url;
    },
    get closed() {
      return current().closed;
    },
    request: (method, params, opts) => fallback((t) => t.request(method, params, opts)),
    batch: (calls, opts) => fallback((t) => t.batch(calls, opts)),
    subscribe: (method, params, handlers) => fallback((t) => t.subscribe(method, params, handlers)),
    on: (event, listener) => {
      const offs = [ws.on(event, listener)];
      return () => {
        for (const off of offs) off();
      };
    },
    async close() {
      await ws.close();
      await http?.close();
    },
  };
}
