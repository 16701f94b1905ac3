/** Messages between the ShardingManager and its shards about the corpus. */
export type ShardMessage = { type: 'reindexed'; shard: number } | { type: 'reindex'; from: number };

export function isShardMessage(value: unknown): value is ShardMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'reindexed' || type === 'reindex';
}
