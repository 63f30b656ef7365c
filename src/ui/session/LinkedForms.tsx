/**
 * The registration forms one turn answers. People often ask the same thing:
 * the chair (or the office preparing the queue) links the other forms to the
 * turn that answers them, so each form counts as heard and its registrant's
 * answer is the one given in the room. A form may be linked to several turns.
 */
import { For, Show } from 'solid-js';
import { formsHeardIn, isOutsideDialogue, linkedForms } from '../../domain/registration.ts';
import type { Row } from '../../storage/queries.ts';
import { rt } from './room.i18n.ts';

type Form = Pick<Row<'registrations'>, 'id' | 'fullName' | 'procedureName' | 'village' | 'outsideDialogue'>;
type Turn = Pick<Row<'speakerTurns'>, 'id' | 'speakerName' | 'registrationId' | 'answersRegistrationIds'>;

export function LinkedForms(props: { turn: Turn; forms: readonly Form[]; canEdit: boolean; onChange: (answersRegistrationIds: string[]) => void }) {
  const heard = () => formsHeardIn(props.turn);
  // The turn's own form is not a choice: the turn was made from it.
  const choices = () => props.forms.filter((f) => f.id !== props.turn.registrationId && !isOutsideDialogue(f));
  const label = (f: Form) => [f.fullName, f.village, f.procedureName].filter(Boolean).join(' · ');
  return (
    <Show when={props.canEdit || heard().length > 1}>
      <details class="linked-forms">
        <summary>{rt('linked_forms', { n: heard().length, name: props.turn.speakerName })}</summary>
        <Show
          when={props.canEdit}
          fallback={
            <ul>
              <For each={props.forms.filter((f) => heard().includes(f.id))}>{(f) => <li>{label(f)}</li>}</For>
            </ul>
          }
        >
          <ul class="linked-forms__list" aria-label={rt('linked_forms_list', { name: props.turn.speakerName })}>
            <For each={choices()}>
              {(f) => (
                <li>
                  <label class="check-row">
                    <input
                      type="checkbox"
                      checked={heard().includes(f.id)}
                      onChange={(e) => props.onChange(linkedForms(props.turn, f.id, e.currentTarget.checked))}
                    />
                    <span>{label(f)}</span>
                  </label>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </details>
    </Show>
  );
}
