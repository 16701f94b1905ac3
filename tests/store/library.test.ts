import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/engine/answer.ts';
import { loadCorpus } from '../../src/store/corpus.ts';
import { Library, type CoreLogger, type ReindexReport } from '../../src/store/library.ts';
import { documentOf } from '../support/documents.ts';
import { buildIndex, buildIndexSteps } from '../../src/engine/searchIndex.ts';
import { runInSlices } from '../../src/store/slices.ts';
import { LEGACY_SNAPSHOT_FILE, SNAPSHOT_FILE, SNAPSHOT_FORMAT, snapshotBytes } from '../../src/store/snapshot.ts';
import type { CorpusDocument } from '../../src/engine/types.ts';
import { UserFacingError } from '../../src/errors.ts';
import { tempDirs } from '../support/tempDirs.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/library-corpus', import.meta.url));
const PANDA_Q = '大熊猫每天吃多少竹子?';
const TEA_Q = '龙井茶产于哪里?';
/** The fixture's passage layout (and so the counts below) is pinned, whatever the tuned defaults are. */
const SPLIT = { minChars: 24, maxChars: 320 };

const tempDir = tempDirs('wenda-library-');

/** A fresh copy of the small fixture corpus (3 documents, 7 passages) in a temp dir. */
async function corpusCopy(): Promise<string> {
  const root = await tempDir();
  const dir = path.join(root, 'corpus');
  await cp(FIXTURE, dir, { recursive: true });
  return dir;
}

const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    () => true,
    () => false,
  );
/** A logger that keeps the warnings it is given (object and message). */
function capture(): { logger: CoreLogger; warnings: Array<Record<string, unknown>> } {
  const warnings: Array<Record<string, unknown>> = [];
  return { warnings, logger: { info: () => {}, warn: (obj, msg) => warnings.push({ ...obj, msg }) } };
}

const firstId = (library: Library, question: string): string | undefined =>
  answerQuestion(library.index, question).passages[0]?.id;

