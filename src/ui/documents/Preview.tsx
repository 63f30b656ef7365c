/**
 * A document on screen, laid out like the paper (and printed from here with the
 * print stylesheet): the header columns, the title, the body, the tables, the
 * signatures. Editable paragraphs carry a button that opens the editor.
 */
import { For, Show, type JSX } from 'solid-js';
import { MOTTO, NATIONAL_TITLE } from '../../documents/common.ts';
import { isSigner, type Block, type OfficialDocument, type Paragraph, type Section, type Signer } from '../../documents/index.ts';
import { dt } from './documents.i18n.ts';

export interface PreviewProps {
  readonly doc: OfficialDocument;
  readonly edited: ReadonlySet<string>;
  /** Absent: no edit buttons (this device's role may not edit the document's texts). */
  readonly onEdit?: ((p: Paragraph) => void) | undefined;
}

function Lines(props: { text: string }) {
  return (
    <For each={props.text.split('\n')}>
      {(line, i) => (
        <>
          {i() > 0 ? <br /> : null}
          {line}
        </>
      )}
    </For>
  );
}

function SignerBlock(props: { s: Signer }) {
  return (
    <div class="doc-signer">
      <Show when={props.s.above}>
        <p class="doc-i">{props.s.above}</p>
      </Show>
      <For each={props.s.authority}>{(a) => <p class="doc-b">{a}</p>}</For>
      <Show when={props.s.note}>
        <p class="doc-i">{props.s.note}</p>
      </Show>
      <p class="doc-b doc-signer__name">{props.s.name || '\u00a0'}</p>
    </div>
  );
}

/**
 * Plain functions, not components: a document is an immutable value, rebuilt
 * whole when the records change, and drawn again from it (the <For> over the
 * new blocks); the editor that must keep its focus lives outside the preview.
 */
function blockView(b: Block, props: { edited: ReadonlySet<string>; onEdit?: ((p: Paragraph) => void) | undefined }): JSX.Element {
  switch (b.kind) {
    case 'paragraph':
      return (
        <div class="doc-para-row">
          <p
            class="doc-p"
            classList={{
              'doc-b': !!b.bold,
              'doc-i': !!b.italic,
              'doc-indent': b.indent ?? (b.align ?? 'justify') === 'justify',
              'doc-dots': !!b.dots,
              [`doc-align-${b.align ?? 'justify'}`]: true,
              'doc-edited': !!b.key && props.edited.has(b.key),
            }}
            style={b.size && b.size !== 14 ? { 'font-size': `${b.size}pt` } : undefined}
          >
            <Show when={b.label}>
              <strong>{b.label}</strong>{' '}
            </Show>
            <Lines text={b.text} />
          </p>
          <Show when={b.key && props.onEdit}>
            <button
              type="button"
              class="btn btn--quiet doc-edit"
              onClick={() => props.onEdit?.(b)}
              aria-label={`${dt('edit')}${b.key && props.edited.has(b.key) ? ` (${dt('edited')})` : ''}: ${(b.label ?? b.text).slice(0, 60)}`}
              title={dt('edit')}
            >
              <span aria-hidden="true">{b.key && props.edited.has(b.key) ? '✎•' : '✎'}</span>
            </button>
          </Show>
        </div>
      );
    case 'table':
      return (
        <table class="doc-table" style={{ 'font-size': `${b.size ?? 12}pt` }}>
          <colgroup>
            <For each={b.columns}>{(c) => <col style={{ width: `${c.width * 100}%` }} />}</For>
          </colgroup>
          <thead>
            <tr>
              <For each={b.columns}>{(c) => <th scope="col">{c.title}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={b.rows}>
              {(row, i) => (
                <tr classList={{ 'doc-b': !!b.totalRow && i() === b.rows.length - 1 }}>
                  <For each={row}>{(cell, k) => <td class={`doc-align-${b.columns[k()]?.align ?? 'left'}`}>{cell}</td>}</For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      );
    case 'signatures': {
      const left = b.left;
      return (
        <div class="doc-signatures" classList={{ 'doc-signatures--two': isSigner(left) && b.right !== null }}>
          <div class="doc-signatures__left">
            <Show when={left && !isSigner(left) ? left : null}>
              {(r) => (
                <div class="doc-recipients">
                  <p class="doc-b doc-i doc-recipients__title">Nơi nhận:</p>
                  <For each={r().items}>{(item) => <p>{item}</p>}</For>
                </div>
              )}
            </Show>
            <Show when={isSigner(left) ? left : null}>{(s) => <SignerBlock s={s()} />}</Show>
          </div>
          <div class="doc-signatures__right">
            <Show when={b.right}>{(s) => <SignerBlock s={s()} />}</Show>
          </div>
        </div>
      );
    }
    case 'page_break':
      return <hr class="doc-page-break" />;
  }
}

function sectionView(s: Section, props: { edited: ReadonlySet<string>; onEdit?: ((p: Paragraph) => void) | undefined }): JSX.Element {
  return (
    <section class="doc-section">
      <Show when={s.header}>
        {(h) => (
          <Show
            when={h().agency.length > 0}
            fallback={
              <div class="doc-national doc-national--alone">
                <p class="doc-b">{NATIONAL_TITLE}</p>
                <p class="doc-b doc-motto">{MOTTO}</p>
              </div>
            }
          >
            <div class="doc-header">
              <div class="doc-header__left">
                <For each={h().agency}>{(a) => <p class="doc-b">{a}</p>}</For>
                <hr class="doc-rule doc-rule--agency" />
                <Show when={h().number}>
                  <p>{h().number}</p>
                </Show>
              </div>
              <div class="doc-header__right doc-national">
                <p class="doc-b">{NATIONAL_TITLE}</p>
                <p class="doc-b doc-motto">{MOTTO}</p>
                <Show when={h().placeDate}>
                  <p class="doc-i">{h().placeDate}</p>
                </Show>
              </div>
            </div>
          </Show>
        )}
      </Show>
      <Show when={s.title}>
        {(t) => (
          <div class="doc-title">
            <p class="doc-b">{t().type}</p>
            <Show when={t().subject}>
              <p class="doc-b">{t().subject}</p>
            </Show>
            <hr class="doc-rule doc-rule--subject" />
            <Show when={t().subjectItalic}>
              <p class="doc-i">{t().subjectItalic}</p>
            </Show>
            <Show when={s.kinhGui?.length}>
              <p>Kính gửi: {s.kinhGui?.join('; ')}</p>
            </Show>
          </div>
        )}
      </Show>
      <For each={s.blocks}>{(b) => blockView(b, props)}</For>
    </section>
  );
}

export function Preview(props: PreviewProps) {
  return (
    <article class="doc-print" lang="vi" aria-label={props.doc.title}>
      <For each={props.doc.sections}>{(s) => sectionView(s, props)}</For>
    </article>
  );
}
