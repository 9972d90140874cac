// The peer benchmarks' target: a trivial keep-alive node:http server on 127.0.0.1:0, in its own process so that
// its CPU is never counted as a client's. Prints its port on stdout. The stall benchmark freezes it with SIGSTOP.
import http from 'node:http';

const body = Buffer.from('ok\n');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length, 'x-cache': 'HIT' });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
