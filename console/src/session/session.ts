/** How the console keeps the credential: only in this tab's memory, or in its session storage. */
export type Persistence = 'memory' | 'session';

export interface Credential {
  /** Sent as `Authorization: Bearer …`: an API key or a user's access token. */
  token: string;
  kind: 'api_key' | 'user';
  /** For users: renews the access token through `/auth/refresh`. */
  refreshToken?: string;
  /** What the header shows: a key's prefix or the user's e-mail; never the secret. */
  label: string;
}

const KEY = 'comfyless.console.session';

/**
 * The one place a credential lives. Nothing goes to local storage or cookies: with "memory" a reload
 * signs out; with "session" the browser forgets it when the tab closes.
 */
export class SessionStore {
  private current: Credential | null = null;
  private persistence: Persistence = 'memory';

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null) {
    const saved = this.read();
    if (saved !== null) {
      this.current = saved;
      this.persistence = 'session';
    }
  }

  get credential(): Credential | null {
    return this.current;
  }

  get persistedIn(): Persistence {
    return this.persistence;
  }

  signIn(credential: Credential, persistence: Persistence): void {
    this.current = credential;
    this.persistence = persistence;
    if (persistence === 'session' && this.storage !== null) {
      this.storage.setItem(KEY, JSON.stringify(credential));
    } else {
      this.storage?.removeItem(KEY);
    }
  }

  /** Replaces the token after a refresh, kept where the first one was. */
  renewed(token: string, refreshToken?: string): void {
    if (this.current === null) {
      return;
    }
    this.signIn({ ...this.current, token, refreshToken: refreshToken ?? this.current.refreshToken }, this.persistence);
  }

  signOut(): void {
    this.current = null;
    this.storage?.removeItem(KEY);
  }

  private read(): Credential | null {
    const text = this.storage?.getItem(KEY);
    if (!text) {
      return null;
    }
    try {
      const value = JSON.parse(text) as Partial<Credential>;
      if (typeof value.token === 'string' && (value.kind === 'api_key' || value.kind === 'user')) {
        return {
          token: value.token,
          kind: value.kind,
          refreshToken: typeof value.refreshToken === 'string' ? value.refreshToken : undefined,
          label: typeof value.label === 'string' ? value.label : 'signed in',
        };
      }
    } catch {
      // A damaged entry is as good as none.
    }
    this.storage?.removeItem(KEY);
    return null;
  }
}

/** "comfyui_sk_1a2b…": enough to tell keys apart, never the secret. */
export function keyLabel(key: string): string {
  const trimmed = key.trim();
  const prefix = /^comfyui_[sp]k_/.exec(trimmed)?.[0] ?? '';
  return `${prefix}${trimmed.slice(prefix.length, prefix.length + 6)}…`;
}
