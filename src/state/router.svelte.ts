// Hash routing: the whole app is one page served from the service worker cache, so routes live in
// the fragment and every route works offline and after a reload.
export type Route =
  | { name: 'customers' }
  | { name: 'new' }
  | { name: 'customer'; id: string }
  | { name: 'edit'; id: string }
  | { name: 'settings' }
  | { name: 'duplicates' }
  | { name: 'quality' }
  | { name: 'insights'; view: InsightsView }
  | { name: 'kiosk' }
  | { name: 'today' }
  | { name: 'trash' }
  | { name: 'import' };

export const INSIGHTS_VIEWS = ['overview', 'satisfaction', 'rfm', 'risk'] as const;
export type InsightsView = (typeof INSIGHTS_VIEWS)[number];
const isInsightsView = (v: string | undefined): v is InsightsView =>
  (INSIGHTS_VIEWS as readonly (string | undefined)[]).includes(v);

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'settings') return { name: 'settings' };
  if (parts[0] === 'duplicates') return { name: 'duplicates' };
  if (parts[0] === 'quality') return { name: 'quality' };
  if (parts[0] === 'kiosk') return { name: 'kiosk' };
  if (parts[0] === 'today') return { name: 'today' };
  if (parts[0] === 'trash') return { name: 'trash' };
  if (parts[0] === 'import') return { name: 'import' };
  if (parts[0] === 'insights') return { name: 'insights', view: isInsightsView(parts[1]) ? parts[1] : 'overview' };
  if (parts[0] === 'customers' && parts[1] === 'new') return { name: 'new' };
  if (parts[0] === 'customers' && parts[1] && parts[2] === 'edit') return { name: 'edit', id: parts[1] };
  if (parts[0] === 'customers' && parts[1]) return { name: 'customer', id: parts[1] };
  return { name: 'customers' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'customers':
      return '#/';
    case 'new':
      return '#/customers/new';
    case 'customer':
      return `#/customers/${encodeURIComponent(route.id)}`;
    case 'edit':
      return `#/customers/${encodeURIComponent(route.id)}/edit`;
    case 'settings':
      return '#/settings';
    case 'duplicates':
      return '#/duplicates';
    case 'quality':
      return '#/quality';
    case 'kiosk':
      return '#/kiosk';
    case 'today':
      return '#/today';
    case 'trash':
      return '#/trash';
    case 'import':
      return '#/import';
    case 'insights':
      return `#/insights/${route.view}`;
  }
}

export class Router {
  route = $state<Route>(parseRoute(globalThis.location?.hash ?? ''));
  #onHash = () => {
    this.route = parseRoute(location.hash);
  };

  constructor() {
    globalThis.addEventListener?.('hashchange', this.#onHash);
  }

  go(route: Route, opts: { replace?: boolean } = {}): void {
    const target = href(route);
    if (opts.replace) history.replaceState(null, '', target);
    else history.pushState(null, '', target);
    this.route = route;
  }

  destroy(): void {
    globalThis.removeEventListener?.('hashchange', this.#onHash);
  }
}
