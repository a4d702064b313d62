import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeConformance } from '@cogflow/test-kit';
import { runInVitest } from '@cogflow/test-kit/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { fileStore } from '../src/file-store.js';
import { runTS } from './helpers/node-process.js';

const root = await fs.mkdtemp(join(tmpdir(), 'cogflow-file-store-'));
let n = 0;
const freshPath = (): string => {
  n += 1;
  return join(root, `case-${n}`, 'store.json');
};

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

let now = 1_700_000_000_000;
const clock = { now: () => now };

runInVitest(
  'fileStore conformance',
  storeConformance(
    () => {
      const path = freshPath();
      return { store: fileStore({ path, clock }), reopen: () => fileStore({ path, clock }) };
    },
    {
      supportsTTL: true,
      advanceTime: (ms) => {
        now += ms;
      },
    },
  ),
);

describe('fileStore', () => {
  it('writes the file with mode 0600 and leaves no temp or lock file behind', async () => {
    const path = freshPath();
    const store = fileStore({ path });
    await store.set('k', 'v');
    await Promise.all([store.set('a', '1'), store.set('b', '2'), store.delete('k')]);
    const stat = await fs.stat(path);
    expect(stat.mode & 0o777).toBe(0o600);
    const dir = await fs.readdir(join(path, '..'));
    expect(dir).toEqual(['store.json']);
    expect(JSON.parse(await fs.readFile(path, 'utf8'))).toEqual({
      v: 1,
      entries: { a: { value: '1' }, b: { value: '2' } },
    });
  });

  it('reports a corrupt file as STORE_CORRUPT on read and write, and never overwrites it', async () => {
    const path = freshPath();
    await fs.mkdir(join(path, '..'), { recursive: true });
    for (const garbage of [
      '{"v":1,"entries":{"a":{"value":',
      '[1,2,3]',
      '{"v":1,"entries":{"a":{"value":7}}}',
    ]) {
      await fs.writeFile(path, garbage);
      const store = fileStore({ path });
      await expect(store.get('a')).rejects.toMatchObject({ name: 'StoreError', code: 'STORE_CORRUPT' });
      await expect(store.set('a', 'new')).rejects.toMatchObject({
        name: 'StoreError',
        code: 'STORE_CORRUPT',
      });
      await expect(store.delete('a')).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
      expect(await fs.readFile(path, 'utf8')).toBe(garbage);
    }
  });

  it('a corrupt file holding a token: the error names only the position, never the text (no cause)', async () => {
    const path = freshPath();
    await fs.mkdir(join(path, '..'), { recursive: true });
    const token = 'eyJzdGVhbC1tZQ.TOKEN-7f3a91c2-do-not-leak';
    for (const garbage of [
      `{"v":1,"entries":{"refresh":{"value":"${token}"}} trailing`,
      `{"v":1,"entries":{"refresh":{"value":${token}}}}`,
      `${token}`,
      `{"v":1,"entries":{"refresh":{"value":"${token}`,
    ]) {
      await fs.writeFile(path, garbage);
      const error = await Promise.resolve()
        .then(() => fileStore({ path }).get('refresh'))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toMatchObject({ name: 'StoreError', code: 'STORE_CORRUPT' });
      const seen: string[] = [];
      for (let e: unknown = error, depth = 0; e !== undefined && depth < 10; depth += 1) {
        const err = e as Error & { cause?: unknown };
        seen.push(String(err), err.message ?? '', err.stack ?? '', JSON.stringify(err) ?? '');
        for (const value of Object.values(err)) seen.push(typeof value === 'string' ? value : '');
        e = err.cause;
      }
      expect((error as { cause?: unknown }).cause).toBeUndefined();
      for (const text of seen) {
        expect(text).not.toContain('TOKEN-7f3a91c2');
        expect(text).not.toContain('eyJzdGVhbC1tZQ');
      }
      // V8 reports where parsing stopped; that position is all that is kept.
      expect((error as Error).message).toMatch(
        /is not valid JSON( \(at position \d+\))?; it was left untouched$/,
      );
    }
  });

  it('keeps every write when two processes write the same file at once', async () => {
    const path = freshPath();
    const writer = join('test', 'fixtures', 'file-writer.ts');
    const [a, b] = await Promise.all([
      runTS(writer, [path, 'alpha', '60']),
      runTS(writer, [path, 'beta', '60']),
    ]);
    expect(a.stderr).toBe('');
    expect(b.stderr).toBe('');
    expect([a.code, b.code]).toEqual([0, 0]);
    const store = fileStore({ path });
    for (let i = 0; i < 60; i += 1) {
      expect(await store.get(`alpha:${i}`)).toBe(`alpha-${i}`);
      expect(await store.get(`beta:${i}`)).toBe(`beta-${i}`);
    }
  });

  it('breaks the lock of a writer that died, and of one that held it past staleLockMs', async () => {
    const path = freshPath();
    await fs.mkdir(join(path, '..'), { recursive: true });
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    await fs.writeFile(`${path}.lock`, JSON.stringify({ pid: Number(dead), host: hostname(), token: 'x' }));
    const store = fileStore({ path, lockWaitMs: 2000 });
    await store.set('after-dead', '1');
    expect(await store.get('after-dead')).toBe('1');

    await fs.writeFile(`${path}.lock`, JSON.stringify({ pid: 1, host: 'another-host', token: 'y' }));
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(`${path}.lock`, old, old);
    await store.set('after-stale', '2');
    expect(await store.get('after-stale')).toBe('2');
  });

  it('waits for a live lock holder and fails with STORE_UNAVAILABLE after lockWaitMs', async () => {
    const path = freshPath();
    await fs.mkdir(join(path, '..'), { recursive: true });
    await fs.writeFile(`${path}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), token: 'live' }));
    const store = fileStore({ path, lockWaitMs: 200 });
    await expect(store.set('k', 'v')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(JSON.parse(await fs.readFile(`${path}.lock`, 'utf8')).token).toBe('live');
    await fs.unlink(`${path}.lock`);
    await store.set('k', 'v');
    expect(await store.get('k')).toBe('v');
  });
});
