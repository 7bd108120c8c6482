import type { ReactNode } from 'react';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Layout } from './components/Layout';
import { useT } from './i18n/I18nProvider';
import { BookingPage } from './pages/BookingPage';
import { LoginPage } from './pages/LoginPage';
import { MyAppointmentsPage } from './pages/MyAppointmentsPage';
import { NewTicketPage } from './pages/NewTicketPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PortalListPage } from './pages/PortalListPage';
import { PortalTicketPage } from './pages/PortalTicketPage';
import { WorkspacePage } from './pages/WorkspacePage';
import { WorkspaceTicketPage } from './pages/WorkspaceTicketPage';
import { matchPath, Redirect, useLocation } from './router';
import { useSession, usesWorkspace } from './session';
import type { Me } from './types';

interface Route {
  path: string;
  render: (params: Record<string, string>, me: Me) => ReactNode;
}

const routes: Route[] = [
  { path: '/', render: (_, me) => <Redirect to={usesWorkspace(me) ? '/workspace' : '/portal'} /> },
  { path: '/portal', render: () => <PortalListPage /> },
  { path: '/portal/new', render: () => <NewTicketPage /> },
  {
    path: '/portal/tickets/:number',
    render: ({ number }) => <PortalTicketPage key={number} number={number} />,
  },
  { path: '/appointments', render: () => <MyAppointmentsPage /> },
  { path: '/workspace', render: (_, me) => (usesWorkspace(me) ? <WorkspacePage /> : <NotFoundPage />) },
  {
    path: '/workspace/tickets/:number',
    render: ({ number }, me) =>
      usesWorkspace(me) ? <WorkspaceTicketPage key={number} number={number} /> : <NotFoundPage />,
  },
];

export function App() {
  const { pathname } = useLocation();
  return (
    <Layout>
      <ErrorBoundary key={pathname}>
        <Page pathname={pathname} />
      </ErrorBoundary>
    </Layout>
  );
}

function Page({ pathname }: { pathname: string }) {
  const t = useT();
  const { session } = useSession();
  // citizens book without an account
  if (pathname === '/termine') return <BookingPage />;
  if (session.status === 'loading') return <p>{t('app.loading')}</p>;
  if (session.status === 'anonymous') {
    if (pathname === '/login') return <LoginPage />;
    const here = window.location.pathname + window.location.search;
    return <Redirect to={pathname === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} />;
  }
  if (pathname === '/login') return <Redirect to="/" />;
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return route.render(params, session.me);
  }
  return <NotFoundPage />;
}
