import { createServer } from 'node:http';
import { describe, expect, onTestFinished, test } from 'vitest';
import { createAdminHandler, type AdminTarget } from './admin.js';
import { closeServer, httpUrl, listen } from './listen.js';
import { startBackend } from './start-backend.js';

type ErrorBody = { error: { code: string; message: string } };
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;

describe('admin API', () => {
  test.each([
    ['GET', '/nope', 404, 'STAMPEDE_ADMIN_NOT_FOUND', undefined],
    ['GET', '/reset', 405, 'STAMPEDE_ADMIN_METHOD', 'POST'],
    ['POST', '/stats', 405, 'STAMPEDE_ADMIN_METHOD', 'GET'],
    ['DELETE', '/config', 405, 'STAMPEDE_ADMIN_METHOD', 'GET, POST'],
  ])('%s %s -> %d', async (method, path, status, code, allow) => {
    await using b = await startBackend();
    const res = await fetch(`${b.adminUrl}${path}`, { method });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('allow') ?? undefined).toBe(allow);
    expect((await errorOf(res)).code).toBe(code);
  });

  test('a body that is not JSON is a 400; a huge body a 413', async () => {
    await using b = await startBackend();
    const bad = await fetch(`${b.adminUrl}/config`, { method: 'POST', body: '{ttlS: 5' });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('STAMPEDE_ADMIN_BAD_JSON');
    const huge = await fetch(`${b.adminUrl}/config`, { method: 'POST', body: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
    expect(b.config().ttlS).toBe(60);
  });

  test('an empty POST /config changes nothing; GET /config returns the current config', async () => {
    await using b = await startBackend({ concurrency: 3 });
    const empty = await fetch(`${b.adminUrl}/config`, { method: 'POST' });
    expect(empty.status).toBe(200);
    const current = (await (await fetch(`${b.adminUrl}/config`)).json()) as Record<string, unknown>;
    expect(current).toEqual(b.config());
    expect(current['concurrency']).toBe(3);
  });

  test('a peer that is not allowed gets 403 and nothing runs', async () => {
    let resets = 0;
    const target = {
      reset: () => {
        resets += 1;
      },
    } as unknown as AdminTarget;
    const server = createServer(createAdminHandler(target, () => false));
    onTestFinished(() => closeServer(server));
    const url = httpUrl(await listen(server, '127.0.0.1', 0, 'adminPort'));
    const res = await fetch(`${url}/reset`, { method: 'POST' });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('STAMPEDE_ADMIN_FORBIDDEN');
    expect(resets).toBe(0);
  });
});
