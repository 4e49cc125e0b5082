// The page's entry module: the browser evaluates it and lays out the first page in the same task, so
// it holds only the styles; everything else (Svelte, the messages, the service worker, the staged
// start-up in start.ts) loads in tasks of its own. With start.ts evaluated here, this first task
// (module evaluation + the first layout, ~25 ms of it cold font and layout set-up) was 50–57 ms.
import './app.css';

void import('./start');
