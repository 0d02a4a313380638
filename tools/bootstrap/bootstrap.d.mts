/** Types of what bootstrap.mjs exports for its tests (it is plain JavaScript so it runs before any install). */
export interface Requirement {
  what: string;
  present(): boolean;
  debian: string[];
}
export type SystemPackagesPlan =
  | { action: "ok" }
  | { action: "install"; packages: string[]; names: string }
  | { action: "stop"; message: string };
export function systemPackagesPlan(options: {
  command: string;
  missing: Requirement[];
  packages: string[];
  isRoot: boolean;
  hasAptGet: boolean;
  sharedDir: string;
}): SystemPackagesPlan;
export function packagesUpToDate(projectRoot?: string): boolean;
