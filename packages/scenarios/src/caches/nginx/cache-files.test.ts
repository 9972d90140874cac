import { existsSync, readdirSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { swapOut } from './cache-files.js';

describe('swapOut: a cache directory emptied in one rename', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'stampede-swap-'));
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  test('the tree moves to trash whole; the directory is there again, empty, with its mode', async () => {
    const dir = join(tmp, 'cache');
    await mkdir(join(dir, 'a', 'bc'), { recursive: true });
    await writeFile(join(dir, 'a', 'bc', 'f1'), 'x');
    await writeFile(join(dir, 'top'), 'y');
    await chmod(dir, 0o750);
    expect(await swapOut(dir, join(tmp, 'trash-1'))).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    expect(statSync(dir).mode & 0o7777).toBe(0o750);
    expect(readdirSync(join(tmp, 'trash-1')).sort()).toEqual(['a', 'top']);
    expect(existsSync(join(tmp, 'trash-1', 'a', 'bc', 'f1'))).toBe(true);
  });

  test('a missing directory: nothing moved, nothing made', async () => {
    expect(await swapOut(join(tmp, 'none'), join(tmp, 'trash'))).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });

  test('a trash path that exists is refused, and the cache stays as it was', async () => {
    const dir = join(tmp, 'cache');
    await mkdir(dir);
    await writeFile(join(dir, 'f'), 'x');
    await mkdir(join(tmp, 'trash'));
    await writeFile(join(tmp, 'trash', 'g'), 'z');
    await expect(swapOut(dir, join(tmp, 'trash'))).rejects.toMatchObject({ code: 'ENOTEMPTY' });
    expect(readdirSync(dir)).toEqual(['f']);
  });
});
