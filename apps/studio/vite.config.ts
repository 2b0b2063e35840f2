// `npx vite` in apps/studio: dev server with the platform API proxied (set POWABASE_PLATFORM_URL when not on :54321).
import { studioViteConfig } from './server/vite-config.ts';

export default studioViteConfig();
