// Starts the UI: loads the build of the app (scripts/build-ui.sh) that has the page of the
// address's experiment — `#/x/<id>` or `#/embed/<id>` — or the catalog build for every other
// route. Each build is the whole app with one experiment page, so a visitor downloads the shell
// and the page they open; moving to an experiment of another build reloads into it.
import { BUILDS } from './app/builds.js';

const id = location.hash.match(/^#\/(?:x|embed)\/([a-z0-9-]+)/)?.[1];
const build = BUILDS.includes(id) ? id : 'catalog';
document.documentElement.dataset.ui = build;
try {
  const app = await import(`./app/${build}/interleave_ui.js`);
  await app.default({ module_or_path: new URL(`./app/${build}/interleave_ui_bg.wasm`, import.meta.url) });
} catch (e) {
  // Before the app runs there is no other place to say it (index.html's text is English too).
  const note = document.querySelector('#app .boot');
  if (note) note.textContent = `Interleave could not start: ${e.message}. Reloading the page may help.`;
  throw e;
}
