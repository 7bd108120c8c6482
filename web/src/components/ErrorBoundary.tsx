import { Component, type ErrorInfo, type ReactNode } from 'react';
import { usePageTitle } from '../hooks/usePageTitle';
import { useT } from '../i18n/I18nProvider';

interface ErrorBoundaryProps {
  children: ReactNode;
}

/** Catches rendering errors of a page so the header and navigation stay usable. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? <ErrorFallback /> : this.props.children;
  }
}

function ErrorFallback() {
  const t = useT();
  usePageTitle(t('errors.boundaryTitle'));
  return (
    <>
      <h1>{t('errors.boundaryTitle')}</h1>
      <p>{t('errors.boundaryText')}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {t('errors.reload')}
      </button>
    </>
  );
}
