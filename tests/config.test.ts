import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { UserFacingError } from '../src/errors.ts';

describe('loadConfig', () => {
  it('has working defaults: no token (console chat), corpus/, 5 questions per 30 s, query log on, metrics off', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      discordToken: null,
      corpusDir: 'corpus',
      cooldownQuestions: 5,
      cooldownSeconds: 30,
      queryLog: true,
      metricsPort: null,
      metricsHost: '127.0.0.1',
      logLevel: 'info',
      shardCount: 'auto',
      shardId: 0,
    });
    expect(Object.isFrozen(c)).toBe(true);
    expect(c.corpusGuildIds).toEqual([]);
  });

  it('reads the teaching settings: auto-answer channels, the mod log channel, the Message Content switch', () => {
    expect(loadConfig({})).toMatchObject({
      autoAnswerChannelIds: [],
      modlogChannelId: null,
      messageContentIntent: false,
    });
    const c = loadConfig({
      AUTO_ANSWER_CHANNEL_IDS: '123456789012345678, 223456789012345678',
      MODLOG_CHANNEL_ID: '323456789012345678',
      MESSAGE_CONTENT_INTENT: 'true',
    });
    expect(c.autoAnswerChannelIds).toEqual(['123456789012345678', '223456789012345678']);
    expect(c.modlogChannelId).toBe('323456789012345678');
    expect(c.messageContentIntent).toBe(true);
    expect(() => loadConfig({ AUTO_ANSWER_CHANNEL_IDS: 'help', MODLOG_CHANNEL_ID: '#mods' })).toThrow(
      /AUTO_ANSWER_CHANNEL_IDS has "help", which is not a channel id[\s\S]*MODLOG_CHANNEL_ID must be a Discord id/,
    );
  });

  it('the console chat logs at warn unless LOG_LEVEL says otherwise', () => {
    expect(loadConfig({}).chatLogLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: 'debug' }).chatLogLevel).toBe('debug');
  });

  it('treats empty values as unset and parses lists and switches', () => {
    const c = loadConfig({
      DISCORD_TOKEN: '',
      MOD_ROLE_IDS: '123456789012345678, 234567890123456789',
      CORPUS_GUILD_IDS: '345678901234567890,456789012345678901',
      QUERY_LOG: 'off',
      CORPUS_WATCH: 'yes',
      DISCORD_API_URL: 'http://127.0.0.1:9/api/',
      SHARDS: '3',
    });
    expect(c.discordToken).toBeNull();
    expect(c.modRoleIds).toEqual(['123456789012345678', '234567890123456789']);
    expect(c.corpusGuildIds).toEqual(['345678901234567890', '456789012345678901']);
    expect(c.queryLog).toBe(false);
    expect(c.corpusWatch).toBe(true);
    expect(c.discordApiUrl).toBe('http://127.0.0.1:9/api');
    expect(c.shardId).toBe(3);
  });

  it('names every bad variable in one error, and never echoes the token', () => {
    let error: unknown;
    try {
      loadConfig({
        DISCORD_TOKEN: 'short',
        COOLDOWN_SECONDS: 'soon',
        MOD_ROLE_IDS: 'mods',
        CORPUS_GUILD_IDS: 'home',
        LOG_LEVEL: 'loud',
        METRICS_PORT: '70000',
        DISCORD_API_URL: 'discord.com',
        QUERY_LOG: 'maybe',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserFacingError);
    const message = (error as Error).message;
    for (const name of [
      'DISCORD_TOKEN',
      'COOLDOWN_SECONDS',
      'MOD_ROLE_IDS',
      'CORPUS_GUILD_IDS',
      'LOG_LEVEL',
      'METRICS_PORT',
      'DISCORD_API_URL',
      'QUERY_LOG',
    ])
      expect(message).toContain(name);
    expect(message).not.toContain('"short"');
  });
});
