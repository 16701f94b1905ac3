import { readFileSync } from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, messageCommands } from '../../src/discord/commands/index.ts';
import { FakeDiscord, GUILD_ID, OTHER_GUILD_ID, defaultGuild } from '../../tooling/harness/fakeDiscord.ts';
import { TOKEN } from '../../tooling/harness/botHarness.ts';
import { REPO_ROOT, runNode, type Run } from '../support/cli.ts';

// `npm run deploy-commands` as an operator runs it: the compiled entry (dist/, no tsx), against the fake
// Discord. What it registers is exactly what the bot answers: every slash command and message menu.

const ENTRY = 'dist/discord/deployCommands.js';
let fake: FakeDiscord;

function deploy(env: Record<string, string>): Promise<Run> {
  return runNode([ENTRY], { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env });
}

/** What a PUT to this route sent: the command bodies. */
function registered(route: string): Array<Record<string, unknown>> {
  const put = fake.find((r) => r.method === 'PUT' && r.path === route).at(-1);
  expect(put, route).toBeDefined();
  return put!.body as Array<Record<string, unknown>>;
}

// The compiled JavaScript is what the npm script runs: the e2e project's global setup builds it from the sources
// under test (tests/support/buildDist.ts).
beforeAll(async () => {
  fake = await new FakeDiscord({ guilds: [defaultGuild(), defaultGuild({ id: OTHER_GUILD_ID })] }).start();
});
afterAll(async () => {
  await fake?.close();
});

describe('npm run deploy-commands', () => {
  const base = (): Record<string, string> => ({
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
  });

  it('runs the compiled entry, never tsx', () => {
    const scripts = (
      JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts['deploy-commands']).toBe(`node ${ENTRY}`);
  });

  it('registers to the home server exactly the commands the bot answers', async () => {
    const run = await deploy({ ...base(), DISCORD_GUILD_ID: GUILD_ID });
    expect(run.code, run.stderr).toBe(0);
    const bodies = registered(`/applications/${fake.applicationId}/guilds/${GUILD_ID}/commands`);
    expect(bodies).toEqual([...commands, ...messageCommands].map((c) => JSON.parse(JSON.stringify(c.data.toJSON()))));
    expect(run.stdout).toMatch(new RegExp(`^Registered ${bodies.length} commands to server ${GUILD_ID}: /ask `));
  });

  it('globally with corpus servers: the corpus commands go to those servers only, nothing is left out', async () => {
    const run = await deploy({ ...base(), CORPUS_GUILD_IDS: GUILD_ID });
    expect(run.code, run.stderr).toBe(0);
    const everywhere = registered(`/applications/${fake.applicationId}/commands`).map((c) => c.name);
    const home = registered(`/applications/${fake.applicationId}/guilds/${GUILD_ID}/commands`).map((c) => c.name);
    expect(home.sort()).toEqual(['corpus', 'faq', 'reindex', 'synonyms']);
    expect([...everywhere, ...home].sort()).toEqual([...commands, ...messageCommands].map((c) => c.data.name).sort());
  });

  it('without a token: exit 1 and one line saying what to set, no stack', async () => {
    const run = await deploy({ DISCORD_API_URL: fake.apiUrl });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(
      'Set DISCORD_TOKEN and DISCORD_CLIENT_ID in .env to register commands (see README).',
    );
  });

  it('an application id that is not the bot’s: exit 1 with Discord’s reason on one line, no stack', async () => {
    const run = await deploy({ ...base(), DISCORD_CLIENT_ID: '123456789012345678' });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('    at ');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Missing Access/);
  });
});
