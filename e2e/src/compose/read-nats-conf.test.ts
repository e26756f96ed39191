import { describe, expect, it } from 'vitest';
import { parseNatsConf } from './read-nats-conf.js';

describe('parseNatsConf', () => {
  it('reads keys, blocks, lists, quoted and bare values, skipping comments and commas', () => {
    const conf = parseNatsConf(`
      # a comment
      server_name: "n1"
      port = 4222
      debug true
      jetstream {
        store_dir: "/data"   // another comment
      }
      cluster {
        routes: [
          nats-route://a:6222, "nats-route://b:6222"
        ]
      }
      gateway { gateways: [ { name: "east", urls: ["nats://e:7222"] } { name: west, urls: [] } ] }
    `);
    expect(conf).toEqual({
      server_name: 'n1',
      port: 4222,
      debug: true,
      jetstream: { store_dir: '/data' },
      cluster: { routes: ['nats-route://a:6222', 'nats-route://b:6222'] },
      gateway: {
        gateways: [
          { name: 'east', urls: ['nats://e:7222'] },
          { name: 'west', urls: [] },
        ],
      },
    });
  });

  it('refuses an unclosed block instead of guessing', () => {
    expect(() => parseNatsConf('cluster { name: "x"')).toThrow(/unclosed \{/);
  });

  it('refuses text it cannot read', () => {
    expect(() => parseNatsConf('name: "unterminated')).toThrow(/cannot read/);
  });
});
