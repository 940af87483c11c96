/**
 * The first-run checklist's rules, kept pure (first-run.test.ts). A step is done when the workspace's
 * own data says so, never because a button was clicked:
 * - the widget is on the owner's site once a conversation started on a page that is not this
 *   server's own (the /demo page plays a website, but it is not theirs);
 * - a first conversation (the demo's counts: it is the quickest way to see the loop);
 * - a first ticket.
 */
export interface FirstRunFacts {
  /** Page URLs of recent conversations (null when the widget did not send one). */
  conversationPages: (string | null)[];
  ticketCount: number;
  /** This dashboard's own origin, e.g. https://chat.example.com. */
  origin: string;
}

export interface FirstRunStep {
  id: 'widget' | 'conversation' | 'ticket';
  done: boolean;
}

export function firstRunSteps({ conversationPages, ticketCount, origin }: FirstRunFacts): FirstRunStep[] {
  const onTheirSite = conversationPages.some((url) => url !== null && isOtherSite(url, origin));
  return [
    { id: 'widget', done: onTheirSite },
    { id: 'conversation', done: conversationPages.length > 0 },
    { id: 'ticket', done: ticketCount > 0 },
  ];
}

export const allDone = (steps: FirstRunStep[]) => steps.every((step) => step.done);

function isOtherSite(url: string, origin: string): boolean {
  try {
    const page = new URL(url);
    return (page.protocol === 'http:' || page.protocol === 'https:') && page.origin !== origin;
  } catch {
    return false;
  }
}
