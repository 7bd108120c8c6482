import { useAnnounce } from '../announcer';
import { useLanguage, useT } from '../i18n/I18nProvider';
import { Link, navigate, useLocation } from '../router';
import { useSession, usesWorkspace } from '../session';
import type { Me } from '../types';

export function SiteHeader() {
  const t = useT();
  const { session } = useSession();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href="/" className="brand">
          {t('app.name')}
        </Link>
        {session.status === 'signedIn' && <MainNav me={session.me} />}
        <div className="site-header__tools">
          {session.status === 'signedIn' && <UserTools me={session.me} />}
          <LanguageSwitch />
        </div>
      </div>
    </header>
  );
}

function MainNav({ me }: { me: Me }) {
  const t = useT();
  const { pathname } = useLocation();
  const links = [
    {
      href: '/portal',
      label: t('nav.portal'),
      active: pathname === '/portal' || pathname.startsWith('/portal/tickets'),
    },
    { href: '/portal/new', label: t('nav.newTicket'), active: pathname === '/portal/new' },
    { href: '/appointments', label: t('appointments.nav'), active: pathname === '/appointments' },
  ];
  if (me.isAdmin || me.roles.some((r) => r.role === 'budgetOwner' || r.role === 'itHead'))
    links.push({ href: '/budget', label: t('budget.nav'), active: pathname === '/budget' });
  if (usesWorkspace(me)) {
    links.push({ href: '/workspace', label: t('nav.workspace'), active: pathname.startsWith('/workspace') });
  }
  if (me.isAdmin) {
    links.push({ href: '/admin/mail', label: t('mail.nav'), active: pathname === '/admin/mail' });
    links.push({
      href: '/admin/appointments',
      label: t('appointments.admin.nav'),
      active: pathname === '/admin/appointments',
    });
    links.push({
      href: '/admin/rulebook',
      label: t('rulebook.admin.nav'),
      active: pathname === '/admin/rulebook',
    });
  }
  links.push({ href: '/innovation', label: t('innovation.nav'), active: pathname.startsWith('/innovation') });
  links.push(
    {
      href: '/committees',
      label: t('committees.nav'),
      active: pathname.startsWith('/committees') || pathname.startsWith('/meetings'),
    },
    { href: '/tasks', label: t('committees.navTasks'), active: pathname === '/tasks' },
  );
  links.push(
    {
      href: '/equipment',
      label: t('equipment.nav.mine'),
      active: pathname === '/equipment' || pathname.startsWith('/positions/'),
    },
    { href: '/applications', label: t('equipment.nav.applications'), active: pathname === '/applications' },
    ...(usesWorkspace(me)
      ? [{ href: '/assets', label: t('equipment.nav.assets'), active: pathname.startsWith('/assets') }]
      : []),
  );
  return (
    <nav aria-label={t('nav.label')} className="main-nav">
      <ul>
        {links.map((link) => (
          <li key={link.href}>
            <Link href={link.href} aria-current={link.active ? 'page' : undefined}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function UserTools({ me }: { me: Me }) {
  const t = useT();
  const { signOut } = useSession();
  const announce = useAnnounce();
  const { pathname } = useLocation();
  const handleSignOut = async () => {
    await signOut().catch(() => undefined);
    navigate('/login');
    announce(t('nav.signedOut'), '/login');
  };
  return (
    <>
      <span className="user-name">
        <span className="visually-hidden">{t('nav.signedInAs')} </span>
        {me.name}
      </span>
      <Link
        href="/tokens"
        className="button button--header"
        aria-current={pathname === '/tokens' ? 'page' : undefined}
      >
        {t('tokens.nav')}
      </Link>
      <button type="button" className="button button--header" onClick={() => void handleSignOut()}>
        {t('nav.signOut')}
      </button>
    </>
  );
}

function LanguageSwitch() {
  const t = useT();
  const { lang, setLang } = useLanguage();
  const other = lang === 'de' ? 'en' : 'de';
  return (
    <button type="button" className="button button--header" lang={other} onClick={() => setLang(other)}>
      {t('language.other')}
    </button>
  );
}
