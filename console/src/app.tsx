import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient, type Credentials } from './api/client';
import type { ConsoleConfig } from './config';
import { ConsoleContext, type Console } from './context';
import { LiveChannel } from './live/channel';
import { Layout } from './layout';
import { Page } from './pages';
import { parseHash, type Route } from './router';
import { SessionStore } from './session/session';
import { SignInPage } from './pages/signin';

/** The console: the sign-in page until a credential is accepted, then the page the URL names. */
export function App({ config }: { config: ConsoleConfig }) {
  const store = useMemo(() => new SessionStore(browserSessionStorage()), []);
  const [signedIn, setSignedIn] = useState(store.credential !== null);
  const [notice, setNotice] = useState<string | null>(null);
  const route = useRoute();

  const value = useMemo<Console | null>(() => {
    if (!signedIn) {
      return null;
    }
    const signOut = (reason?: string) => {
      store.signOut();
      setNotice(reason ?? null);
      setSignedIn(false);
    };
    const credentials: Credentials = {
      token: () => store.credential?.token ?? null,
      renew: () => renewUserToken(config, store),
      rejected: (error) => signOut(`Signed out: ${error.message}`),
    };
    const api = new ApiClient(config.apiUrl, credentials);
    const live = new LiveChannel({ websocketUrl: config.websocketUrl, token: credentials.token, budget: api.budget });
    return { config, api, live, session: store, signOut };
  }, [signedIn, config, store]);

  useEffect(() => () => value?.live.close(), [value]);

  if (value === null) {
    return (
      <SignInPage
        config={config}
        store={store}
        notice={notice}
        onSignedIn={() => {
          setNotice(null);
          setSignedIn(true);
        }}
      />
    );
  }
  return (
    <ConsoleContext.Provider value={value}>
      <Layout route={route}>
        <Page route={route} />
      </Layout>
    </ConsoleContext.Provider>
  );
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const changed = () => {
      setRoute(parseHash(window.location.hash));
      // Keyboard and screen-reader users land on the new page's heading, as on a page load.
      requestAnimationFrame(() => document.getElementById('page-title')?.focus());
    };
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

async function renewUserToken(config: ConsoleConfig, store: SessionStore): Promise<boolean> {
  const credential = store.credential;
  if (credential?.kind !== 'user' || !credential.refreshToken) {
    return false;
  }
  try {
    const response = await fetch(`${config.apiUrl}/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: credential.refreshToken }),
    });
    if (!response.ok) {
      return false;
    }
    const tokens = (await response.json()) as { access_token?: string; refresh_token?: string };
    if (!tokens.access_token) {
      return false;
    }
    store.renewed(tokens.access_token, tokens.refresh_token);
    return true;
  } catch {
    return false;
  }
}

function browserSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // Storage can be switched off; the console then keeps the credential in memory only.
    return null;
  }
}
