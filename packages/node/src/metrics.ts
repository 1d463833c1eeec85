/**
 * Prometheus metrics (prom-client, on a registry of the node's own). Names follow Prometheus conventions
 * (`taonet_` prefix, unit suffixes, time in seconds).
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export class NodeMetrics {
  readonly registry = new Registry();
  readonly height = new Gauge({
    name: "taonet_block_height",
    help: "Number of the head block",
    registers: [this.registry],
  });
  readonly blockSeconds = new Histogram({
    name: "taonet_block_production_seconds",
    help: "Time to build, persist and commit a block",
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly blockInterval = new Histogram({
    name: "taonet_block_interval_seconds",
    help: "Time between consecutive blocks (wall clock)",
    buckets: [0.01, 0.1, 0.25, 0.5, 1, 2, 6, 12, 24, 60],
    registers: [this.registry],
  });
  readonly blockTxs = new Histogram({
    name: "taonet_block_transactions",
    help: "Transactions per block",
    buckets: [0, 1, 10, 100, 500, 1000, 2500, 5000, 10000],
    registers: [this.registry],
  });
  readonly epochBlockSeconds = new Histogram({
    name: "taonet_epoch_block_seconds",
    help: "Execution time of blocks in which at least one subnet epoch ran (label: epochs in the block)",
    labelNames: ["epochs"],
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly mempoolSize = new Gauge({
    name: "taonet_mempool_transactions",
    help: "Transactions in the pool",
    registers: [this.registry],
  });
  readonly mempoolBytes = new Gauge({
    name: "taonet_mempool_bytes",
    help: "Encoded bytes in the pool",
    registers: [this.registry],
  });
  readonly txRejected = new Counter({
    name: "taonet_transactions_rejected_total",
    help: "Transactions refused at admission, by reason",
    labelNames: ["reason"],
    registers: [this.registry],
  });
  readonly rpcSeconds = new Histogram({
    name: "taonet_rpc_request_duration_seconds",
    help: "JSON-RPC call latency by method",
    labelNames: ["method"],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly rpcErrors = new Counter({
    name: "taonet_rpc_errors_total",
    help: "JSON-RPC errors by code",
    labelNames: ["code"],
    registers: [this.registry],
  });
  readonly connections = new Gauge({
    name: "taonet_rpc_connections",
    help: "Open RPC connections by transport",
    labelNames: ["transport"],
    registers: [this.registry],
  });
  readonly subscriptions = new Gauge({
    name: "taonet_rpc_subscriptions",
    help: "Active WebSocket subscriptions",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "taonet_" });
  }
}
