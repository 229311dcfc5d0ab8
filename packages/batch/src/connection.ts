/**
 * Redis connections. Workers keep theirs open through Redis restarts (commands wait and are sent
 * again once it is back); the short-lived commands (submit, status, collect) fail fast with a
 * message naming the URL.
 */
import { InvalidArgumentError } from '@gliznet/common';
import { Redis } from 'ioredis';

/** Environment variable read when `--redis` is not given. */
export const REDIS_URL_ENVIRONMENT_VARIABLE = 'GLIZNET_REDIS_URL';

/** Checks a `--redis` value: a `redis://` or `rediss://` URL. */
export function parseRedisUrl(value: string | undefined): string {
  const url = value ?? process.env[REDIS_URL_ENVIRONMENT_VARIABLE];
  if (url === undefined || url.trim() === '') {
    throw new InvalidArgumentError('--redis', `no Redis server: pass --redis redis://HOST:PORT (e.g. --redis redis://127.0.0.1:6379) or set $${REDIS_URL_ENVIRONMENT_VARIABLE}`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidArgumentError('--redis', `--redis must be a URL such as redis://127.0.0.1:6379, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new InvalidArgumentError('--redis', `--redis must start with redis:// (or rediss:// for TLS), got ${JSON.stringify(url)}`);
  }
  if (parsed.hostname === '') throw new InvalidArgumentError('--redis', `--redis ${JSON.stringify(url)} names no host; e.g. redis://127.0.0.1:6379`);
  return url;
}

/** The URL without its password, for logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

/**
 * A connection for a command that runs and exits: connects now, gives up after a few tries with an
 * InvalidArgumentError naming the URL.
 */
export async function connectClient(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 3,
    retryStrategy: (times) => (times > 5 ? null : Math.min(200 * times, 1000)),
  });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = (lastError ?? (error as Error)).message;
    throw new InvalidArgumentError('--redis', `cannot reach Redis at ${redactRedisUrl(url)} (${reason}); is redis-server running there, and is the URL right?`, { cause: error });
  }
  return redis;
}

/**
 * A connection for a worker: never gives up (a restarted Redis is waited for; commands queue meanwhile
 * and unanswered ones are sent again), as BullMQ requires (`maxRetriesPerRequest: null`).
 * `onError` receives connection errors (throttle them: they repeat while Redis is down).
 */
export function connectWorker(url: string, onError: (error: Error) => void): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
  redis.on('error', onError);
  return redis;
}
