export function canMove<S extends string>(table: Record<S, S[]>, from: S, to: S): boolean {
  return table[from].includes(to);
}
