/** One place up or down in a list (the agenda, the speaker queue): the touch and screen-reader way to reorder. */
import { rt } from './room.i18n.ts';

export function MoveButtons(props: { name: string; index: number; count: number; onMove: (toIndex: number) => void }) {
  return (
    <>
      <button type="button" class="btn btn--icon" aria-label={rt('move_up', { name: props.name })} disabled={props.index === 0} onClick={() => props.onMove(props.index - 1)}>
        ↑
      </button>
      <button
        type="button"
        class="btn btn--icon"
        aria-label={rt('move_down', { name: props.name })}
        disabled={props.index === props.count - 1}
        onClick={() => props.onMove(props.index + 1)}
      >
        ↓
      </button>
    </>
  );
}
