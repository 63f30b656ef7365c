/** The Settings card: everything of the unit to a file, and a file back in (for the roles that may bring one in). */
import { Show } from 'solid-js';
import { createMayImportFiles } from '../access/roles.ts';
import { ImportNotOfferedNote } from '../access/ReadOnlyNote.tsx';
import { ExportButton } from './ExportButton.tsx';
import { ImportForm } from './ImportForm.tsx';
import { ft } from './files.i18n.ts';

export function FilesCard() {
  // Exporting is reading: every role keeps it. Importing writes whole conferences (domain/access.ts `mayImportFiles`).
  const mayImport = createMayImportFiles();
  return (
    <div class="card">
      <h2>{ft('title')}</h2>
      <p class="muted">{ft('hint')}</p>
      <ExportButton />
      <h3>{ft('import_title')}</h3>
      <Show when={mayImport()} fallback={<ImportNotOfferedNote />}>
        <ImportForm />
      </Show>
    </div>
  );
}

/** The conference list's import, once asked for (`ImportOffer`): a conference from another device arrives here. */
export function ImportPanel() {
  return (
    <>
      <p class="muted">{ft('hint')}</p>
      <ImportForm focusOnMount />
    </>
  );
}
