import { describe, expect, it } from 'vitest';
import { keyLabel, SessionStore } from './session';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const key = { token: 'comfyui_sk_secret', kind: 'api_key' as const, label: 'comfyui_sk_secret…' };

describe('SessionStore', () => {
  it('keeps a credential kept in memory out of session storage, so a reload forgets it', () => {
    const storage = new MemoryStorage();

    new SessionStore(storage).signIn(key, 'memory');

    expect(storage.items.size).toBe(0);
    expect(new SessionStore(storage).credential).toBeNull();
  });

  it("keeps a credential in the tab's session storage when asked, for the next page load", () => {
    const storage = new MemoryStorage();

    new SessionStore(storage).signIn(key, 'session');
    const reloaded = new SessionStore(storage);

    expect(reloaded.credential).toEqual(key);
    expect(reloaded.persistedIn).toBe('session');
  });

  it('forgets everything on sign-out', () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage);
    store.signIn(key, 'session');

    store.signOut();

    expect(store.credential).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it('drops a damaged entry instead of signing in with it', () => {
    const storage = new MemoryStorage();
    storage.setItem('comfyless.console.session', '{"token": 5}');

    expect(new SessionStore(storage).credential).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it('renews a token where the first one was kept', () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage);
    store.signIn({ token: 'old', refreshToken: 'r', kind: 'user', label: 'a@b.c' }, 'session');

    store.renewed('new');

    expect(new SessionStore(storage).credential).toMatchObject({ token: 'new', refreshToken: 'r' });
  });
});

describe('keyLabel', () => {
  it('shows the kind of key and a few characters, never the secret', () => {
    expect(keyLabel('comfyui_sk_1a2b3c4d5e6f7a8b')).toBe('comfyui_sk_1a2b3c…');
  });
});
