/** Debian's Chromium driven by playwright-core: no browser download, no network beyond loopback. */
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where Debian's `chromium` package installs the browser; `CHROMIUM_PATH` overrides it. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** The flags that keep Chromium headless, quiet and offline. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
] as const;

/** Starts a headless Chromium with {@link CHROMIUM_FLAGS}. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS] });
}

/** What a page did that a test should know about: console errors and requests that left the site. */
export interface PageWatch {
  errors: string[];
  foreignRequests: string[];
}

/** Records console errors, page errors and every request to an origin other than `origin`. */
export function watchPage(page: Page, origin: string): PageWatch {
  const watch: PageWatch = { errors: [], foreignRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.errors.push(message.text());
  });
  page.on('pageerror', (error) => watch.errors.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) watch.foreignRequests.push(url);
  });
  return watch;
}
