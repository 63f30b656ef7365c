/** The Settings card: everything of the unit to a file, and a file back in. */
import { ExportButton } from './ExportButton.tsx';
import { ImportForm } from './ImportForm.tsx';
import { ft } from './files.i18n.ts';

export function FilesCard() {
  return (
    <div class="card">
      <h2>{ft('title')}</h2>
      <p class="muted">{ft('hint')}</p>
      <ExportButton />
      <h3>{ft('import_title')}</h3>
      <ImportForm />
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
