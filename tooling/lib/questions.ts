import { readFile } from 'node:fs/promises';

/** The article's development questions; with {@link MORE_QUESTIONS}, every question of the eval sets. */
export const DEV_QUESTIONS = 'eval/dev-questions.json';
export const MORE_QUESTIONS = 'eval/more-questions.json';

/** Questions from eval files (`{ questions: [{ q }], offtopic: [...] }`), on-topic and off-topic apart. */
export async function readEvalQuestions(
  files: readonly string[] = [DEV_QUESTIONS, MORE_QUESTIONS],
): Promise<{ onTopic: string[]; offTopic: string[] }> {
  const onTopic: string[] = [];
  const offTopic: string[] = [];
  for (const file of files) {
    const data = JSON.parse(await readFile(file, 'utf8')) as { questions?: Array<{ q: string }>; offtopic?: string[] };
    onTopic.push(...(data.questions ?? []).map((q) => q.q));
    offTopic.push(...(data.offtopic ?? []));
  }
  return { onTopic, offTopic };
}
