import type { ReactNode } from 'react';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Layout } from './components/Layout';
import { useT } from './i18n/I18nProvider';
import { AdminAppointmentsPage } from './pages/AdminAppointmentsPage';
import { AdminMailPage } from './pages/AdminMailPage';
import { AdminRulebookPage } from './pages/AdminRulebookPage';
import { BookingPage } from './pages/BookingPage';
import { BudgetPage } from './pages/BudgetPage';
import { CommitteePage } from './pages/CommitteePage';
import { CommitteesPage } from './pages/CommitteesPage';
import { ApplicationsPage } from './pages/equipment/ApplicationsPage';
import { AssetImportPage } from './pages/equipment/AssetImportPage';
import { AssetListPage } from './pages/equipment/AssetListPage';
import { AssetPage } from './pages/equipment/AssetPage';
import { MyEquipmentPage } from './pages/equipment/MyEquipmentPage';
import { PositionPage } from './pages/equipment/PositionPage';
import { InnovationRoundPage, InnovationRoundsPage } from './pages/InnovationPages';
import { LoginPage } from './pages/LoginPage';
import { MeetingPage } from './pages/MeetingPage';
import { MyAppointmentsPage } from './pages/MyAppointmentsPage';
import { MyTasksPage } from './pages/MyTasksPage';
import { NewTicketPage } from './pages/NewTicketPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PortalListPage } from './pages/PortalListPage';
import { PortalTicketPage } from './pages/PortalTicketPage';
import { TokensPage } from './pages/TokensPage';
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
  { path: '/admin/mail', render: (_, me) => (me.isAdmin ? <AdminMailPage /> : <NotFoundPage />) },
  { path: '/', render: (_, me) => <Redirect to={usesWorkspace(me) ? '/workspace' : '/portal'} /> },
  { path: '/portal', render: () => <PortalListPage /> },
  { path: '/portal/new', render: () => <NewTicketPage /> },
  {
    path: '/portal/tickets/:number',
    render: ({ number }) => <PortalTicketPage key={number} number={number} />,
  },
  { path: '/budget', render: () => <BudgetPage /> },
  // rulebook administration and the innovation budget (issue 4)
  { path: '/admin/rulebook', render: (_, me) => (me.isAdmin ? <AdminRulebookPage /> : <NotFoundPage />) },
  { path: '/innovation', render: () => <InnovationRoundsPage /> },
  { path: '/innovation/:id', render: ({ id }) => <InnovationRoundPage key={id} id={Number(id)} /> },
  { path: '/appointments', render: () => <MyAppointmentsPage /> },
  {
    path: '/admin/appointments',
    render: (_, me) => (me.isAdmin ? <AdminAppointmentsPage /> : <NotFoundPage />),
  },
  { path: '/workspace', render: (_, me) => (usesWorkspace(me) ? <WorkspacePage /> : <NotFoundPage />) },
  {
    path: '/workspace/tickets/:number',
    render: ({ number }, me) =>
      usesWorkspace(me) ? <WorkspaceTicketPage key={number} number={number} /> : <NotFoundPage />,
  },
  { path: '/committees', render: () => <CommitteesPage /> },
  { path: '/committees/:id', render: ({ id }) => <CommitteePage key={id} id={Number(id)} /> },
  { path: '/meetings/:id', render: ({ id }) => <MeetingPage key={id} id={Number(id)} /> },
  { path: '/tasks', render: () => <MyTasksPage /> },
  // staff plan, equipment and the register of specialist applications (issue 6)
  { path: '/equipment', render: () => <MyEquipmentPage /> },
  {
    path: '/positions/:positionNumber',
    render: ({ positionNumber }) => <PositionPage key={positionNumber} positionNumber={positionNumber} />,
  },
  { path: '/assets', render: (_, me) => (usesWorkspace(me) ? <AssetListPage /> : <NotFoundPage />) },
  { path: '/assets/import', render: (_, me) => (usesWorkspace(me) ? <AssetImportPage /> : <NotFoundPage />) },
  {
    path: '/assets/:inventoryNumber',
    render: ({ inventoryNumber }, me) =>
      usesWorkspace(me) ? (
        <AssetPage key={inventoryNumber} inventoryNumber={inventoryNumber} />
      ) : (
        <NotFoundPage />
      ),
  },
  { path: '/applications', render: () => <ApplicationsPage /> },
  // personal API tokens (issue 17), for every signed-in person
  { path: '/tokens', render: () => <TokensPage /> },
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
