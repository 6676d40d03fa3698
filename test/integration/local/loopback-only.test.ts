import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loopbackPreload } from '../../../tools/local-stack/playground-process';

/** Starts one server in a node process with the preload and returns the address it got. */
function addressWithPreload(listenCall: string): string {
  const script = `
    const server = require('node:http').createServer();
    server.on('listening', () => { process.stdout.write(JSON.stringify(server.address())); server.close(); });
    ${listenCall};
  `;
  return execFileSync(process.execPath, ['--require', loopbackPreload(), '-e', script], { encoding: 'utf8', timeout: 20_000 });
}

describe('the loopback-only preload for the Agents Playground', () => {
  it.each([
    ['server.listen(0)'],
    ['server.listen(0, () => {})'],
    ['server.listen({ port: 0 })'],
    ['server.listen(0, "0.0.0.0")'],
    ['server.listen({ port: 0, host: "::" })'],
    ['server.listen(0, 511, () => {})'],
  ])('binds 127.0.0.1 for %s', (call) => {
    const address = JSON.parse(addressWithPreload(call)) as { address: string; port: number };
    expect(address.address).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
  });

  it('keeps an explicit loopback address', () => {
    const address = JSON.parse(addressWithPreload('server.listen(0, "::1")')) as { address: string };
    expect(address.address).toBe('::1');
  });
});
