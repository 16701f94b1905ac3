import { Events, type Client } from 'discord.js';

/**
 * Reports whether the gateway can deliver questions: the client is ready and none of its shards is
 * disconnected or reconnecting. Called at once with the current state, then on every change of a
 * shard (for /healthz and the wenda_gateway_ready gauge).
 */
export function watchGateway(client: Client, onChange: (ready: boolean) => void): void {
  const down = new Set<number>();
  const report = (): void => onChange(client.isReady() && down.size === 0);
  const up = (shard: number): void => {
    down.delete(shard);
    report();
  };
  const lost = (shard: number): void => {
    down.add(shard);
    report();
  };
  client.on(Events.ClientReady, report);
  client.on(Events.ShardReady, up);
  client.on(Events.ShardResume, up);
  client.on(Events.ShardDisconnect, (_event, shard) => lost(shard));
  client.on(Events.ShardReconnecting, lost);
  // The session was invalidated and will not come back by itself.
  client.on(Events.Invalidated, () => onChange(false));
  report();
}
