/** The site's URL builders bound to this build's base path (from `BASE`, via Astro's `base`). */
import { createUrls } from './lib/urls';

/** Every internal link comes from here. */
export const urls = createUrls(import.meta.env.BASE_URL);
