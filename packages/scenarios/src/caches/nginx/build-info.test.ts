import { expect, test } from 'vitest';
import { parseBuildInfo } from './build-info.js';

test.each([
  [
    'Debian 12 (nginx -V, stderr)',
    'nginx version: nginx/1.22.1\nconfigure arguments: --with-cc-opt=\'-g -O2\' --prefix=/usr/share/nginx --conf-path=/etc/nginx/nginx.conf --http-log-path=/var/log/nginx/access.log',
    { prefix: '/usr/share/nginx', confDir: '/etc/nginx' },
  ],
  ['source build defaults', 'configure arguments: --prefix=/opt/nginx --with-http_ssl_module', { prefix: '/opt/nginx', confDir: '/opt/nginx/conf' }],
  ['nothing known', 'nginx version: nginx/1.27.0\nconfigure arguments:', {}],
])('%s', (_name, output, expected) => {
  expect(parseBuildInfo(output)).toEqual(expected);
});
