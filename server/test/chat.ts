import type { TestApp } from './app.js';
import { json } from './app.js';

export interface TestConversation {
  id: string;
  visitorToken: string;
  /** Headers a visitor sends: its token. */
  visitorHeaders: Record<string, string>;
}

/** A visitor starts a conversation on the owner's site through the public API. */
export async function startChat(t: TestApp, siteKey: string, body = 'Hello, is anyone there?', extra: Record<string, unknown> = {}): Promise<TestConversation> {
  const response = await t.app.inject({ method: 'POST', url: `/api/widget/${siteKey}/conversations`, payload: { message: { body }, ...extra } });
  if (response.statusCode !== 201) throw new Error(`start conversation failed: ${response.statusCode} ${response.body}`);
  const answer = json(response);
  return { id: answer.conversation.id, visitorToken: answer.visitorToken, visitorHeaders: { 'x-visitor-token': answer.visitorToken } };
}
