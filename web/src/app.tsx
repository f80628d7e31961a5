/** The dashboard's frame: skip link, header (who, language, sign out), menu by role, the page. */
import { useEffect } from 'react';
import { describeError } from './describe-error';
import { LANGUAGES, useI18n, type Language } from './i18n/i18n';
import { BreakGlassReviewPage } from './pages/break-glass-review';
import { BudgetPage } from './pages/budget';
import { CaseloadPage } from './pages/caseload';
import { ClientDetailPage } from './pages/client-detail';
import { DirectoryPage } from './pages/directory';
import { InboxPage } from './pages/inbox';
import { ReferralsPage } from './pages/referrals';
import { MonitoringPage } from './pages/monitoring';
import { SignInPage } from './pages/sign-in';
import { PageHeading } from './components/page-heading';
import { href, menu, useRoute, type Route } from './routes';
import { useSession } from './session';

function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <div className="language">
      <label htmlFor="language">{t('app.language')}</label>
      <select id="language" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function Page({ route }: { route: Route }) {
  const { t } = useI18n();
  const { session } = useSession();
  const items = menu(session!.me.roles);
  const allowed = (page: string) => items.some((i) => i.page === page) || (page === 'client' && items.some((i) => i.page === 'caseload'));

  useEffect(() => {
    // Start on the first page of the professional's menu.
    if ((route.page === 'home' || !allowed(route.page)) && items[0]) window.location.replace(href({ page: items[0].page }));
  });

  if (route.page === 'home' || !allowed(route.page)) {
    return items.length === 0 ? (
      <>
        <PageHeading>{t('app.title')}</PageHeading>
        <p>{t('home.nothing')}</p>
      </>
    ) : null;
  }
  switch (route.page) {
    case 'caseload':
      return <CaseloadPage />;
    case 'client':
      return <ClientDetailPage key={route.id} id={route.id} />;
    case 'inbox':
      return <InboxPage />;
    case 'referrals':
      return <ReferralsPage />;
    case 'monitoring':
      return <MonitoringPage />;
    case 'budget':
      return <BudgetPage />;
    case 'directory':
      return <DirectoryPage />;
    case 'review':
      return <BreakGlassReviewPage />;
  }
}

/** A kept session the gateway could not confirm just now: try again, or give it up. */
function UncheckedSession({ why }: { why: Error }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { restore, signOut } = useSession();
  return (
    <>
      <PageHeading>{t('app.uncheckedTitle')}</PageHeading>
      <div role="alert" className="notice notice-error">
        <p>
          {t('app.unchecked')} {describeError(i18n, why)}
        </p>
        <div className="actions">
          <button type="button" onClick={restore}>
            {t('app.retry')}
          </button>
          <button type="button" className="secondary" onClick={() => signOut()}>
            {t('app.signOut')}
          </button>
        </div>
      </div>
    </>
  );
}

export function App() {
  const { t, label } = useI18n();
  const { session, owner, restoring, unchecked, signOut } = useSession();
  const route = useRoute(owner);
  const items = session ? menu(session.me.roles) : [];
  const current = route.page === 'client' ? 'caseload' : route.page;

  // The page, never who it is about: a title shows in the tab bar, the history and screen shares.
  const page = !session
    ? unchecked
      ? 'app.uncheckedTitle'
      : 'signIn.title'
    : route.page === 'client'
      ? 'client.pageTitle'
      : (items.find((i) => i.page === current)?.label ?? 'app.title');
  useEffect(() => {
    document.title = `${t('app.title')} — ${t(page)}`;
  });

  return (
    <>
      <a className="skip" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.title')}</span>
        {session && (
          <nav aria-label={t('nav.label')}>
            <ul>
              {items.map((i) => (
                <li key={i.page}>
                  <a href={href({ page: i.page })} aria-current={current === i.page ? 'page' : undefined}>
                    {t(i.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="top-end">
          {session && (
            <span className="who" data-testid="signed-in-as">
              {t('app.signedInAs', { name: session.me.name, organisation: session.me.organisation.name })} ·{' '}
              {session.me.roles.map((r) => label('role', r)).join(', ')}
            </span>
          )}
          <LanguageSwitch />
          {session && (
            <button type="button" className="secondary" onClick={() => signOut()}>
              {t('app.signOut')}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {restoring ? <p role="status">{t('app.loading')}</p> : session ? <Page route={route} /> : unchecked ? <UncheckedSession why={unchecked} /> : <SignInPage />}
      </main>
    </>
  );
}
