/** Something released: an AT version or a system release. */
export interface Released {
  releasedOn: string | null;
  createdAt: Date;
}

/**
 * Old → new: by release date, and by when it was entered where the date is unknown or equal.
 * The same order as the `compatibility_record_state` view uses to decide what is "newer".
 */
export function compareReleased(a: Released, b: Released): number {
  const dateA = a.releasedOn ?? a.createdAt.toISOString().slice(0, 10);
  const dateB = b.releasedOn ?? b.createdAt.toISOString().slice(0, 10);
  if (dateA !== dateB) return dateA < dateB ? -1 : 1;
  return a.createdAt.getTime() - b.createdAt.getTime();
}

/** Groups released things by owner, each group old → new. */
export function groupReleased<T extends Released>(items: T[], ownerOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of [...items].sort(compareReleased)) {
    const owner = ownerOf(item);
    const group = groups.get(owner);
    if (group) group.push(item);
    else groups.set(owner, [item]);
  }
  return groups;
}
