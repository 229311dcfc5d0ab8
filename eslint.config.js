import config from './tooling/eslint/config.js';

export default config;
