'use strict';
/* global require */
// Preloaded (`node --require`) into the Agents Playground, which listens on every interface by default: any TCP
// listen() then binds 127.0.0.1 instead, so nothing of the local stack is reachable from another machine.
// A plain CommonJS preload (no TypeScript, no loader) so the Playground runs under bare node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const net = require('node:net');

const LOOPBACK = '127.0.0.1';
const originalListen = net.Server.prototype.listen;

function isLoopback(host) {
  return host === 'localhost' || host === '::1' || (typeof host === 'string' && host.startsWith('127.'));
}

function isPort(value) {
  return typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));
}

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first, second] = args;
  if (first !== null && typeof first === 'object' && Object.getPrototypeOf(first) === Object.prototype) {
    const tcp = first.path === undefined && first.fd === undefined && first.handle === undefined;
    if (tcp && !isLoopback(first.host)) args[0] = { ...first, host: LOOPBACK, ipv6Only: false };
  } else if (first === undefined || typeof first === 'function') {
    args.unshift(0, LOOPBACK);
  } else if (isPort(first)) {
    if (typeof second === 'string') {
      if (!isLoopback(second)) args[1] = LOOPBACK;
    } else {
      args.splice(1, 0, LOOPBACK);
    }
  }
  return originalListen.apply(this, args);
};
