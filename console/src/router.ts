/**
 * The console's pages, addressed by the URL's fragment (`#/jobs/exec_…`), so one static `index.html`
 * serves every page from any host without rewrite rules, and links can be shared and bookmarked.
 */
export type Route =
  | { page: 'jobs'; status: string | null }
  | { page: 'job'; id: string }
  | { page: 'submit'; template: string | null }
  | { page: 'fleet' }
  | { page: 'models' }
  | { page: 'templates' }
  | { page: 'schedules' }
  | { page: 'batches' }
  | { page: 'batch'; id: string }
  | { page: 'keys' }
  | { page: 'unknown'; path: string };

const SIMPLE = ['fleet', 'models', 'templates', 'schedules', 'batches', 'keys'] as const;

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const query = new URLSearchParams(queryPart);
  const segments = pathPart.split('/').filter((s) => s !== '').map(decodeURIComponent);
  const [first, second, ...rest] = segments;
  if (rest.length > 0) {
    return { page: 'unknown', path: pathPart };
  }
  if (first === undefined || (first === 'jobs' && second === undefined)) {
    return { page: 'jobs', status: query.get('status') };
  }
  if (first === 'jobs' && second !== undefined) {
    return { page: 'job', id: second };
  }
  if (first === 'submit' && second === undefined) {
    return { page: 'submit', template: query.get('template') };
  }
  if (first === 'batches' && second !== undefined) {
    return { page: 'batch', id: second };
  }
  const simple = SIMPLE.find((name) => name === first);
  if (simple !== undefined && second === undefined) {
    return { page: simple };
  }
  return { page: 'unknown', path: pathPart };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'jobs':
      return route.status ? `#/jobs?status=${encodeURIComponent(route.status)}` : '#/jobs';
    case 'job':
      return `#/jobs/${encodeURIComponent(route.id)}`;
    case 'submit':
      return route.template ? `#/submit?template=${encodeURIComponent(route.template)}` : '#/submit';
    case 'batch':
      return `#/batches/${encodeURIComponent(route.id)}`;
    case 'unknown':
      return `#${route.path}`;
    default:
      return `#/${route.page}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}
