import { Events } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { opt, startHarness } from '../../tooling/harness/botHarness.ts';
import type { ReplyData as Data } from '../support/replyData.ts';

// src/index.ts connects to Discord while the corpus is still opening: a question that arrives in between
// waits for the index and gets the same answer it would get later, never an error.

describe('a question that arrives before the corpus has opened', () => {
  it('is answered from the index once it is open', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const h = await startHarness({ openAfter: gate });
    try {
      expect(h.library.isOpen).toBe(false);
      // Registered after the bot's own handler: the bot has seen the interaction (and queued it) when this runs.
      h.bot.client.once(Events.InteractionCreate, () => release());
      const sent = h.fake.command('ask', [opt.string('question', '商汤科技是谁创立的')]);
      const data = (await h.fake.callbackOf(sent.id)).data as Data;
      expect(h.library.isOpen).toBe(true);
      const quoted = (data.embeds ?? []).map((e) => String(e.description)).join('\n');
      expect(quoted).toContain('汤晓鸥');
    } finally {
      await h.stop();
    }
  });
});
