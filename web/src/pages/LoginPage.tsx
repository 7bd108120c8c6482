import { type FormEvent, useState } from 'react';
import { Field } from '../components/Field';
import { checkRequired, type FormProblem, ProblemAlert, problemFrom } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useT } from '../i18n/I18nProvider';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';

/** Only same-site paths are accepted as return targets (no open redirect). */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const t = useT();
  usePageTitle(t('login.title'));
  const { signIn } = useSession();
  const { search } = useLocation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = {
    login: { id: 'login', label: t('login.login') },
    password: { id: 'password', label: t('login.password') },
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const missing = checkRequired({ login, password }, t);
    setProblem(missing);
    if (missing) return;
    setBusy(true);
    try {
      await signIn(login, password);
      navigate(safeNext(search.get('next')), { replace: true });
    } catch (error) {
      setPassword('');
      setProblem(problemFrom(error));
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <ProblemAlert problem={problem} fields={fields} />
        <Field id={fields.login.id} label={fields.login.label} error={problem?.fieldErrors.login}>
          {(control) => (
            <input
              {...control}
              name="login"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={login}
              onChange={(event) => setLogin(event.target.value)}
            />
          )}
        </Field>
        <Field id={fields.password.id} label={fields.password.label} error={problem?.fieldErrors.password}>
          {(control) => (
            <input
              {...control}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {t('login.submit')}
        </button>
      </form>
    </div>
  );
}
