/**
 * Which backups a scheduled run keeps (pure): each run writes `gazette-backup-<UTC time>` under the
 * backup folder; the newest `keep` good ones stay, older ones go, and anything not named so (an
 * operator's own folder, a run cut short: `.partial-…`) is never touched but by its own run. ADR 0022.
 */
const prefix = "gazette-backup-";

/** The folder name of a backup taken at `at`: sortable, and a valid file name everywhere (no colons). */
export function backupFolderName(at: Date): string {
  return `${prefix}${at
    .toISOString()
    .replaceAll(":", "-")
    .replace(/\.\d{3}Z$/, "Z")}`;
}

/** When the backup in folder `name` was taken; undefined for any other folder. */
export function backupFolderTime(name: string): Date | undefined {
  const match = /^gazette-backup-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z$/.exec(name);
  if (match === null) return undefined;
  const at = new Date(`${match[1]}T${match[2]}:${match[3]}:${match[4]}Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** The backup folders among `names` to delete so that the newest `keep` stay (keep ≥ 1). */
export function backupsToPrune(names: readonly string[], keep: number): string[] {
  if (!Number.isInteger(keep) || keep < 1)
    throw new RangeError(`keep must be a whole number of 1 or more, not ${keep}`);
  const backups = names
    .map((name) => ({ name, at: backupFolderTime(name) }))
    .filter((backup): backup is { name: string; at: Date } => backup.at !== undefined)
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  return backups.slice(keep).map((backup) => backup.name);
}

/** The newest backup folder among `names`, if any. */
export function newestBackup(names: readonly string[]): { name: string; at: Date } | undefined {
  let newest: { name: string; at: Date } | undefined;
  for (const name of names) {
    const at = backupFolderTime(name);
    if (at !== undefined && (newest === undefined || at > newest.at)) newest = { name, at };
  }
  return newest;
}
