import type { Command } from "commander";

/** Placeholder until the simulator lands: registers `tao yuma simulate`. */
export function registerSimulate(yuma: Command): void {
  yuma.command("simulate").description("Run a multi-epoch Yuma scenario (not yet available)");
}
