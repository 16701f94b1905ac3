/**
 * What the bot sent to the fake Discord in a reply (an interaction callback's data, a message, an edit, a list of
 * autocomplete choices), read loosely as the e2e tests read it: a wrong guess fails the test.
 */
export interface ReplyData {
  content?: string;
  embeds?: Array<Record<string, any>>;
  components?: Array<{ components: Array<Record<string, any>> }>;
  flags?: number;
  allowed_mentions?: Record<string, any>;
  choices?: Array<{ name: string; value: string }>;
}