describe('Library.open and the snapshot', () => {
  it('builds the index on first open and saves its snapshot in the corpus dir', async () => {
    const dir = await corpusCopy();
    const library = new Library({ split: SPLIT, corpusDir: dir });
    expect(() => library.index).toThrow();
    const report = await library.open();
    expect(report).toMatchObject({ source: 'built', snapshotMiss: 'missing', documents: 3, passages: 7, problems: [] });
    expect(await exists(path.join(dir, SNAPSHOT_FILE))).toBe(true);
    expect(firstId(library, PANDA_Q)).toBe('panda.md#p1');
  });

  it('a second open loads the snapshot and answers exactly as the built index does', async () => {
    const dir = await corpusCopy();
    const built = new Library({ split: SPLIT, corpusDir: dir });
    await built.open();
    const loaded = new Library({ split: SPLIT, corpusDir: dir });
    const report = await loaded.open();
    expect(report).toMatchObject({ source: 'snapshot', snapshotMiss: null, documents: 3, passages: 7 });
    // 隆景茶 is 龙井茶 misspelt by sound: its sound-alikes are read off the loaded (lazily restored) term tree.
    for (const q of [PANDA_Q, TEA_Q, '长征五号的运载能力是多少?', '明前龙井什么时候采摘?', '隆景茶产于哪里?']) {
      const a = answerQuestion(built.index, q);
      const b = answerQuestion(loaded.index, q);
      expect(b.passages.map((p) => [p.id, p.score])).toEqual(a.passages.map((p) => [p.id, p.score]));
      expect(b.answered).toBe(true);
    }
    expect(firstId(loaded, '隆景茶产于哪里?')).toBe(firstId(built, TEA_Q));
  });

  it.each([
    ['garbage bytes', (_valid: Buffer) => Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x42])],
    ['a truncated file', (valid: Buffer) => valid.subarray(0, Math.floor(valid.length / 2))],
    ['its last byte missing', (valid: Buffer) => valid.subarray(0, -1)],
    [
      'one byte changed in the middle',
      (valid: Buffer) => {
        const copy = Buffer.from(valid);
        copy[Math.floor(copy.length / 2)]! ^= 0x01;
        return copy;
      },
    ],
  ])(
    'a snapshot with %s is rebuilt (snapshotMiss corrupt, logged), answers, and is saved again',
    async (_name, corrupt) => {
      const dir = await corpusCopy();
      const file = path.join(dir, SNAPSHOT_FILE);
      await new Library({ split: SPLIT, corpusDir: dir }).open();
      await writeFile(file, corrupt(await readFile(file)));

      const { logger, warnings } = capture();
      const library = new Library({ split: SPLIT, corpusDir: dir, logger });
      expect(await library.open()).toMatchObject({ source: 'built', snapshotMiss: 'corrupt', passages: 7 });
      expect(warnings).toContainEqual(
        expect.objectContaining({ msg: 'saved index unusable: rebuilding', reason: 'corrupt' }),
      );
      expect(firstId(library, PANDA_Q)).toBe('panda.md#p1');
      expect(await new Library({ split: SPLIT, corpusDir: dir }).open()).toMatchObject({ source: 'snapshot' });
    },
  );

  it('a snapshot whose checksum holds but whose passages do not fit its index is rebuilt (corrupt, logged)', async () => {
    const dir = await corpusCopy();
    const file = path.join(dir, SNAPSHOT_FILE);
    const built = new Library({ split: SPLIT, corpusDir: dir });
    await built.open();
    const index = built.index;
    const short = { ...index, passages: index.passages.slice(1), labels: index.labels.slice(1) };
    await writeFile(file, Buffer.concat([...snapshotBytes(short, null)]));

    const { logger, warnings } = capture();
    const library = new Library({ split: SPLIT, corpusDir: dir, logger });
    expect(await library.open()).toMatchObject({ source: 'built', snapshotMiss: 'corrupt', passages: 7 });
    expect(warnings).toContainEqual(
      expect.objectContaining({ reason: 'corrupt', detail: 'passage or document count does not match the index' }),
    );
  });

  it('a snapshot of an older format is rebuilt with a log line; a JSON one of formats ≤ 4 is removed', async () => {
    const dir = await corpusCopy();
    const file = path.join(dir, SNAPSHOT_FILE);
    await new Library({ split: SPLIT, corpusDir: dir }).open();
    const valid = await readFile(file);
    const older = Buffer.from(
      valid.toString('latin1').replace(`"format":${SNAPSHOT_FORMAT},`, '"format":4,'),
      'latin1',
    );
    expect(older.equals(valid)).toBe(false);
    await writeFile(file, older);
    const { logger, warnings } = capture();
    expect(await new Library({ split: SPLIT, corpusDir: dir, logger }).open()).toMatchObject({
      source: 'built',
      snapshotMiss: 'tokenizer',
    });
    expect(warnings).toContainEqual(expect.objectContaining({ reason: 'tokenizer' }));

    await rm(file);
    await writeFile(path.join(dir, LEGACY_SNAPSHOT_FILE), '{"format":4}');
    expect(await new Library({ split: SPLIT, corpusDir: dir }).open()).toMatchObject({ snapshotMiss: 'missing' });
    expect(await exists(path.join(dir, LEGACY_SNAPSHOT_FILE))).toBe(false);
    expect(await exists(file)).toBe(true);
  });

  it('a snapshot of another corpus state is stale: a changed file is rebuilt and answers the new text', async () => {
    const dir = await corpusCopy();
    await new Library({ split: SPLIT, corpusDir: dir }).open();
    await writeFile(path.join(dir, 'tea.txt'), '普洱茶\n普洱茶产于云南西双版纳,是一种发酵茶。\n');
    const library = new Library({ split: SPLIT, corpusDir: dir });
    expect(await library.open()).toMatchObject({ source: 'built', snapshotMiss: 'stale' });
    expect(firstId(library, '普洱茶产于哪里?')).toBe('tea.txt#p1');
    expect(answerQuestion(library.index, TEA_Q).answered).toBe(false);
  });

  it("snapshot 'read' uses a snapshot but never writes one; snapshot false neither reads nor writes", async () => {
    const dir = await corpusCopy();
    const file = path.join(dir, SNAPSHOT_FILE);
    expect(await new Library({ split: SPLIT, corpusDir: dir, snapshot: 'read' }).open()).toMatchObject({
      source: 'built',
      snapshotMiss: 'missing',
    });
    expect(await exists(file)).toBe(false);
    expect(await new Library({ split: SPLIT, corpusDir: dir, snapshot: false }).open()).toMatchObject({
      source: 'built',
      snapshotMiss: null,
    });
    expect(await exists(file)).toBe(false);
    await new Library({ split: SPLIT, corpusDir: dir }).open();
    expect(await new Library({ split: SPLIT, corpusDir: dir, snapshot: 'read' }).open()).toMatchObject({
      source: 'snapshot',
    });
  });

  it('opening a corpus with no usable document is a UserFacingError corpus.empty', async () => {
    const dir = await corpusCopy();
    await rm(dir, { recursive: true });
    await mkdir(dir);
    await writeFile(path.join(dir, 'gbk.txt'), Buffer.from([0xc4, 0xe3, 0xba, 0xc3]));
    const err = await new Library({ split: SPLIT, corpusDir: dir }).open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    expect((err as UserFacingError).code).toBe('corpus.empty');
  });
});

