import { useEffect } from 'react';
import { useT } from '../i18n/I18nProvider';

/** Sets document.title to "<page> – amtsdesk" (WCAG 2.4.2). */
export function usePageTitle(title: string): void {
  const t = useT();
  const suffix = t('app.name');
  useEffect(() => {
    document.title = `${title} – ${suffix}`;
  }, [title, suffix]);
}
