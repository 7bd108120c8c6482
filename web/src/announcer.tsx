import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { useLocation } from './router';

// One polite live region for the whole app. It stays mounted across page changes, so a message
// set just before navigating (e.g. "Vorgang 2026-000123 angelegt") is announced on the new page.

interface Announcement {
  id: number;
  text: string;
  path: string;
}

type Announce = (text: string, path?: string) => void;

const AnnouncerContext = createContext<{ current: Announcement | null; announce: Announce } | null>(null);

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [current, setCurrent] = useState<Announcement | null>(null);
  const announce = useCallback<Announce>((text, path = window.location.pathname) => {
    setCurrent((previous) => ({ id: (previous?.id ?? 0) + 1, text, path }));
  }, []);
  const value = useMemo(() => ({ current, announce }), [current, announce]);
  return <AnnouncerContext.Provider value={value}>{children}</AnnouncerContext.Provider>;
}

function useAnnouncer() {
  const value = useContext(AnnouncerContext);
  if (!value) throw new Error('useAnnounce() must be used inside <AnnouncerProvider>');
  return value;
}

export const useAnnounce = (): Announce => useAnnouncer().announce;

/** The live region; shows the message only on the page it was meant for. */
export function StatusRegion() {
  const { current } = useAnnouncer();
  const { pathname } = useLocation();
  const visible = current && current.path === pathname ? current : null;
  return (
    <div role="status" aria-live="polite" className={visible ? 'notice notice--success' : 'visually-hidden'}>
      {visible && <p key={visible.id}>{visible.text}</p>}
    </div>
  );
}
