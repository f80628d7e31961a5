import { ConflictError } from './errors';

/** A state machine as data: for each state, the states it may move to next. */
export type Transitions<S extends string> = { readonly [From in S]: readonly S[] };

/** Refuses a move the table does not list, before anything is written. */
export function assertTransition<S extends string>(machine: string, table: Transitions<S>, from: S, to: S): void {
  if (!table[from].includes(to)) throw new ConflictError(`This ${machine} is ${from} and cannot become ${to}`);
}
