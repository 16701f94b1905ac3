import { scanBlocks } from '../../engine/passages.ts';
import { UserFacingError } from '../../errors.ts';
import { bylineOf } from './byline.ts';
import { isHardWrapped, wrappedBlocks } from './wrappedText.ts';
import { emptyMetadata, type DocumentFormatModule, type ParsedDocument } from './types.ts';

/**
 * Plain text: one paragraph per line (as Chinese news copy is written), numbered lines ("一、…") as
 * sections. A first-line byline gives publisher and author; a short first line without sentence
 * punctuation is the title and is taken out of the body. Text hard-wrapped at a fixed width (a manual page,
 * an RFC) is read by paragraphs between blank lines instead (wrappedText.ts).
 */
export const textFormat: DocumentFormatModule = {
  format: 'text',
  label: 'plain text',
  extensions: ['.txt'],

  parse(source: string): ParsedDocument {
    const doc = emptyMetadata();
    const lines = source.split('\n');
    const firstIndex = lines.findIndex((l) => l.trim() !== '');
    if (firstIndex < 0) throw new UserFacingError('document.empty', {});
    const first = lines[firstIndex]!.trim();
    let body = source;
    const byline = bylineOf(first);
    if (byline) {
      // The byline stays in the text too: it is the passage that answers "who wrote this?".
      doc.publisher = byline.publisher;
      doc.author = byline.author;
    } else if (
      first.length <= 60 &&
      !/[。.!?\uff01\uff1f;\uff1b,\uff0c]$/.test(first) &&
      lines.length > firstIndex + 1
    ) {
      doc.title = first;
      lines.splice(firstIndex, 1);
      body = lines.join('\n');
    }
    if (body.trim() === '') throw new UserFacingError('document.titleOnly', {}, { code: 'document.empty' });
    const blocks = isHardWrapped(lines) ? wrappedBlocks(body) : scanBlocks(body, false);
    return { ...doc, format: 'text', body, blocks };
  },

  withTitle(source: string, title: string): string {
    return `${title}\n${source}`;
  },
};
