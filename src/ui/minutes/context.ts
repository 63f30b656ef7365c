/**
 * What every entry of one minutes screen shares: the document, the clock, and
 * which entry the secretary was last in (the "insert time" button acts there).
 */
import { createContext, useContext } from 'solid-js';
import type * as Y from 'yjs';

export interface EntryHandle {
  /** Inserts '[HH:mm] ' at the entry's caret and puts the focus back in it. */
  insertTime(): void;
}

export interface MinutesContextValue {
  readonly doc: Y.Doc;
  readonly now: () => number;
  readonly setActive: (entry: EntryHandle) => void;
  readonly forget: (entry: EntryHandle) => void;
}

export const MinutesContext = createContext<MinutesContextValue>();

export function useMinutes(): MinutesContextValue {
  const value = useContext(MinutesContext);
  if (!value) throw new Error('useMinutes outside a minutes screen');
  return value;
}
