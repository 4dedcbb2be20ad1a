import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './api/client';
import type { ConsoleConfig } from './config';
import type { LiveChannel } from './live/channel';
import type { SessionStore } from './session/session';

/** What every page needs: the API, the live channel and the session, made once per sign-in. */
export interface Console {
  config: ConsoleConfig;
  api: ApiClient;
  live: LiveChannel;
  session: SessionStore;
  signOut: (reason?: string) => void;
}

export const ConsoleContext = createContext<Console | null>(null);

export function useConsole(): Console {
  const value = useContext(ConsoleContext);
  if (value === null) {
    throw new Error('useConsole outside a signed-in console');
  }
  return value;
}
