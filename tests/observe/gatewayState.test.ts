import { Client, Events } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { watchGateway } from '../../src/discord/gatewayState.ts';

describe('watchGateway', () => {
  it('reports ready only while the client is ready and no shard is down', () => {
    const client = new Client({ intents: [] });
    let ready = false;
    client.isReady = (() => ready) as Client['isReady'];
    const seen: boolean[] = [];
    watchGateway(client, (r) => seen.push(r));
    ready = true;
    client.emit(Events.ClientReady, client as Client<true>);
    client.emit(Events.ShardDisconnect, { code: 1006 } as never, 0);
    client.emit(Events.ShardReconnecting, 0);
    client.emit(Events.ShardResume, 0, 3);
    client.emit(Events.Invalidated);
    expect(seen).toEqual([false, true, false, false, true, false]);
    void client.destroy();
  });
});