describe('Library.reindex', () => {
  it('reports what changed — added, removed, changed, passages before → after — and answers from the new corpus', async () => {
    const dir = await corpusCopy();
    const library = new Library({ split: SPLIT, corpusDir: dir });
    await library.open();
    const swaps: ReindexReport[] = [];
    library.onSwap((_index, report) => swaps.push(report));

    await writeFile(path.join(dir, 'new.md'), '# 故宫\n\n故宫是明清两代的皇家宫殿,位于北京中轴线的中心。\n');
    await rm(path.join(dir, 'tea.txt'));
    await writeFile(
      path.join(dir, 'panda.md'),
      '---\ntitle: 大熊猫\n---\n\n大熊猫每天要吃很多竹子,一天能吃掉二十公斤。\n',
    );
    const expectedPassages = buildIndex((await loadCorpus(dir)).documents, SPLIT).passages.length;

    const report = await library.reindex();
    expect(report).toMatchObject({
      ok: true,
      shared: false,
      added: ['new.md'],
      removed: ['tea.txt'],
      changed: ['panda.md'],
      documentsBefore: 3,
      documentsAfter: 3,
      passagesBefore: 7,
      passagesAfter: expectedPassages,
      error: null,
    });
    expect(expectedPassages).not.toBe(7);
    expect(swaps).toEqual([report]);
    expect(library.reindexCount).toBe(1);
    expect(firstId(library, '故宫位于哪里?')).toBe('new.md#p1');
    expect(answerQuestion(library.index, TEA_Q).answered).toBe(false);
    expect(answerQuestion(library.index, PANDA_Q).passages[0]?.text).toContain('二十公斤');
  });

  it('a reindex of an unchanged corpus reports no change and keeps passage ids', async () => {
    const dir = await corpusCopy();
    const library = new Library({ split: SPLIT, corpusDir: dir });
    await library.open();
    const ids = library.index.passages.map((p) => p.id);
    const report = await library.reindex();
    expect(report).toMatchObject({
      ok: true,
      added: [],
      removed: [],
      changed: [],
      passagesBefore: 7,
      passagesAfter: 7,
    });
    expect(library.index.passages.map((p) => p.id)).toEqual(ids);
  });

  it('ten simultaneous reindex calls share one rebuild', async () => {
    const dir = await corpusCopy();
    const library = new Library({ split: SPLIT, corpusDir: dir, snapshot: false });
    await library.open();
    const before = library.reindexCount;
    await writeFile(path.join(dir, 'extra.txt'), '额外的文档\n这是一份额外的文档,用来确认重建只做了一次。\n');
    const reports = await Promise.all(Array.from({ length: 10 }, () => library.reindex()));
    expect(library.reindexCount).toBe(before + 1);
    expect(reports.filter((r) => r.shared)).toHaveLength(9);
    expect(reports[0]!.shared).toBe(false);
    for (const r of reports)
      expect(r).toMatchObject({ ok: true, added: ['extra.txt'], passagesAfter: reports[0]!.passagesAfter });
    expect(library.reindexing).toBe(false);
    // Once it is over, the next call rebuilds again.
    expect((await library.reindex()).shared).toBe(false);
    expect(library.reindexCount).toBe(before + 2);
  });

  it('a reindex of a deleted corpus dir fails (ok false, error set) and the old index keeps answering', async () => {
    const dir = await corpusCopy();
    const library = new Library({ split: SPLIT, corpusDir: dir });
    await library.open();
    const live = library.index;
    await rm(dir, { recursive: true });
    const report = await library.reindex();
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/does not exist/);
    expect(report).toMatchObject({ documentsBefore: 3, documentsAfter: 3, passagesBefore: 7, passagesAfter: 7 });
    expect(library.index).toBe(live);
    expect(library.reindexCount).toBe(0);
    expect(firstId(library, PANDA_Q)).toBe('panda.md#p1');
  });

  it('a reindex of a corpus with only bad files fails, lists the problems, and the old index keeps answering', async () => {
    const dir = await corpusCopy();
    const library = new Library({ split: SPLIT, corpusDir: dir });
    await library.open();
    await rm(dir, { recursive: true });
    await mkdir(dir);
    await writeFile(path.join(dir, 'gbk.txt'), Buffer.from([0xc4, 0xe3, 0xba, 0xc3]));
    await writeFile(path.join(dir, 'empty.md'), '');
    const report = await library.reindex();
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/no valid documents/);
    expect(report.problems.map((p) => p.file).sort()).toEqual(['empty.md', 'gbk.txt']);
    expect(firstId(library, TEA_Q)).toBe('tea.txt#p1');
  });

  it('questions asked while a large corpus is reindexed all answer, some before the reindex resolves', async () => {
    const dir = await corpusCopy();
    const library = new Library({ split: SPLIT, corpusDir: dir, snapshot: false });
    await library.open();
    await mkdir(path.join(dir, 'bulk'));
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        writeFile(
          path.join(dir, 'bulk', `log-${String(i).padStart(3, '0')}.md`),
          Array.from(
            { length: 6 },
            (_, j) => `第${i}号观测站第${j}条记录:气温${(i + j) % 40}度,风力${j}级,能见度良好,设备运行正常。`,
          ).join('\n\n'),
        ),
      ),
    );

    const reindex = library.reindex();
    let settled = false;
    void reindex.then(() => {
      settled = true;
    });
    const asked: Array<{ answered: boolean; beforeSwap: boolean; beforeResolve: boolean }> = [];
    const live = library.index;
    while (!settled) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const answer = answerQuestion(library.index, PANDA_Q);
      asked.push({
        answered: answer.passages[0]?.id === 'panda.md#p1',
        beforeSwap: library.index === live,
        beforeResolve: !settled,
      });
    }
    const report = await reindex;
    expect(report).toMatchObject({ ok: true, documentsAfter: 303 });
    expect(report.passagesAfter).toBeGreaterThan(1_000);
    expect(asked.every((a) => a.answered)).toBe(true);
    expect(asked.filter((a) => a.beforeResolve).length).toBeGreaterThan(0);
    expect(asked.filter((a) => a.beforeSwap).length).toBeGreaterThan(0);
  });
});

