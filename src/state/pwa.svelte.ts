// Service worker registration and the "new version available" prompt. The page never reloads by
// itself: the user chooses when, and forms keep drafts (drafts.ts), so nothing typed is lost.
import { registerSW } from 'virtual:pwa-register';

export class PwaState {
  needRefresh = $state(false);
  offlineReady = $state(false);
  online = $state(globalThis.navigator?.onLine ?? true);
  #update: ((reload?: boolean) => Promise<void>) | null = null;

  start(): void {
    addEventListener('online', () => (this.online = true));
    addEventListener('offline', () => (this.online = false));
    if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
    this.#update = registerSW({
      immediate: true,
      onNeedRefresh: () => (this.needRefresh = true),
      onOfflineReady: () => (this.offlineReady = true),
      onRegisteredSW: (_url, registration) => {
        // Look for a new version now and then while the app stays open (tablets run for days).
        if (registration) setInterval(() => void registration.update().catch(() => {}), 60 * 60 * 1000);
      },
    });
  }

  async reload(): Promise<void> {
    this.needRefresh = false;
    // vite-plugin-pwa reloads when the new worker takes control only if this page was already
    // controlled when it registered (workbox-window's `isUpdate`). A tab opened on the first visit
    // (taken over through clients.claim()) would stay on the old version, so reload here as well.
    navigator.serviceWorker?.addEventListener('controllerchange', () => location.reload(), { once: true });
    await this.#update?.(true);
  }
}
