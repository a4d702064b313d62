// The few commands cogflow sends to Redis, as a structural type that clients of the `redis` package satisfy.

/**
 * A connected client of the `redis` package (v5 or v6): `createClient({ url })` after `await client.connect()`.
 * Only these commands are used; results are checked at run time rather than trusted by type.
 */
export interface RedisCommandClient {
  get(key: string): Promise<unknown>;
  set(
    key: string,
    value: string,
    options?: { expiration?: { type: 'PX'; value: number }; condition?: 'NX' },
  ): Promise<unknown>;
  del(key: string): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}
