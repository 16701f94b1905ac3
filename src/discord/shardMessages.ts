/** Messages between the ShardingManager and its shards about the corpus. */
export type ShardMessage = { type: 'reindexed'; shard: number } | { type: 'reindex'; from: number };

export function isShardMessage(value: unknown): value is ShardMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'reindexed' || type === 'reindex';
}

/** How a shard talks to its manager (process.send / process.on('message') in production). */
export interface ShardChannel {
  send(message: ShardMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** What a shard needs of its library and logger to take part in relayed reindexes. */
interface RelayLibrary {
  onSwap(listener: () => void): unknown;
  reindex(): Promise<unknown>;
}

/**
 * A shard's side: a reindex here is announced to the manager; a reindex relayed from another shard is
 * repeated here without being announced again (or every shard would echo it forever).
 */
export function joinReindexRelay(
  library: RelayLibrary,
  shard: number,
  channel: ShardChannel,
  log: (from: number) => void = () => {},
): void {
  let relayed = 0;
  library.onSwap(() => {
    if (relayed === 0) channel.send({ type: 'reindexed', shard });
  });
  channel.onMessage((message) => {
    if (!isShardMessage(message) || message.type !== 'reindex') return;
    relayed++;
    log(message.from);
    void library.reindex().finally(() => {
      relayed--;
    });
  });
}

/** The manager's side: a reindex announced by one shard goes to every other shard. */
export function relayReindex(
  message: unknown,
  shards: Iterable<{ id: number; send(message: ShardMessage): unknown }>,
): number {
  if (!isShardMessage(message) || message.type !== 'reindexed') return 0;
  let sent = 0;
  for (const other of shards) {
    if (other.id === message.shard) continue;
    void other.send({ type: 'reindex', from: message.shard });
    sent++;
  }
  return sent;
}
