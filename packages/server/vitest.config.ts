import { gliznetProject } from '@gliznet/vitest-config';

export default gliznetProject({ name: '@gliznet/server', testTimeout: 120_000 });
