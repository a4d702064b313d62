// fileStore keeps what it wrote as its cache: the get after a set reads no file. Another writer's document (another
// store on the same file, standing for another process) is still read as soon as it lands.

import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { fileStore } from '../src/file-store.js';

const root = await fs.mkdtemp(join(tmpdir(), 'cogflow-file-store-cache-'));
let n = 0;
const freshPath = (): string => {
  n += 1;
  return join(root, `case-${n}`, 'store.json');
};

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('fileStore cache after a write', () => {
  it('a get after its own set reads the store file no more', async () => {
    const path = freshPath();
    const store = fileStore({ path });
    await store.set('a', '1');
    await store.set('b', '2');
    const reads = vi.spyOn(fs, 'readFile');
    expect(await store.get('a')).toBe('1');
    expect(await store.get('b')).toBe('2');
    expect(await store.get('missing')).toBeUndefined();
    expect(reads.mock.calls.filter(([file]) => file === path)).toHaveLength(0);
  });

  it("another writer's document replaces the cached one at the next get", async () => {
    const path = freshPath();
    const mine = fileStore({ path });
    const theirs = fileStore({ path });
    await mine.set('k', 'mine');
    expect(await mine.get('k')).toBe('mine');
    await theirs.set('k', 'theirs');
    await theirs.set('other', 'x');
    expect(await mine.get('k')).toBe('theirs');
    expect(await mine.get('other')).toBe('x');
    // And the other way round, with the cache of both warm.
    await mine.delete('k');
    expect(await theirs.get('k')).toBeUndefined();
    expect(await mine.get('k')).toBeUndefined();
  });

  it('a write that fails leaves no cache of the document it could not write', async () => {
    const path = freshPath();
    const store = fileStore({ path });
    await store.set('k', 'kept');
    vi.spyOn(fs, 'rename').mockRejectedValueOnce(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
    await expect(store.set('k', 'lost')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await store.get('k')).toBe('kept');
  });
});
