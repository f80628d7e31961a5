/**
 * Sign-in: pick a demo persona (development only: the gateway mints the token, POST /dev/token)
 * or paste a bearer token. The persona list comes from the gateway, so where it does not offer
 * one (production, OIDC) only the token field is shown.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { RequestError, send } from '../api';
import { describeError } from '../describe-error';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.nl';
import { IDLE_MINUTES, useSession, type Ending } from '../session';
import { PageHeading } from '../components/page-heading';

/** What she is told of the session that ended. */
const ENDED: Record<Ending, MessageKey> = {
  refused: 'app.sessionEnded',
  idle: 'app.signedOutIdle',
  expired: 'app.signedOutExpired',
  elsewhere: 'app.signedOutElsewhere',
  left: 'app.signedOutLeft',
};

interface Persona {
  email: string;
  name: string;
  roles: string[];
}

export function SignInPage() {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { signIn, ended } = useSession();
  const [personas, setPersonas] = useState<Persona[] | null | undefined>(undefined);
  const [email, setEmail] = useState('');
  const [token, setToken] = useState('');
  const [message, setMessage] = useState<string | null>(ended ? t(ENDED[ended], { minutes: IDLE_MINUTES }) : null);
  const [busy, setBusy] = useState(false);
  const personaHelp = useId();
  const tokenHelp = useId();

  useEffect(() => {
    let live = true;
    send('/dev/personas', { headers: { accept: 'application/json' } }, async (res) => (res.ok ? ((await res.json()) as { personas: Persona[] }) : null))
      .then((body) => {
        if (!live) return;
        setPersonas(body?.personas ?? null);
        if (body?.personas[0]) setEmail(body.personas[0].email);
      })
      .catch(() => live && setPersonas(null));
    return () => {
      live = false;
    };
  }, []);

  async function attempt(getToken: () => Promise<string | null>) {
    setBusy(true);
    setMessage(null);
    try {
      const value = await getToken();
      if (!value || !(await signIn(value))) setMessage(t('signIn.refused'));
    } catch (err) {
      setMessage(describeError(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  function onPersona(event: FormEvent) {
    event.preventDefault();
    void attempt(async () => {
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) };
      return send('/dev/token', init, async (res) => {
        if (!res.ok) throw new RequestError({ status: res.status });
        return ((await res.json()) as { token: string }).token;
      });
    });
  }

  function onToken(event: FormEvent) {
    event.preventDefault();
    // Out of the field at once, and out of the clipboard it was pasted from: a token left in either is
    // a sign-in for whoever sits down next, for as long as she has not signed out.
    setToken('');
    void navigator.clipboard?.writeText('').catch(() => undefined);
    void attempt(async () => token);
  }

  return (
    <>
      <PageHeading>{t('signIn.title')}</PageHeading>
      <p>{t('signIn.intro')}</p>
      {message && (
        <p role="alert" className="notice notice-error">
          {message}
        </p>
      )}
      <div className="sign-in">
        {personas === undefined ? (
          <p className="muted">{t('app.loading')}</p>
        ) : personas === null ? (
          <p className="notice">{t('signIn.noPersonas')}</p>
        ) : (
          <form onSubmit={onPersona} className="card" aria-labelledby="persona-heading">
            <h2 id="persona-heading">{t('signIn.persona')}</h2>
            <label htmlFor="persona">{t('signIn.personaSelect')}</label>
            <select id="persona" name="persona" value={email} onChange={(e) => setEmail(e.target.value)} aria-describedby={personaHelp}>
              {personas.map((p) => (
                <option key={p.email} value={p.email}>
                  {`${p.name} — ${p.roles.map((r) => label('role', r)).join(', ')} (${p.email})`}
                </option>
              ))}
            </select>
            <p id={personaHelp} className="help">
              {t('signIn.personaHelp')}
            </p>
            <button type="submit" disabled={busy}>
              {t('signIn.personaButton')}
            </button>
          </form>
        )}
        <form onSubmit={onToken} className="card" aria-labelledby="token-heading" autoComplete="off">
          <h2 id="token-heading">{t('signIn.token')}</h2>
          <label htmlFor="token">{t('signIn.tokenInput')}</label>
          {/* Not a password field: the browser would offer to save the token, for anyone at this computer to sign in with. */}
          <input
            id="token"
            name="token"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-describedby={tokenHelp}
          />
          <p id={tokenHelp} className="help">
            {t('signIn.tokenHelp')}
          </p>
          <button type="submit" disabled={busy || token.trim() === ''}>
            {t('signIn.tokenButton')}
          </button>
        </form>
      </div>
    </>
  );
}
