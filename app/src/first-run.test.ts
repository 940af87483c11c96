import { describe, expect, it } from 'vitest';
import { allDone, firstRunSteps } from './first-run';

const origin = 'https://chat.example.com';
const done = (facts: Parameters<typeof firstRunSteps>[0]) => Object.fromEntries(firstRunSteps(facts).map((step) => [step.id, step.done]));

describe('firstRunSteps', () => {
  it('has nothing done in a new workspace', () => {
    const steps = firstRunSteps({ conversationPages: [], ticketCount: 0, origin });
    expect(done({ conversationPages: [], ticketCount: 0, origin })).toEqual({ widget: false, conversation: false, ticket: false });
    expect(allDone(steps)).toBe(false);
  });

  it('counts a demo-page conversation as a first conversation but not as the widget on the owner’s site', () => {
    expect(done({ conversationPages: [`${origin}/demo`], ticketCount: 0, origin })).toEqual({ widget: false, conversation: true, ticket: false });
  });

  it('sees the widget installed once a conversation starts on another site, and finishes with a ticket', () => {
    const facts = { conversationPages: [`${origin}/demo`, 'https://shop.example/pricing', null, 'not a url'], ticketCount: 1, origin };
    expect(done(facts)).toEqual({ widget: true, conversation: true, ticket: true });
    expect(allDone(firstRunSteps(facts))).toBe(true);
  });

  it('does not take a conversation without a usable page URL as proof of the widget', () => {
    expect(done({ conversationPages: [null, 'not a url', 'file:///home/me/test.html'], ticketCount: 0, origin }).widget).toBe(false);
  });
});
