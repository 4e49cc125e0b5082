// The page's entry module: the browser evaluates it and lays out the first page in the same task, so
// it holds only the styles; everything else (Svelte, the messages, the service worker, the staged
// start-up in start.ts) loads in tasks of its own, so this first task (module evaluation plus the
// first layout) stays short.
import './app.css';

void import('./start');
