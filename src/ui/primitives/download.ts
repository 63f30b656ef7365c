/**
 * Hands a file the app made (a document, an export, a recording) to the browser as a download.
 * Offline too: the bytes never leave the device, only an object URL is made, and released once
 * the click has started the download.
 */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to start the download, then the memory goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
