import { gliznetProject } from '@gliznet/vitest-config';

export default gliznetProject({ name: '@gliznet/batch', testTimeout: 180_000 });
