// A minimal FastCGI client, to talk to the program's socket directly with
// parameters nginx would never send (a lying CONTENT_LENGTH, say).
'use strict';
const net = require('node:net');

function record(type, id, content) {
  const pad = (8 - (content.length % 8)) % 8;
  const h = Buffer.alloc(8);
  h[0] = 1;
  h[1] = type;
  h.writeUInt16BE(id, 2);
  h.writeUInt16BE(content.length, 4);
  h[6] = pad;
  return Buffer.concat([h, content, Buffer.alloc(pad)]);
}

function nvLen(n) {
  if (n < 128) return Buffer.from([n]);
  const b = Buffer.alloc(4);
  b.writeUInt32BE((n | 0x80000000) >>> 0);
  return b;
}

function params(obj) {
  const parts = [];
  for (const [k, v] of Object.entries(obj)) {
    const kb = Buffer.from(k);
    const vb = Buffer.from(String(v));
    parts.push(nvLen(kb.length), nvLen(vb.length), kb, vb);
  }
  return Buffer.concat(parts);
}

// Sends one request; resolves {status, headers, body, json}.
function fcgiRequest(socketPath, env, stdin = Buffer.alloc(0)) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(socketPath);
    const out = [];
    let buf = Buffer.alloc(0);
    sock.setTimeout(10000, () => sock.destroy(new Error('fastcgi timeout')));
    sock.on('error', reject);
    sock.on('connect', () => {
      const begin = Buffer.from([0, 1, 0, 0, 0, 0, 0, 0]); // role responder, no keep-conn
      const chunks = [record(1, 1, begin), record(4, 1, params(env)), record(4, 1, Buffer.alloc(0))];
      for (let i = 0; i < stdin.length; i += 65535) chunks.push(record(5, 1, stdin.subarray(i, i + 65535)));
      chunks.push(record(5, 1, Buffer.alloc(0)));
      sock.write(Buffer.concat(chunks));
    });
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 8) {
        const len = buf.readUInt16BE(4);
        const pad = buf[6];
        if (buf.length < 8 + len + pad) break;
        const type = buf[1];
        if (type === 6) out.push(buf.subarray(8, 8 + len));
        buf = buf.subarray(8 + len + pad);
        if (type === 3) sock.end();
      }
    });
    sock.on('close', () => {
      const text = Buffer.concat(out).toString('utf8');
      const sep = text.indexOf('\r\n\r\n');
      const head = text.slice(0, sep);
      const body = text.slice(sep + 4);
      const headers = {};
      for (const line of head.split('\r\n')) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      let json = null;
      try {
        json = JSON.parse(body);
      } catch {
        /* not JSON */
      }
      resolve({ status: Number((headers.status || '0').split(' ')[0]), headers, text: body, json });
    });
  });
}

module.exports = { fcgiRequest };
