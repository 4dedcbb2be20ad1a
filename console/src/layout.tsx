import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useConsole } from './context';
import type { LiveMode } from './live/channel';
import { href, type Route } from './router';

const NAV: { label: string; route: Route; pages: Route['page'][] }[] = [
  { label: 'Jobs', route: { page: 'jobs', status: null }, pages: ['jobs', 'job'] },
  { label: 'Submit', route: { page: 'submit', template: null }, pages: ['submit'] },
  { label: 'Fleet', route: { page: 'fleet' }, pages: ['fleet'] },
  { label: 'Models', route: { page: 'models' }, pages: ['models'] },
  { label: 'Templates', route: { page: 'templates' }, pages: ['templates'] },
  { label: 'Schedules', route: { page: 'schedules' }, pages: ['schedules'] },
  { label: 'Batches', route: { page: 'batches' }, pages: ['batches', 'batch'] },
  { label: 'API keys', route: { page: 'keys' }, pages: ['keys'] },
];

const MODE_TEXT: Record<LiveMode, string> = {
  connecting: 'Live: connecting…',
  websocket: 'Live: WebSocket',
  polling: 'Live: polling',
};

/** Header, navigation (a menu button on narrow screens) and the page. */
export function Layout({ route, children }: { route: Route; children: ComponentChildren }) {
  const { live, session, signOut, config } = useConsole();
  const [mode, setMode] = useState<LiveMode>(live.mode);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => live.onMode(setMode), [live]);
  useEffect(() => setMenuOpen(false), [route]);
  const credential = session.credential;

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="#/jobs">
          ComfyLess
        </a>
        <button
          type="button"
          class="menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
        <nav id="main-nav" class={menuOpen ? 'open' : ''} aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.label}>
                <a href={href(item.route)} aria-current={item.pages.includes(route.page) ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="session">
          <span class={`live live-${mode}`} title={`Updates come by ${mode === 'websocket' ? 'WebSocket' : 'polling the API'}`}>
            {MODE_TEXT[mode]}
          </span>
          <span class="who" title={`API ${config.apiUrl}`}>
            {credential?.label}
            <span class="muted small">
              {' '}
              ({session.persistedIn === 'memory' ? 'kept in memory' : 'kept for this tab'})
            </span>
          </span>
          <button
            type="button"
            class="link-button"
            onClick={() => {
              if (credential?.kind === 'user') {
                void fetch(`${config.apiUrl}/auth/logout`, {
                  method: 'POST',
                  headers: { Authorization: `Bearer ${credential.token}` },
                }).catch(() => undefined);
              }
              signOut();
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main">{children}</main>
    </div>
  );
}
