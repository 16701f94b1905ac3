/* global module, __dirname */
// pm2 process file: `pm2 start deploy/ecosystem.config.cjs` from the repository root, after
// `npm ci --omit=dev` (which builds dist/). Settings come from .env in the working directory.
module.exports = {
  apps: [
    {
      name: 'wenda-bot',
      script: 'dist/index.js',
      // The heap cap is sized for fortunes-zh (5,671 documents); size it for your corpus (README → Memory).
      node_args: ['--max-old-space-size=512'],
      cwd: `${__dirname}/..`,
      // One process: every shard runs inside it (see README, Operating → Sharding).
      instances: 1,
      exec_mode: 'fork',
      // A crash exits 1: pm2 starts it again, backing off when it keeps failing.
      autorestart: true,
      exp_backoff_restart_delay: 200,
      // pm2 sends SIGINT, then waits this long before SIGKILL: longer than the bot's own 2 s logout.
      kill_timeout: 5000,
      env: { NODE_ENV: 'production' },
    },
  ],
};
