import { expect, it } from 'vitest';
import { describeEachEngine } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner } from '../test/factories.js';
import { addTeammate } from '../test/team.js';
import { LocalEventBus, type LiveEvent } from './events.js';
import { TypingRelay } from './typing.js';

describeEachEngine('TypingRelay', (t) => {
  function setup() {
    let now = 1_000_000;
    let queries = 0;
    const db = t().app.db.withPlugin({
      transformQuery: ({ node }) => {
        queries++;
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    const events = new LocalEventBus();
    const relay = new TypingRelay(db, events, { throttleMs: 2000, cacheMs: 30_000, now: () => now });
    return { relay, events, advance: (ms: number) => { now += ms; }, queries: () => queries };
  }

  it('throttles each side of a conversation to one frame per window, and sends agent frames to both channels', async () => {
    const owner = await createOwner(t(), { name: 'Olga' });
    const chat = await startChat(t(), owner.siteKey);
    const { relay, events, advance } = setup();
    const toOwner: LiveEvent[] = [];
    const toVisitor: LiveEvent[] = [];
    events.onOwner(owner.user.id, (event) => toOwner.push(event));
    events.onConversation(chat.id, (event) => toVisitor.push(event));

    relay.visitorTyping(owner.user.id, chat.id);
    relay.visitorTyping(owner.user.id, chat.id);
    await relay.agentTyping({ ownerId: owner.user.id, userId: owner.user.id }, chat.id);
    advance(1999);
    relay.visitorTyping(owner.user.id, chat.id);
    await relay.agentTyping({ ownerId: owner.user.id, userId: owner.user.id }, chat.id);
    advance(1);
    relay.visitorTyping(owner.user.id, chat.id);

    expect(toOwner).toEqual([
      { type: 'conversation.typing', data: { conversationId: chat.id, who: 'visitor' } },
      { type: 'conversation.typing', data: { conversationId: chat.id, who: 'agent', name: 'Olga', actor: { id: owner.user.id } } },
      { type: 'conversation.typing', data: { conversationId: chat.id, who: 'visitor' } },
    ]);
    expect(toVisitor).toEqual([{ type: 'conversation.typing', data: { conversationId: chat.id, who: 'agent', name: 'Olga' } }]);
  });

  it("drops an agent's typing for another workspace's or an unknown conversation", async () => {
    const owner = await createOwner(t());
    const stranger = await createOwner(t());
    const chat = await startChat(t(), stranger.siteKey);
    const { relay, events } = setup();
    const heard: LiveEvent[] = [];
    events.onOwner(owner.user.id, (event) => heard.push(event));
    events.onOwner(stranger.user.id, (event) => heard.push(event));
    events.onConversation(chat.id, (event) => heard.push(event));
    await relay.agentTyping({ ownerId: owner.user.id, userId: owner.user.id }, chat.id);
    await relay.agentTyping({ ownerId: owner.user.id, userId: owner.user.id }, 'no-such-conversation');
    expect(heard).toEqual([]);
  });

  it('checks the database once per conversation and teammate while the cache is fresh', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner, 'Maya');
    const chat = await startChat(t(), owner.siteKey);
    const { relay, advance, queries } = setup();
    await relay.agentTyping({ ownerId: owner.user.id, userId: mate.user.id }, chat.id);
    expect(queries()).toBe(2); // the conversation's workspace, the teammate's name
    for (let i = 0; i < 10; i++) {
      advance(2000);
      await relay.agentTyping({ ownerId: owner.user.id, userId: mate.user.id }, chat.id);
    }
    expect(queries()).toBe(2);
    advance(30_000);
    await relay.agentTyping({ ownerId: owner.user.id, userId: mate.user.id }, chat.id);
    expect(queries()).toBe(4);
  });
});
