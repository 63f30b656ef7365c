import { RouterProvider, createMemoryHistory, createRootRoute, createRouter } from '@tanstack/solid-router';
import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import { Layout } from '../../src/ui/components/Layout.tsx';

function renderLayout(update: Parameters<typeof Layout>[0]['update']) {
  const rootRoute = createRootRoute({ component: () => <Layout update={update}>content</Layout> });
  const router = createRouter({ routeTree: rootRoute, history: createMemoryHistory({ initialEntries: ['/'] }) });
  return render(() => <RouterProvider router={router} />);
}

describe('a new version of the app', () => {
  it('is offered, never applied by itself: only the person’s tap applies it', async () => {
    const [waiting, setWaiting] = createSignal(false);
    const apply = vi.fn();
    const dismiss = vi.fn(() => setWaiting(false));
    renderLayout({ waiting, offlineReady: () => false, apply, dismiss });
    await screen.findByText('content');
    expect(screen.queryByText('Có phiên bản mới của ứng dụng.')).not.toBeInTheDocument();

    // Fake timers: whatever the banner might schedule to apply itself gets a whole minute to do it.
    vi.useFakeTimers();
    try {
      setWaiting(true);
      expect(screen.getByText('Có phiên bản mới của ứng dụng.')).toBeInTheDocument();
      vi.advanceTimersByTime(60_000);
      expect(apply).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }

    fireEvent.click(screen.getByRole('button', { name: 'Để sau' }));
    expect(dismiss).toHaveBeenCalledOnce();
    expect(screen.queryByText('Có phiên bản mới của ứng dụng.')).not.toBeInTheDocument();

    setWaiting(true);
    fireEvent.click(await screen.findByRole('button', { name: 'Cập nhật' }));
    expect(apply).toHaveBeenCalledOnce();
  });

  it('the offline badge follows the connection', async () => {
    renderLayout(undefined);
    await screen.findByText('content');
    window.dispatchEvent(new Event('offline'));
    expect(await screen.findByRole('status')).toHaveTextContent('Ngoại tuyến');
    window.dispatchEvent(new Event('online'));
    await waitFor(() => expect(screen.queryByText(/Ngoại tuyến/)).not.toBeInTheDocument());
  });
});
