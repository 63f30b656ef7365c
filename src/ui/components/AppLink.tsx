import { useRouter } from '@tanstack/solid-router';
import type { JSX } from 'solid-js';

/**
 * A plain anchor that moves within the app without reloading it: for the links every
 * screen draws (the header's) and lists of many (the conferences).
 *
 * Why not TanStack's `<Link>`: each one builds its location, subscribes to the router's
 * state and sets up preloading when it is created. On the first screen of a slow tablet
 * (CPU slowed 4×) the header's four links cost some 70 ms of the first render, more than
 * the screen under them, and a list of conferences paid that per row. These links need
 * none of it: their targets are known paths, and whether one is the current page is said
 * by the caller (`current`), which reads the location once for all of them.
 */
export function AppLink(props: {
  href: string;
  class?: string;
  current?: boolean;
  'aria-label'?: string;
  children: JSX.Element;
}) {
  const router = useRouter();
  const onClick = (e: MouseEvent) => {
    // A new tab or window (modifier keys, middle button) is the browser's to open.
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    void router.navigate({ href: props.href });
  };
  return (
    <a href={props.href} class={props.class} aria-current={props.current ? 'page' : undefined} aria-label={props['aria-label']} onClick={onClick}>
      {props.children}
    </a>
  );
}
