import { gliznetProject } from '@gliznet/vitest-config';

export default gliznetProject({ name: '@gliznet/web' });
