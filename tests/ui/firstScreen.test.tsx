/**
 * The first screen draws what is below its heading in one go: drawn piece by piece (the
 * import card first, the set-up form when its chunk arrived), each piece pushed the ones
 * below it down, which Lighthouse counted as a layout shift of 0.06-0.18 on a first visit.
 */
import { screen, waitFor } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { SCREEN_SHOWN_EVENT } from '../../src/ui/primitives/screenShown.ts';
import { renderApp } from './render.tsx';

describe('first screen', () => {
  it('shows the import card only together with the set-up form above it, then says it is drawn', async () => {
    let shown = 0;
    const count = () => shown++;
    window.addEventListener(SCREEN_SHOWN_EVENT, count);
    try {
      renderApp('/');
      await screen.findByRole('heading', { name: 'Nhập tệp' });
      // Present at the very moment the card below it appeared: nothing is inserted above the card later.
      expect(screen.getByRole('form', { name: 'Đơn vị' })).toBeInTheDocument();
      expect(screen.getByRole('heading', { name: 'Thiết lập đơn vị' })).toBeInTheDocument();
      await waitFor(() => expect(shown).toBe(1));
    } finally {
      window.removeEventListener(SCREEN_SHOWN_EVENT, count);
    }
  });
});
