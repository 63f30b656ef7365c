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

/** The conference list's card: a conference from another device arrives here (a fresh tablet has no other way without a network). */
export function ImportCard() {
  return (
    <div class="card">
      <h2>{ft('import_title')}</h2>
      <p class="muted">{ft('hint')}</p>
      <ImportForm />
    </div>
  );
}
