/**
 * "Tài liệu": every document of a conference, generated from what was recorded,
 * previewed as paper, reviewed and edited paragraph by paragraph, and exported
 * as PDF or DOCX or printed. Reached from the conference page and from a
 * session's workspace.
 */
import { createFollowUpsUpkeep } from '../followUps/keepCurrent.ts';
import { Link } from '@tanstack/solid-router';
import { For, Show, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { unwrap } from 'solid-js/store';
import type * as Y from 'yjs';
import { minutesDocId } from '../../domain/minutesDoc.ts';
import { openMinutesDoc } from '../../storage/minutesText.ts';
import {
  CONFERENCE_DOCUMENTS,
  DOCUMENT_KINDS,
  SESSION_DOCUMENTS,
  SIGNING_FORMS,
  applyEdits,
  buildDocument,
  dateProblem,
  editableTexts,
  noticeDue,
  numberProblem,
  parseSettings,
  type ConferenceRecords,
  type DocumentKind,
  type DocumentProblem,
  type EditConflict,
  type OfficialDocument,
  type Paragraph,
  type SettingField,
} from '../../documents/index.ts';
import { bindTextarea } from '../minutes/bindTextarea.ts';
import { createMinutesDoc } from '../minutes/createMinutesDoc.ts';
import { DateField, SelectField, TextField } from '../components/Field.tsx';
import { formatDate } from '../format.ts';
import { t } from '../i18n.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { conferenceDocumentsDocId, minutesTexts, readConferenceRecords } from './data.ts';
import { dt } from './documents.i18n.ts';
import { dropEdit, editText, keepEdit, readEdits, readSettings, startEdit, writeSetting } from './editsDoc.ts';
import { makeFile } from './exportFile.ts';
import { download } from '../primitives/download.ts';
import { Preview } from './Preview.tsx';
import './documents.css';
import { textKindOf } from '../../domain/access.ts';
import { createMayWrite } from '../access/roles.ts';
import { ReadOnlyNote } from '../access/ReadOnlyNote.tsx';

const KINDS: readonly DocumentKind[] = [...SESSION_DOCUMENTS, ...CONFERENCE_DOCUMENTS];

interface Ready {
  /** As the records give it, before the secretary's edits. */
  readonly generated: OfficialDocument;
  /** What is previewed, printed and exported. */
  readonly shown: OfficialDocument;
  readonly conflicts: readonly EditConflict[];
  readonly edited: ReadonlySet<string>;
}
type Built = Ready | { readonly problem: DocumentProblem } | null;

export function DocumentsScreen(props: { conferenceId: string; sessionId?: string | undefined; kind?: string | undefined }) {
  const store = useStore();
  const { db } = store;
  // The replies counted (and, in the report, printed) include the reports upward and the unheard forms.
  createFollowUpsUpkeep(() => props.conferenceId);
  // An unknown kind in the address (an old link, a typo) opens the default document rather than nothing.
  const kind = (): DocumentKind => DOCUMENT_KINDS.find((k) => k === props.kind) ?? (props.sessionId ? 'minutes' : 'notice');
  const isSessionDoc = () => SESSION_DOCUMENTS.includes(kind());

  const records = createLiveQuery(
    () => props.conferenceId,
    (id) => readConferenceRecords(db, id, store.now()),
  );
  const sessions = () => records()?.sessions.map((s) => s.session);
  const sessionId = () => props.sessionId ?? sessions()?.[0]?.id;

  // The edits and settings: in the session's minutes document, or in the conference's documents document.
  const docId = () => {
    const sid = sessionId();
    return isSessionDoc() && sid ? minutesDocId(sid) : conferenceDocumentsDocId(props.conferenceId);
  };
  const { minutes } = createMinutesDoc(db, docId, store.now);
  // The edits and settings are written into that text: offered only to the roles that may write it (domain/access.ts).
  const may = createMayWrite();
  const canEdit = () => may(textKindOf(docId()));
  const ydoc = () => minutes()?.doc;
  // Any change to a text the document reads (the secretary typing an edit, a correction in the minutes,
  // sync) rebuilds it; at most once per frame, however fast the typing.
  const [version, setVersion] = createSignal(0);
  let bumpPending = false;
  const nextFrame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (fn: () => void) => setTimeout(fn, 16);
  const bump = () => {
    if (bumpPending) return;
    bumpPending = true;
    nextFrame(() => {
      bumpPending = false;
      setVersion((n) => n + 1);
    });
  };
  createEffect(
    on(ydoc, (doc) => {
      if (!doc) return;
      doc.on('update', bump);
      bump();
      onCleanup(() => doc.off('update', bump));
    }),
  );

  // The minutes' texts of every session the document reads, from their open documents (shared with the
  // minutes screen through the cache), so a correction typed anywhere shows here at once.
  const [sessionDocs, setSessionDocs] = createSignal<ReadonlyMap<string, Y.Doc>>(new Map());
  const textSessions = createMemo(() => {
    const sid = sessionId();
    return (isSessionDoc() ? (sid ? [sid] : []) : (sessions() ?? []).map((s) => s.id)).join(' ');
  });
  createEffect(
    on(textSessions, (list) => {
      let cancelled = false;
      const handles: { release: () => Promise<void> }[] = [];
      const docs = new Map<string, Y.Doc>();
      const ids = list ? list.split(' ') : [];
      void Promise.allSettled(
        ids.map(async (id) => {
          const h = await openMinutesDoc(db, minutesDocId(id), { now: store.now });
          if (cancelled) return void h.release();
          handles.push(h);
          h.minutes.doc.on('update', bump);
          docs.set(id, h.minutes.doc);
        }),
      ).then((results) => {
        // A session whose minutes cannot be opened is built without its texts (the topics stand in).
        for (const r of results) if (r.status === 'rejected') console.error('documents: could not open the minutes', r.reason);
        if (!cancelled) setSessionDocs(docs);
      });
      onCleanup(() => {
        cancelled = true;
        for (const d of docs.values()) d.off('update', bump);
        for (const h of handles) void h.release();
      });
    }),
  );

  const rawSettings = createMemo(() => {
    version();
    const doc = ydoc();
    return doc ? readSettings(doc, kind()) : {};
  });
  const settings = () => parseSettings(rawSettings());

  const built = createMemo((): Built => {
    version();
    const recs = records();
    const doc = ydoc();
    if (!recs || !doc) return null;
    const plain = unwrap(recs) as ConferenceRecords;
    const docs = sessionDocs();
    const withTexts = {
      ...plain,
      sessions: plain.sessions.map((s) => {
        const d = docs.get(s.session.id);
        return d ? { ...s, texts: minutesTexts(d) } : s;
      }),
    };
    const generated = buildDocument(kind(), withTexts, sessionId() ?? null, settings());
    if (typeof generated === 'string') return { problem: generated };
    const edits = readEdits(doc, kind());
    const { doc: shown, conflicts } = applyEdits(generated, edits);
    return { generated, shown, conflicts, edited: new Set(Object.keys(edits)) };
  });
  const ready = (): Ready | null => {
    const b = built();
    return b && 'shown' in b ? b : null;
  };

  // ---------------------------------------------------------------- editing one paragraph
  const [editing, setEditing] = createSignal<{ key: string; label: string } | null>(null);
  const openEditor = (p: Paragraph) => {
    const doc = ydoc();
    const b = ready();
    if (!doc || !b || !p.key) return;
    startEdit(doc, kind(), p.key, editableTexts(b.generated).get(p.key)?.text ?? p.text);
    setEditing({ key: p.key, label: p.label || p.text.slice(0, 60) });
  };
  const EditorBox = (ep: { k: string; label: string }) => {
    let el!: HTMLTextAreaElement;
    createEffect(() => {
      const doc = ydoc();
      if (!doc) return;
      const binding = bindTextarea(el, editText(doc, kind(), ep.k), { now: store.now, autoStamp: false });
      el.focus();
      onCleanup(() => binding.destroy());
    });
    return (
      <section class="card doc-editor" aria-labelledby="doc-editor-heading">
        <h2 id="doc-editor-heading">{dt('edit_of', { label: ep.label })}</h2>
        <label class="visually-hidden" for="doc-editor-text">
          {dt('edit_of', { label: ep.label })}
        </label>
        <textarea id="doc-editor-text" ref={el} rows={6} class="doc-editor__text" />
        <p class="field__hint">{dt('editing_hint')}</p>
        <div class="actions">
          <button type="button" class="btn btn--primary" onClick={() => setEditing(null)}>
            {dt('done')}
          </button>
          <button
            type="button"
            class="btn"
            onClick={() => {
              const doc = ydoc();
              if (doc) dropEdit(doc, kind(), ep.k);
              setEditing(null);
            }}
          >
            {dt('revert')}
          </button>
        </div>
      </section>
    );
  };

  // ---------------------------------------------------------------- settings
  const setField = (field: SettingField, value: string) => {
    const doc = ydoc();
    if (doc) writeSetting(doc, kind(), field, value);
  };

  // ---------------------------------------------------------------- export
  const [status, setStatus] = createSignal<{ text: string; error: boolean } | null>(null);
  const exportAs = async (format: 'pdf' | 'docx') => {
    const b = ready();
    if (!b) return;
    setStatus({ text: dt('exporting'), error: false });
    try {
      const { blob, name } = await makeFile(b.shown, format);
      download(blob, name);
      setStatus({ text: dt('exported', { file: name }), error: false });
    } catch (e) {
      console.error('documents: export failed', e);
      setStatus({ text: dt('export_failed', { reason: e instanceof Error ? e.message : String(e) }), error: true });
    }
  };

  const kindLink = (k: DocumentKind) => {
    const sid = sessionId();
    return { kind: k, ...(SESSION_DOCUMENTS.includes(k) && sid ? { session: sid } : {}) };
  };
  const due = () => {
    const r = records();
    return kind() === 'notice' && r ? noticeDue(unwrap(r)) : null;
  };

  return (
    <section aria-labelledby="docs-heading" class="documents">
      <p class="no-print">
        <Link to="/conferences/$conferenceId" params={{ conferenceId: props.conferenceId }} class="back-link">
          ← {t('back')}
        </Link>
      </p>
      <h1 id="docs-heading" class="no-print">
        {dt('title')}
      </h1>
      <nav aria-label={dt('kinds')} class="tabs no-print">
        <For each={KINDS}>
          {(k) => (
            <Link
              to="/conferences/$conferenceId/documents"
              params={{ conferenceId: props.conferenceId }}
              search={kindLink(k)}
              class="tab"
              aria-current={kind() === k ? 'page' : undefined}
            >
              {dt(`kind_${k}`)}
            </Link>
          )}
        </For>
      </nav>

      <Show when={isSessionDoc() && (sessions()?.length ?? 0) > 1}>
        <nav aria-label={dt('session')} class="doc-sessions no-print">
          <span>{dt('session')}:</span>
          <For each={sessions()}>
            {(s) => (
              <Link
                to="/conferences/$conferenceId/documents"
                params={{ conferenceId: props.conferenceId }}
                search={{ kind: kind(), session: s.id }}
                class="btn"
                aria-current={s.id === sessionId() ? 'page' : undefined}
              >
                {s.title || s.venue} ({s.date.split('-').reverse().join('/')})
              </Link>
            )}
          </For>
        </nav>
      </Show>

      <Show when={isSessionDoc() && sessions()?.length === 0}>
        <p class="empty">{dt('no_sessions')}</p>
      </Show>

      <Show when={records() !== null} fallback={<p role="alert">{t('conference_not_found')}</p>}>
        <Show when={built()} fallback={<p>{dt('loading')}</p>}>
          <Show
            when={ready()}
            fallback={
              <p class="empty">
                {(built() as { problem?: DocumentProblem } | null)?.problem === 'no_invitees' ? dt('no_invitees') : dt('no_sessions')}
              </p>
            }
          >
            {(r) => (
              <>
                <Show when={!canEdit()}>
                  <ReadOnlyNote kind={textKindOf(docId())} />
                </Show>
                <Show when={canEdit() && kind() !== 'registration_form' && kind() !== 'invitee_list'}>
                  <fieldset class="doc-settings no-print">
                    <legend>{dt('settings')}</legend>
                    <div class="row">
                      <TextField
                        label={dt('number')}
                        hint={dt('number_hint')}
                        inputmode="numeric"
                        value={rawSettings().number ?? ''}
                        onValue={(v) => setField('number', v)}
                        error={numberProblem(rawSettings().number ?? '') ?? undefined}
                      />
                      <DateField
                        label={dt('issued_on')}
                        hint={dt('issued_on_hint')}
                        value={rawSettings().issuedOn ?? ''}
                        onValue={(v) => setField('issuedOn', v)}
                        error={dateProblem(rawSettings().issuedOn ?? '') ?? undefined}
                      />
                    </div>
                    <Show when={due()}>{(due) => <p class="field__hint">{dt('notice_due', { date: formatDate(due()) })}</p>}</Show>
                    <Show when={kind() !== 'minutes'}>
                      <div class="row">
                        <SelectField
                          label={dt('signing')}
                          value={settings().signing}
                          options={SIGNING_FORMS.map((f) => ({ value: f, label: dt(`signing_${f}`) }))}
                          onValue={(v) => setField('signing', v)}
                        />
                        <TextField
                          label={dt('signer_name')}
                          hint={dt('signer_name_hint')}
                          value={rawSettings().signerName ?? ''}
                          onValue={(v) => setField('signerName', v)}
                        />
                      </div>
                    </Show>
                    <Show when={kind() === 'report' && records()?.unit.upperLevel}>
                      <label class="doc-check">
                        <input
                          type="checkbox"
                          checked={settings().sendUpward}
                          onChange={(e) => setField('sendUpward', e.currentTarget.checked ? 'yes' : 'no')}
                        />
                        {dt('send_upward', { upper: records()?.unit.upperLevel ?? '' })}
                      </label>
                    </Show>
                    <Show when={kind() === 'minutes'}>
                      <SelectField
                        label={dt('appendix')}
                        value={settings().appendix}
                        options={(['auto', 'yes', 'no'] as const).map((a) => ({ value: a, label: dt(`appendix_${a}`) }))}
                        onValue={(v) => setField('appendix', v)}
                      />
                    </Show>
                  </fieldset>
                </Show>

                <Show when={canEdit() && r().conflicts.length > 0}>
                  <section class="card doc-conflicts no-print" role="region" aria-labelledby="doc-conflicts-heading">
                    <h2 id="doc-conflicts-heading">{dt('conflicts', { n: r().conflicts.length })}</h2>
                    <For each={r().conflicts}>
                      {(c) => (
                        <div class="doc-conflict">
                          <Show
                            when={c.kind === 'source_changed'}
                            fallback={
                              <p>
                                {dt('conflict_orphaned')} “{c.edited}”
                              </p>
                            }
                          >
                            <p class="doc-conflict__label">{c.label}</p>
                            <div class="doc-conflict__texts">
                              <div>
                                <h3>{dt('conflict_edited')}</h3>
                                <p>{c.edited}</p>
                              </div>
                              <div>
                                <h3>{dt('conflict_generated')}</h3>
                                <p>{c.generated}</p>
                              </div>
                            </div>
                          </Show>
                          <div class="actions">
                            <Show when={c.kind === 'source_changed'}>
                              <button
                                type="button"
                                class="btn"
                                onClick={() => {
                                  const doc = ydoc();
                                  if (doc) keepEdit(doc, kind(), c.key, c.generated);
                                }}
                              >
                                {dt('keep_edit')}
                              </button>
                            </Show>
                            <button
                              type="button"
                              class="btn"
                              onClick={() => {
                                const doc = ydoc();
                                if (!doc) return;
                                // The editor of that paragraph, if open, would keep typing into a dropped edit.
                                if (editing()?.key === c.key) setEditing(null);
                                dropEdit(doc, kind(), c.key);
                              }}
                            >
                              {c.kind === 'source_changed' ? dt('take_new') : dt('discard')}
                            </button>
                          </div>
                        </div>
                      )}
                    </For>
                  </section>
                </Show>

                <div class="actions doc-actions no-print">
                  <button type="button" class="btn btn--primary" onClick={() => void exportAs('pdf')}>
                    {dt('export_pdf')}
                  </button>
                  <button type="button" class="btn" onClick={() => void exportAs('docx')}>
                    {dt('export_docx')}
                  </button>
                  <button type="button" class="btn" onClick={() => window.print()}>
                    {dt('print')}
                  </button>
                </div>
                <p role="status" class="no-print" classList={{ 'form-error': status()?.error ?? false }}>
                  {status()?.text ?? ''}
                </p>

                <Show when={canEdit() && editing()} keyed>
                  {(e) => <EditorBox k={e.key} label={e.label} />}
                </Show>

                <h2 class="visually-hidden">{dt('preview')}</h2>
                <Preview doc={r().shown} edited={r().edited} onEdit={canEdit() ? openEditor : undefined} />
              </>
            )}
          </Show>
        </Show>
      </Show>
    </section>
  );
}
