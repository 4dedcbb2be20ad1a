import { useState } from 'preact/hooks';
import { ApiClient } from '../api/client';
import { ApiError } from '../api/errors';
import type { ConsoleConfig } from '../config';
import { keyLabel, type Persistence, type SessionStore } from '../session/session';
import { ErrorNotice } from '../ui/components';

type Method = 'key' | 'password';

/**
 * Sign in with an API key or a user's e-mail and password (`POST /auth/login`). The credential is checked
 * against the API before the console opens, and kept where the user chose: this tab's memory or its
 * session storage. Nothing else is stored.
 */
export function SignInPage(props: {
  config: ConsoleConfig;
  store: SessionStore;
  notice: string | null;
  onSignedIn: () => void;
}) {
  const [method, setMethod] = useState<Method>('key');
  const [key, setKey] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [persistence, setPersistence] = useState<Persistence>('memory');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (method === 'key') {
        await checkKey(props.config, key.trim());
        props.store.signIn({ token: key.trim(), kind: 'api_key', label: keyLabel(key) }, persistence);
      } else {
        const tokens = await logIn(props.config, email.trim(), password);
        props.store.signIn(
          { token: tokens.access_token, refreshToken: tokens.refresh_token, kind: 'user', label: email.trim() },
          persistence,
        );
      }
      setPassword('');
      props.onSignedIn();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="signin">
      <form class="card signin-card" onSubmit={submit} aria-labelledby="page-title">
        <h1 id="page-title" tabIndex={-1}>
          Sign in to ComfyLess
        </h1>
        {props.notice && (
          <p class="notice info" role="status">
            {props.notice}
          </p>
        )}
        <fieldset class="segmented">
          <legend>Sign in with</legend>
          <label>
            <input type="radio" name="method" checked={method === 'key'} onChange={() => setMethod('key')} /> API key
          </label>
          <label>
            <input type="radio" name="method" checked={method === 'password'} onChange={() => setMethod('password')} />{' '}
            E-mail and password
          </label>
        </fieldset>
        {method === 'key' ? (
          <label class="field">
            <span>API key</span>
            <input
              type="password"
              name="api-key"
              autoFocus
              autoComplete="off"
              spellcheck={false}
              placeholder="comfyui_sk_…"
              value={key}
              onInput={(e) => setKey(e.currentTarget.value)}
              required
            />
          </label>
        ) : (
          <>
            <label class="field">
              <span>E-mail</span>
              <input type="email" name="email" autoComplete="username" value={email} onInput={(e) => setEmail(e.currentTarget.value)} required />
            </label>
            <label class="field">
              <span>Password</span>
              <input
                type="password"
                name="password"
                autoComplete="current-password"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
                required
              />
            </label>
          </>
        )}
        <fieldset>
          <legend>Keep the credential</legend>
          <label class="choice">
            <input type="radio" name="persistence" checked={persistence === 'memory'} onChange={() => setPersistence('memory')} />
            <span>
              In memory only: reloading or closing the page signs you out.
            </span>
          </label>
          <label class="choice">
            <input type="radio" name="persistence" checked={persistence === 'session'} onChange={() => setPersistence('session')} />
            <span>
              In this tab's session storage: it survives a reload and is gone when the tab closes.
            </span>
          </label>
          <p class="muted small">
            Nothing is kept anywhere else: no cookies, no local storage. It is sent only to the API at{' '}
            <code>{props.config.apiUrl}</code>.
          </p>
        </fieldset>
        <ErrorNotice error={error} title="Could not sign in" />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

/** A key is good when the API answers a read with it; the answer's error says why not. */
async function checkKey(config: ConsoleConfig, key: string): Promise<void> {
  if (key === '') {
    throw new ApiError('Enter an API key.', 400, 'validation_error');
  }
  const probe = new ApiClient(config.apiUrl, { token: () => key, renew: async () => false, rejected: () => undefined });
  try {
    await probe.get('/v1/workflows', { limit: 1 });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      throw new ApiError(`The API did not accept this key: ${error.message}`, 401, error.error, [], error.requestId);
    }
    throw error;
  }
}

async function logIn(config: ConsoleConfig, email: string, password: string) {
  const client = new ApiClient(config.apiUrl, { token: () => null, renew: async () => false, rejected: () => undefined });
  return client.post<{ access_token: string; refresh_token?: string }>('/auth/login', { email, password });
}