describe('Library.reindex in the build worker', () => {
  /** Documents in both scripts, so that Han and Latin terms both fill the term trees. */
  async function mixedCorpus(dir: string): Promise<void> {
    await mkdir(path.join(dir, 'mixed'));
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        writeFile(
          path.join(dir, 'mixed', `note-${i}.md`),
          `---\ntitle: 笔记${i} notes on bamboo ${i}\nauthor: 作者${i % 4}\n---\n\n` +
            `第${i}条:大熊猫在竹林里吃竹笋。Pandas eat bamboo shoots, panda${i} likes pantry ${i % 9}.\n\n` +
            `茶园${i % 6}号的龙井在三月采摘。Tea from garden ${i % 6} is picked in March.`,
        ),
      ),
    );
  }

  it('swaps in the same index a direct build makes: the same answers, terms, counts and script profile', async () => {
    const dir = await corpusCopy();
    await mixedCorpus(dir);
    const library = new Library({ split: SPLIT, corpusDir: dir, snapshot: false });
    await library.open();
    await writeFile(path.join(dir, 'tea.txt'), '龙井茶\n\n龙井茶产于浙江杭州西湖一带,以色绿、香郁、味甘、形美著称。');
    const report = await library.reindex();
    expect(report).toMatchObject({ ok: true, changed: ['tea.txt'] });
    const direct = buildIndex((await loadCorpus(dir)).documents, SPLIT);
    const got = library.index;
    for (const question of [PANDA_Q, TEA_Q, 'pandas bamboo', 'tea picked in March', '作者2', 'notes 17', '西湖']) {
      const ids = (index: typeof got): Array<[string, number]> =>
        answerQuestion(index, question).passages.map((p) => [p.id, p.score]);
      expect(ids(got)).toEqual(ids(direct));
    }
    for (const which of ['search', 'documentSearch'] as const) {
      const terms = (index: typeof got): Map<string, unknown> =>
        new Map([...(index[which] as unknown as { _index: Iterable<[string, unknown]> })._index]);
      expect(terms(got)).toEqual(terms(direct));
      expect(got[which].documentCount).toBe(direct[which].documentCount);
    }
    expect(got.hanShare()).toBe(direct.hanShare());
    expect(got.hanCharacters()).toBe(direct.hanCharacters());
    expect(got.passages).toEqual(direct.passages);
    expect(got.labels).toEqual(direct.labels);
  });

  it('answers from the old index until the swap, then from the new one, never a mix', async () => {
    const dir = await corpusCopy();
    await mixedCorpus(dir);
    const library = new Library({ split: SPLIT, corpusDir: dir, snapshot: false });
    await library.open();
    const old = library.index;
    const ROCKET_Q = '长征五号运载火箭的起飞质量是多少?';
    const before = answerQuestion(old, ROCKET_Q).passages[0]?.id;
    // The new corpus answers the rocket question from a new document and no longer has tea.txt.
    await writeFile(
      path.join(dir, 'launch.md'),
      '# 长征五号\n\n长征五号运载火箭的起飞质量约为八百七十吨,是中国运载能力最大的火箭。',
    );
    await rm(path.join(dir, 'tea.txt'));
    const reindex = library.reindex();
    let settled = false;
    void reindex.then(() => (settled = true));
    const seen: Array<{ old: boolean; rocket: string | undefined; tea: string | undefined }> = [];
    while (!settled) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const index = library.index;
      seen.push({
        old: index === old,
        rocket: answerQuestion(index, ROCKET_Q).passages[0]?.id,
        tea: answerQuestion(index, TEA_Q).passages[0]?.id,
      });
    }
    expect((await reindex).ok).toBe(true);
    const asOld = seen.filter((s) => s.old);
    const asNew = seen.filter((s) => !s.old);
    expect(asOld.length).toBeGreaterThan(0);
    // Questions before the swap: the old corpus's answers; after it: only the new corpus's.
    for (const s of asOld) expect(s).toMatchObject({ rocket: before, tea: 'tea.txt#p1' });
    for (const s of asNew) {
      expect(s.rocket).toMatch(/^launch\.md#/);
      expect(s.tea).not.toBe('tea.txt#p1');
    }
    // The swap happens once: no question after it is answered by the old index.
    expect(seen.findIndex((s) => !s.old)).toBe(seen.length - asNew.length);
    expect(firstId(library, ROCKET_Q)).toMatch(/^launch\.md#/);
  });
});

