/**
 * Every user-facing string in English, keyed. `{name}` is a parameter; a list parameter (an array) reads
 * "a, b or c". zhCN.ts and zhTW.ts have the same keys with the same parameters (tests/words.test.ts).
 */
export const en = {
  // Answers
  notFound: 'Not in the corpus: no passage answers that question.',
  tryInstead: 'You could ask about:',
  noContentWords: 'That question has no words to search for. Try a name, a number or a few keywords.',
  more: 'More',
  source: 'Source',
  share: 'Share',
  noMore: 'No more passages answer this question.',
  thanks: 'Thanks for the feedback!',
  cooldown: 'You are asking fast: try again {when}.',
  genericError: 'Sorry, something went wrong on our side. Please try again in a moment.',
  answerFor: 'Answer for {user}',
  sharedBy: 'Shared by {user}',
  questionLabel: 'Question',
  moderatorAnswer: '🛡️ A moderator’s answer',
  cites: 'Cites',
  passageOf: 'Passage {id} with its neighbours',

  // Questions
  help: '**How to ask**\n• `/ask question:` — in Chinese, English or both. I quote the passages of the corpus that answer, with the best sentence in **bold** and where it comes from.\n• Mention me in a channel (`@bot who founded 商汤科技?`), reply to one of my answers, or DM me.\n• Someone asked a question? Right-click their message → **Apps** → **Ask the bot about this**: I answer them.\n• Buttons: **More** (next passages), **Source** (the passage in full), **Share** (post a hidden answer), 👍 / 👎.\n• `/source id:` shows a passage with its neighbours; `/about` shows what I know.\n\n**Examples**\n• 贾扬清在哪里宣布离职的?\n• 光年之外的估值是多少?\n• Who founded 商汤科技?\n• 賈揚清是哪天宣布離職的?\n\nWhen the corpus does not say, I tell you so instead of guessing.',

  'question.empty': 'The question is empty: ask something, e.g. "Who founded 商汤科技?"',
  'question.tooLong':
    'The question is too long ({length} characters; the limit is {max}). Ask about one thing at a time.',
  'question.messageHasNoText': 'That message has no text to ask about (the bot does not read images or embeds).',
  'passage.unknown': 'There is no passage with the id "{id}". Use the autocomplete to pick one.',
  'button.stale': 'This button no longer works. Ask the question again with /ask.',

  // Who may do what
  'permission.dm': 'Moderator commands only work in a server, not in DMs.',
  'permission.denied': 'Only moderators (Manage Server permission or a moderator role) can use this command.',
  'permission.elsewhere': 'The corpus cannot be changed from this server: it is managed from the bot’s home server.',
  'permission.unconfigured':
    'The bot is in several servers and none is set as the one that may change the corpus: the bot’s operator must set CORPUS_GUILD_IDS (see README).',

  // Documents: predicates after the file's name ('document.named' puts the two together)
  'document.named': '{file} {reason}',
  'document.type': 'is not a {types} file',
  'document.tooLarge': '{bytes} bytes is over the {max}-byte limit',
  'document.binary': 'looks binary (contains NUL bytes), not text',
  'document.encoding': 'is not valid UTF-8 (save it as UTF-8 and try again)',
  'document.empty': 'is empty (no text after the front matter)',
  'document.titleOnly': 'has a title but no text',
  'document.noReadableText': 'has no readable text (only navigation, scripts or markup)',
  'document.frontMatterUnclosed': 'front matter starts with --- but has no closing --- line',
  'document.frontMatterLine': 'front matter line {line} {problem}',
  'document.frontMatterLineAt': 'front matter line {line} {problem}: {text}',
  'document.frontMatterNotMap': 'front matter must be "key: value" lines, not a list or a value',
  'document.frontMatterUnreadable': 'front matter cannot be read: {detail}',
  'yaml.notKeyValue': 'is not "key: value" (or a list item of the key above, indented under it)',
  'yaml.unclosedQuote': 'has an unclosed quote',
  'yaml.tabIndent': 'is indented with a tab (YAML needs spaces)',
  'yaml.invalid': 'is not valid YAML ({detail})',
  // Documents: whole sentences
  'document.notAccepted': '"{file}" is not a {types} file: only {labels:and} can be added.',
  'document.badName': '"{file}" is not a usable file name: rename the file and try again.',
  'document.fileTooLarge': 'The file is too large ({size} bytes; the limit is {max}). Split it into smaller documents.',
  'document.download': 'Could not download the file (HTTP {status}). Try attaching it again.',
  'document.downloadFailed': 'Could not download the file (the connection failed or timed out). Try again.',
  'document.unknown': 'There is no document "{id}": pick one from the list.',
  'document.outside': '"{id}" is not a document of the corpus.',

  // Corpus writes and the corpus as a whole
  'corpus.diskFull':
    'Could not save the document: the disk holding the corpus is full. Nothing was changed; the previous version keeps answering. Ask the operator to free space.',
  'corpus.readOnly':
    'Could not change the corpus: it is on a read-only file system. Nothing was changed. Ask the operator to make the corpus directory writable.',
  'corpus.permission':
    'Could not change the corpus: the bot is not allowed to write in its directory. Nothing was changed. Ask the operator to fix the permissions.',
  'corpus.lastDocument': '"{id}" is the only document of the corpus: add another one before removing it.',
  'corpus.wouldGrow':
    'The corpus would grow past its size limit ({max} bytes, CORPUS_MAX_BYTES): remove a document first.',
  'corpus.tooLarge':
    'the corpus holds {total} bytes of documents, over its {max}-byte limit (CORPUS_MAX_BYTES): remove documents or raise the limit',
  'corpus.empty': 'the corpus directory {dir} has no usable {types} documents',
  'corpus.emptied': 'no valid documents are left in the corpus',
  'corpus.missing': 'the corpus directory {dir} does not exist: create it, or point CORPUS_DIR (or --corpus) at one',
  'corpus.unreadable': 'cannot read the corpus directory {dir}: {detail}',
  'corpus.notDirectory': 'corpus path {dir} is not a directory',

  // Files skipped by a reindex (after the file's name)
  'problem.notDocument': 'skipped: only {types:and} files are documents',
  'problem.vanished': 'was removed while the corpus was being read',
  'problem.permission': 'cannot be read (permission denied): skipped',
  'problem.loop': 'is a loop of symbolic links: skipped',
  'problem.unreadable': 'cannot be read ({detail}): skipped',

  // Reindex receipts (Discord and the CLI)
  'reindex.ok': '✅ Reindexed in {ms} ms',
  'reindex.shared': ' (joined a rebuild already running)',
  'reindex.failed': '❌ Reindex failed: {why}. The current index keeps answering.',
  'reindex.error': '{detail}',
  'reindex.counts': 'Documents {documentsBefore} → {documentsAfter}, passages {passagesBefore} → {passagesAfter}',
  'reindex.added': 'Added: {names}',
  'reindex.removed': 'Removed: {names}',
  'reindex.changed': 'Changed: {names}',
  'reindex.unchanged': 'No document changed.',
  'reindex.skipped': '⚠️ Skipped {file}: {reason}',
  'reindex.moreSkipped': '⚠️ {count} more files skipped',
  'reindex.running': '⏳ A reindex is already running: its result will appear here.',

  // /corpus
  'corpus.listHeader': '{count} document(s):',
  'corpus.added': '📄 Added {id} ({title})',
  'corpus.removed': '🗑️ Removed {id} (recoverable from {movedTo})',
  'faq.added': '🛡️ Added FAQ entry {id}: {question}',
  'faq.updated': '🛡️ Updated FAQ entry {id}: {question}',
  'faq.listHeader': '{count} FAQ entries:',
  'faq.otherPhrasings': ' (+{count} phrasing(s))',
  'faq.removed': '🗑️ Removed FAQ entry {id} (recoverable from {movedTo})',
  'synonyms.saved': '🔤 Synonyms saved: {words}\nThe next question uses them.',
  'synonyms.listHeader': '{count} synonym group(s):',
  'synonyms.removed': '🗑️ Removed the synonym group: {words}',
  'list.more': '… and {count} more',

  // FAQ and synonyms
  'faq.empty': 'Both the question and the answer must have some text.',
  'faq.unknownPassage': 'There is no passage {ids}: find passage ids with /source’s autocomplete.',
  'faq.unknown': 'There is no FAQ entry "{id}": pick one from the list.',
  'synonyms.tooFew': 'Give two words or more that mean the same, separated by spaces.',
  'synonyms.unknown': 'No synonym group has that word: pick one from the list.',
  'synonyms.lineTooFew': 'a group needs two words or more: "{line}"',
  'synonyms.lineTooMany': 'more than {max} words',
  'synonyms.wordTooLong': 'a word is longer than {max} characters',
  'synonyms.invalid': '{reason}',

  // The mod log
  'modlog.voteTitle': '👎 A member found this answer unhelpful',
  'modlog.unansweredTitle': '❔ A question nothing answers',
  'modlog.passagesShown': '**Passages shown:** {ids}',
  'modlog.voter': '**Voter:** {voter} (hashed as in the query log)',
  'modlog.unansweredTimes': 'Unanswered {times} times in the last day.',
  'modlog.server': '**Server:** {guild}',
  'modlog.addFaq': 'Add FAQ entry',
  'modlog.addSynonym': 'Add synonym',

  // Operators: configuration, metrics, the query log (the CLI and start-up)
  'config.invalid': 'Invalid configuration (.env or environment):\n- {problems}',
  'metrics.listen': 'Cannot serve metrics on {host}:{port} (METRICS_HOST, METRICS_PORT): {detail}',
  'insights.noLog':
    'No query log at {file}: the bot has not recorded a question yet, or QUERY_LOG=off (DATA_DIR sets where it lives).',
  'config.noToken': 'Set DISCORD_TOKEN and DISCORD_CLIENT_ID in .env to register commands (see README).',
  'insights.schemaOlder':
    'The query log {file} has schema version {version}, this tool reads {expected}: start the bot once to migrate it.',
  'insights.schemaNewer':
    'The query log {file} has schema version {version}, this tool reads {expected}: this tool is older than the bot that wrote it: update it.',
  'insights.unreadable': 'Cannot read the query log {file}: {detail}',
} as const;
