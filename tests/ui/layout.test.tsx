import { RouterProvider, createMemoryHistory, createRootRoute, createRouter } from '@tanstack/solid-router';
import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import { Layout } from '../../src/ui/components/Layout.tsx';

function renderLayout(update: Parameters<typeof Layout>[0]['update'], at = '/') {
  const rootRoute = createRootRoute({ component: () => <Layout update={update}>content</Layout> });
  const router = createRouter({ routeTree: rootRoute, history: createMemoryHistory({ initialEntries: [at] }) });
  return { router, ...render(() => <RouterProvider router={router} />) };
}

describe('the header’s links', () => {
  const nav = () => screen.getByRole('navigation', { name: 'Điều hướng chính' });
  const current = () => [...nav().querySelectorAll('[aria-current="page"]')].map((a) => a.textContent);

  it('mark the page they lead to as current: the list by itself, the others with what lies under them', async () => {
    const { router } = renderLayout(undefined, '/settings/accounts');
    await screen.findByText('content');
    expect(current()).toEqual(['Cài đặt']);
    await router.navigate({ href: '/' });
    await waitFor(() => expect(current()).toEqual(['Hội nghị']));
    await router.navigate({ href: '/conferences/c1' });
    await waitFor(() => expect(current()).toEqual([]));
  });

  it('move within the app on a click, and leave a ctrl-click (a new tab) to the browser', async () => {
    const { router } = renderLayout(undefined);
    await screen.findByText('content');
    const followUps = screen.getByRole('link', { name: 'Theo dõi trả lời' });
    expect(followUps).toHaveAttribute('href', '/follow-ups');

    expect(fireEvent.click(followUps, { ctrlKey: true })).toBe(true);
    expect(router.state.location.pathname).toBe('/');

    // fireEvent returns false when the app took the click (preventDefault): no page load.
    expect(fireEvent.click(followUps)).toBe(false);
    await waitFor(() => expect(router.state.location.pathname).toBe('/follow-ups'));
    expect(current()).toEqual(['Theo dõi trả lời']);
  });
});

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