describe('buildIndexSteps driven by runInSlices', () => {
  it('yields to the event loop between slices, and builds the same index as buildIndex', async () => {
    const documents: CorpusDocument[] = Array.from({ length: 200 }, (_, i) => {
      const body = Array.from(
        { length: 10 },
        (_, j) => `第${i}份文件的第${j}段:这一段讲述了编号为${i * 10 + j}的事件经过。`,
      ).join('\n\n');
      return documentOf(`d${i}.md`, body, { title: `文件${i}`, hash: String(i) });
    });
    // Count event-loop turns taken by other work, and note the count at each chunk's progress report.
    let turns = 0;
    let done = false;
    const tick = (): void => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const turnsAtProgress: number[] = [];
    const built = await runInSlices(buildIndexSteps(documents, SPLIT), () => turnsAtProgress.push(turns), 0);
    done = true;
    expect(built.passages.length).toBe(2_000);
    expect(turnsAtProgress.length).toBeGreaterThanOrEqual(5);
    // Between two chunks other work ran: the turn count moved every time.
    for (let i = 1; i < turnsAtProgress.length; i++)
      expect(turnsAtProgress[i]!).toBeGreaterThan(turnsAtProgress[i - 1]!);
    const sync = buildIndex(documents, SPLIT);
    const q = '编号为537的事件';
    expect(answerQuestion(built, q).passages.map((p) => p.id)).toEqual(
      answerQuestion(sync, q).passages.map((p) => p.id),
    );
    expect(answerQuestion(built, q).passages[0]?.id).toBe('d53.md#p8');
  });
});
