import { type ReactNode, useEffect, useRef } from 'react';
import { StatusRegion } from '../announcer';
import { useT } from '../i18n/I18nProvider';
import { useLocation } from '../router';
import { SiteHeader } from './SiteHeader';

export function Layout({ children }: { children: ReactNode }) {
  const t = useT();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After an in-app navigation, move focus to the new content so screen readers start there.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (pathname) main.current?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <SiteHeader />
      <main id="main" ref={main} tabIndex={-1} className="page">
        <StatusRegion />
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}
