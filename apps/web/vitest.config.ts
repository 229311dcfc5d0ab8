import { gliznetProject } from '@gliznet/vitest-config';

// The end-to-end test builds the page and drives Chromium: minutes, not seconds, on a 2-core machine.
export default gliznetProject({ name: '@gliznet/web-app', testTimeout: 300_000 });
