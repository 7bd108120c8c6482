import { type FormEvent, useId, useState } from 'react';
import { useAnnounce } from '../announcer';
import { type ApiToken, createToken, listTokens, revokeToken, TOKEN_AREAS } from '../api-tokens';
import { DateTime } from '../components/DateTime';
import { Field } from '../components/Field';
import { checkRequired, type FormProblem, ProblemAlert, problemFrom } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { type MessageKey, useT } from '../i18n/I18nProvider';

// The signed-in person's API tokens: create (name, scopes, expiry; the secret is shown once),
// see scopes, last use and expiry, revoke. Tokens themselves cannot do any of this (server rule).

const DAY = 86_400_000;
const dateInput = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function TokensPage() {
  const t = useT();
  usePageTitle(t('tokens.title'));
  const tokens = useResource((signal) => listTokens(signal), 'tokens');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  return (
    <>
      <h1>{t('tokens.title')}</h1>
      <p>{t('tokens.intro')}</p>
      {created && (
        <div className="notice notice--success" role="status">
          <p>{t('tokens.createdOnce', { name: created.name })}</p>
          <p>
            <code className="token-secret">{created.token}</code>
          </p>
        </div>
      )}
      <CreateTokenForm
        onCreated={(name, token) => {
          setCreated({ name, token });
          tokens.reload();
        }}
      />
      <h2>{t('tokens.listTitle')}</h2>
      <ProblemAlert problem={tokens.error && { error: tokens.error, fieldErrors: {} }} focus={false} />
      {tokens.data && tokens.data.items.length === 0 && <p>{t('tokens.empty')}</p>}
      {tokens.data && tokens.data.items.length > 0 && (
        <TokenTable items={tokens.data.items} onRevoked={tokens.reload} />
      )}
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (name: string, token: string) => void }) {
  const t = useT();
  const announce = useAnnounce();
  const ids = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['tickets:read', 'tickets:write']);
  const [expiresOn, setExpiresOn] = useState(() => dateInput(Date.now() + 90 * DAY));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = {
    name: { id: `${ids}-name`, label: t('tokens.name') },
    scopes: { id: `${ids}-scope-tickets-read`, label: t('tokens.scopes') },
    expiresAt: { id: `${ids}-expires`, label: t('tokens.expiresOn') },
  };
  const toggle = (scope: string, on: boolean) =>
    setScopes((list) => (on ? [...list, scope] : list.filter((s) => s !== scope)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = checkRequired({ name, expiresAt: expiresOn }, t);
    if (missing) return setProblem(missing);
    if (scopes.length === 0) return setProblem({ fieldErrors: { scopes: t('tokens.scopesRequired') } });
    setProblem(null);
    setBusy(true);
    try {
      // until the end of the chosen day, but never beyond the server's maximum of 365 days
      const endOfDay = new Date(`${expiresOn}T23:59:00`).getTime();
      const expiresAt = new Date(Math.min(endOfDay, Date.now() + 365 * DAY)).toISOString();
      const result = await createToken({ name: name.trim(), scopes, expiresAt });
      announce(t('tokens.created', { name: result.name }));
      setName('');
      onCreated(result.name, result.token);
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{t('tokens.createTitle')}</h2>
      <ProblemAlert problem={problem} fields={fields} />
      <Field
        id={fields.name.id}
        label={fields.name.label}
        hint={t('tokens.nameHint')}
        error={problem?.fieldErrors.name}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <fieldset className={problem?.fieldErrors.scopes ? 'field field--error' : 'field'}>
        <legend>{t('tokens.scopes')}</legend>
        <p className="field__hint">{t('tokens.scopesHint')}</p>
        {problem?.fieldErrors.scopes && <p className="field__error">{problem.fieldErrors.scopes}</p>}
        {TOKEN_AREAS.map((area) => (
          <div key={area} className="token-scopes__area">
            <span className="token-scopes__name">{t(`tokens.area.${area}` as MessageKey)}</span>
            {(['read', 'write'] as const).map((mode) => {
              const scope = `${area}:${mode}`;
              const id = `${ids}-scope-${area}-${mode}`;
              return (
                <div className="checkbox" key={scope}>
                  <input
                    type="checkbox"
                    id={id}
                    checked={scopes.includes(scope)}
                    onChange={(e) => toggle(scope, e.target.checked)}
                  />
                  <label htmlFor={id}>
                    {t(`tokens.mode.${mode}`)}
                    <span className="visually-hidden"> ({t(`tokens.area.${area}` as MessageKey)})</span>
                  </label>
                </div>
              );
            })}
          </div>
        ))}
      </fieldset>
      <Field
        id={fields.expiresAt.id}
        label={fields.expiresAt.label}
        hint={t('tokens.expiresHint')}
        error={problem?.fieldErrors.expiresAt}
      >
        {(control) => (
          <input
            {...control}
            type="date"
            min={dateInput(Date.now() + DAY)}
            max={dateInput(Date.now() + 365 * DAY)}
            value={expiresOn}
            onChange={(e) => setExpiresOn(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="button" disabled={busy}>
        {t('tokens.create')}
      </button>
    </form>
  );
}

function TokenTable({ items, onRevoked }: { items: ApiToken[]; onRevoked: () => void }) {
  const t = useT();
  const announce = useAnnounce();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const revoke = async (token: ApiToken) => {
    if (!window.confirm(t('tokens.revokeConfirm', { name: token.name }))) return;
    setProblem(null);
    try {
      await revokeToken(token.id);
      announce(t('tokens.revoked', { name: token.name }));
      onRevoked();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <>
      <ProblemAlert problem={problem} />
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it (axe scrollable-region-focusable) */}
      <section className="table-wrap token-table" aria-label={t('tokens.listTitle')} tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('tokens.name')}</th>
              <th scope="col">{t('tokens.scopes')}</th>
              <th scope="col">{t('tokens.lastUsed')}</th>
              <th scope="col">{t('tokens.expires')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('tokens.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((token) => (
              <tr key={token.id}>
                <th scope="row">{token.name}</th>
                <td>{token.scopes.join(', ')}</td>
                <td>{token.lastUsedAt ? <DateTime value={token.lastUsedAt} /> : t('tokens.neverUsed')}</td>
                <td>
                  <DateTime value={token.expiresAt} />
                  {new Date(token.expiresAt).getTime() <= Date.now() && (
                    <>
                      {' '}
                      <span className="badge badge--overdue">{t('tokens.expired')}</span>
                    </>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    className="button button--secondary"
                    onClick={() => void revoke(token)}
                  >
                    {t('tokens.revoke')}
                    <span className="visually-hidden"> {token.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
